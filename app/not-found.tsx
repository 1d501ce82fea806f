import Link from "next/link";
import { connection } from "next/server";

/**
 * The 404 outside the console (the console's own, with its header, is app/(console)/not-found.tsx).
 * Rendered per request: a page prerendered at build time has no CSP nonce, so its scripts are blocked.
 */
export default async function NotFound() {
  await connection();
  return (
    <div className="login-wrap">
      <div className="card" style={{ maxWidth: 480 }}>
        <h1>Page not found</h1>
        <p className="muted">
          This address does not match any page. If it came from a ticket, check that the link was copied whole; ids are
          long and easy to cut short.
        </p>
        <Link className="btn" href="/">
          Go to your apps
        </Link>
      </div>
    </div>
  );
}
