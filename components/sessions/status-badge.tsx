import type { SessionStatus } from "@/lib/realtimekit/types";

export function LiveBadge({ count }: { count: number | null }) {
  return (
    <span className="badge badge-live" data-testid="live-badge">
      <span className="live-dot" aria-hidden="true" />
      Live{count !== null ? ` · ${count} in call` : ""}
    </span>
  );
}

export function StatusBadge({ status }: { status: SessionStatus }) {
  if (status === "ended") return <span className="badge badge-neutral">Ended</span>;
  return <span className="badge badge-neutral">Unknown</span>;
}
