"use client";

import { useEffect } from "react";

/** Last-resort boundary: something failed while rendering. The digest ties it to the server log. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="notice notice-error" role="status">
      <strong>This page could not be shown</strong>
      Something went wrong while loading it. Try again; if it keeps failing, give an administrator this reference:{" "}
      <code>{error.digest ?? "none"}</code>.
      <div style={{ marginTop: 8 }}>
        <button className="btn" type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
