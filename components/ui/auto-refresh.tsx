"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders a live page from the server every few seconds while the tab is visible. */
export function AutoRefresh({ enabled, everyMs }: { enabled: boolean; everyMs: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!enabled) return;
    const id = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(id);
  }, [enabled, everyMs, router]);
  return null;
}
