"use client";

import { useSearchParams } from "next/navigation";
import { CopyButton } from "@/components/ui/copy-button";
import { formatUtcRange } from "@/lib/format";
import { peerExportApi } from "@/lib/routes";
import { windowFromParams, type Range } from "./window";

/** Copy the ticket summary or this exact view's link, download the report, print it. */
export function PeerActions(props: {
  summary: string;
  renderedUrl: string;
  appId: string;
  peerId: string;
  call: Range;
}) {
  const { summary, renderedUrl, call } = props;
  // Exports follow the zoom: the window shown, as the charts read it from the URL (the server
  // render does not see a zoom made since).
  const shown = windowFromParams(useSearchParams(), call);
  const windowQuery = shown ? { from: new Date(shown.start).toISOString(), to: new Date(shown.end).toISOString() } : {};
  const exportUrl = (format: "json" | "csv") => peerExportApi(props.appId, props.peerId, { format, ...windowQuery });
  const scope = shown ? ` (window)` : "";
  const title = shown
    ? `The window shown, ${formatUtcRange(shown.start, shown.end, true)}; reset the zoom to export the whole call`
    : "The whole call";
  return (
    <div className="row no-print" data-testid="peer-actions">
      {/* The summary links to the view as it is now (zoom included), not as it was rendered. */}
      <CopyButton
        label="Copy summary for the ticket"
        className="btn btn-primary"
        text={() => summary.split(renderedUrl).join(window.location.href)}
      />
      <CopyButton label="Copy link" className="btn" text={() => window.location.href} />
      <a className="btn" href={exportUrl("json")} title={title} download>
        Export JSON{scope}
      </a>
      <a className="btn" href={exportUrl("csv")} title={title} download>
        Export CSV{scope}
      </a>
      <button type="button" className="btn" onClick={() => window.print()}>
        Print
      </button>
    </div>
  );
}
