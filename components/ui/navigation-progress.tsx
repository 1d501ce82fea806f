"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { withBasePath, withoutBasePath } from "@/lib/base-path";

// A navigation that never lands (a failed request, a click cancelled by another) stops showing.
const GIVE_UP_MS = 20_000;

/**
 * A thin bar at the top of the window from the click on a link until the new page renders. Pages
 * that decide a 404 cannot have a route-level loading.js (it would stream a 200 first), so without
 * this a click on a slow page looks dead. One listener for every link, rather than useLinkStatus
 * inside each <Link>: it covers links in server components and plain anchors alike.
 */
export function NavigationProgress() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const here = `${pathname}?${search}`;
  // The address the click left from: pending until the router shows another one.
  const [leaving, setLeaving] = useState<string | null>(null);
  // Landed: forget where the click left from, or coming Back to that address would show the bar.
  if (leaving !== null && leaving !== here) setLeaving(null);
  const pending = leaving === here;

  useEffect(() => {
    function onClick(e: MouseEvent) {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
      const url = new URL(a.href, window.location.href);
      // Another site, a file from the API, or a jump within this page: no page render to wait for.
      if (url.origin !== window.location.origin || url.pathname.startsWith(withBasePath("/api/"))) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      // As usePathname() says it: without the sub-path (README.md, "Under a sub-path").
      const path = withoutBasePath(window.location.pathname) ?? window.location.pathname;
      setLeaving(`${path}?${new URLSearchParams(window.location.search).toString()}`);
    }
    // Capture phase: next/link calls preventDefault on the same click.
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);

  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => setLeaving(null), GIVE_UP_MS);
    return () => clearTimeout(t);
  }, [pending]);

  return (
    <div
      className={`nav-progress${pending ? " is-pending" : ""}`}
      data-testid="nav-progress"
      data-pending={pending}
      aria-hidden="true"
    />
  );
}
