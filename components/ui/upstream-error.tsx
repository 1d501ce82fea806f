import { describeUpstreamError } from "@/lib/server/api-errors";
import type { UpstreamError } from "@/lib/server/realtimekit/errors";

/** What went wrong upstream, in words an on-call engineer can act on. Server component. */
export function UpstreamErrorNotice({ error, what }: { error: UpstreamError; what: string }) {
  const { status, message } = describeUpstreamError(error);
  const hint =
    status === 503
      ? "The deployment is holding off to stay under RealtimeKit's rate limit. Wait a moment and reload."
      : status === 504
        ? "RealtimeKit is slow to answer. Reload to try again."
        : status === 404
          ? "Check the id; it may belong to another app or have expired."
          : "Reload to try again. If it persists, check Cloudflare's status page and the server log.";
  return (
    <div className="notice notice-error" role="status">
      <strong>Could not load {what}</strong>
      {message}. {hint}
    </div>
  );
}
