import { notFound } from "next/navigation";

// Any address that is no page answers 404 inside the console shell (app/(console)/not-found.tsx),
// rendered per request so its scripts carry the CSP nonce, rather than the bare static 404.
export default function MissingPage() {
  notFound();
}
