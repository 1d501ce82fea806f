import type { HealthResult } from "@/lib/validations/health";

const STYLE: Record<HealthResult["level"], { cls: string; label: string }> = {
  good: { cls: "badge-good", label: "Good" },
  degraded: { cls: "badge-warn", label: "Degraded" },
  poor: { cls: "badge-bad", label: "Poor" },
  unknown: { cls: "badge-neutral", label: "Unknown" },
};

/** The badge class of a level, shared by every place that colours call health. */
export function healthBadgeClass(level: HealthResult["level"]): string {
  return STYLE[level].cls;
}

/** A participant's call health with its main reason. */
export function HealthBadge({ result, pending }: { result: HealthResult | undefined; pending: boolean }) {
  if (!result) return pending ? <span className="muted">checking…</span> : <span className="muted">not checked</span>;
  const s = STYLE[result.level];
  return (
    <span className="stack" style={{ gap: 2, alignItems: "flex-start" }}>
      <span className={`badge ${s.cls}`} data-testid="health-badge" data-level={result.level}>
        {s.label}
      </span>
      {result.reason ? (
        <span className="muted" style={{ fontSize: 12 }} data-testid="health-reason">
          {result.reason}
          {result.more ? ` (+${result.more} more)` : ""}
        </span>
      ) : null}
    </span>
  );
}
