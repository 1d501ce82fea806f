import { describeUpstreamFailure, type UpstreamFailureFacts } from "@/lib/realtimekit/upstream-failure";

/**
 * What went wrong upstream, in words an on-call engineer can act on: the same fixed message per
 * kind of failure as the JSON API, never the upstream's own text. Server component.
 */
export function UpstreamErrorNotice({ error, what }: { error: UpstreamFailureFacts; what: string }) {
  const { message, hint } = describeUpstreamFailure(error);
  return (
    <div className="notice notice-error" role="status">
      <strong>Could not load {what}</strong>
      {message}. {hint}
    </div>
  );
}
