"use client";

import { CopyButton } from "@/components/ui/copy-button";

/** Copy the ticket summary or this exact view's link, download the report, print it. */
export function PeerActions({ summary, renderedUrl, exportBase }: { summary: string; renderedUrl: string; exportBase: string }) {
  return (
    <div className="row no-print" data-testid="peer-actions">
      {/* The summary links to the view as it is now (zoom included), not as it was rendered. */}
      <CopyButton label="Copy summary for the ticket" className="btn btn-primary" text={() => summary.split(renderedUrl).join(window.location.href)} />
      <CopyButton label="Copy link" className="btn" text={() => window.location.href} />
      <a className="btn" href={`${exportBase}?format=json`} download>
        Export JSON
      </a>
      <a className="btn" href={`${exportBase}?format=csv`} download>
        Export CSV
      </a>
      <button type="button" className="btn" onClick={() => window.print()}>
        Print
      </button>
    </div>
  );
}
