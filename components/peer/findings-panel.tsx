import Link from "next/link";
import type { Finding } from "@/lib/report/findings";
import { episodeText } from "@/lib/report/summary";
import { FindingToggle } from "./finding-toggle";

const SEVERITY: Record<Finding["severity"], { cls: string; label: string }> = {
  poor: { cls: "badge-bad", label: "Poor" },
  warn: { cls: "badge-warn", label: "Warning" },
  info: { cls: "badge-neutral", label: "Info" },
};

/** Where "zoom to this" goes: the episode with some context either side, in this page's URL. */
function zoomHref(basePath: string, start: number, end: number): string {
  const pad = Math.max(30_000, (end - start) * 0.25);
  const query = new URLSearchParams({
    from: new Date(start - pad).toISOString(),
    to: new Date(end + pad).toISOString(),
  });
  return `${basePath}?${query}#charts`;
}

/** The likely causes, most severe first, each with its rule, evidence and episodes. */
export function FindingsPanel({
  findings,
  basePath,
  thresholdsNote,
}: {
  findings: Finding[];
  basePath: string;
  thresholdsNote: string;
}) {
  return (
    <section className="card stack" aria-labelledby="findings-h" data-testid="findings">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="findings-h" style={{ margin: 0 }}>
          Findings
        </h2>
        <span className="muted" style={{ fontSize: 12 }} data-testid="thresholds-note">
          {thresholdsNote}
        </span>
      </div>
      {findings.length === 0 ? (
        <p className="muted" style={{ margin: 0 }} data-testid="no-findings">
          Nothing stands out: no rule fired for this participant.
        </p>
      ) : (
        <ol className="findings">
          {findings.map((f) => (
            <li key={f.id} data-testid="finding" data-rule={f.rule} data-severity={f.severity}>
              <div className="row">
                <span className={`badge ${SEVERITY[f.severity].cls}`}>{SEVERITY[f.severity].label}</span>
                <strong>{f.title}</strong>
                {f.note ? <span data-testid="finding-note">— {f.note}</span> : null}
                {f.episodes.length ? <FindingToggle id={f.id} title={f.title} /> : null}
              </div>
              <p className="finding-detail" style={{ margin: "4px 0" }}>
                {f.detail}
              </p>
              {f.episodes.length ? (
                <ul className="episodes">
                  {f.episodes.slice(0, 8).map((e, i) => (
                    <li key={i} className="episode">
                      {episodeText(e)}{" "}
                      <Link href={zoomHref(basePath, e.start, e.end)} className="no-print" data-testid="zoom-link">
                        Zoom charts to this
                      </Link>
                    </li>
                  ))}
                  {f.episodes.length > 8 ? <li className="muted no-print">and {f.episodes.length - 8} more</li> : null}
                  {f.episodes.length > 1 ? (
                    <li className="muted print-only">and {f.episodes.length - 1} more</li>
                  ) : null}
                </ul>
              ) : null}
              <div className="muted finding-rule" style={{ fontSize: 12 }}>
                Rule: {f.threshold}
                {f.evidence.length ? ` · ${f.evidence.join(" · ")}` : ""}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
