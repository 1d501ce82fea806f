"use client";

import { useEffect } from "react";
import { signedOutApi } from "@/lib/routes";

/**
 * On the signed-out page: asks the server for `Clear-Site-Data: "cache"`, so the peer reports this
 * browser kept to revalidate (docs/privacy.md) do not outlive the session. Signing out with
 * JavaScript lands here without a page load, which the proxy's copy of that header would need.
 */
export function ForgetKept() {
  useEffect(() => {
    void fetch(signedOutApi(), { method: "POST", cache: "no-store" }).catch(() => {});
  }, []);
  return null;
}
