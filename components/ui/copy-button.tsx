"use client";

import { useState } from "react";

/**
 * Copies text to the clipboard and says so (for screen readers too). `text` may be computed at
 * click time, or fetched (a failed fetch says "Copy failed").
 */
export function CopyButton({
  text,
  label = "Copy",
  className = "btn btn-small",
}: {
  text: string | (() => string | Promise<string>);
  label?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(typeof text === "function" ? await text() : text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 1500);
  }
  return (
    <button type="button" className={className} onClick={copy} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
    </button>
  );
}

/** An id in monospace with a copy button. */
export function IdChip({ id, label }: { id: string; label?: string }) {
  return (
    <span className="id-chip">
      <code title={id}>{id}</code>
      <CopyButton text={id} label="Copy" className="btn btn-small no-print" />
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}
