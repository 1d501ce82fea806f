import "server-only";
import type { PeerReport } from "@/lib/realtimekit/types";
import { UpstreamError } from "./realtimekit/errors";

type Settled =
  { from: "small" | "whole"; ok: true; report: PeerReport } | { from: "small" | "whole"; ok: false; error: unknown };

function settle(from: Settled["from"], p: Promise<PeerReport>): Promise<Settled> {
  return p.then(
    (report) => ({ from, ok: true, report }),
    (error: unknown) => ({ from, ok: false, error }),
  );
}

const isNotFound = (err: unknown) => err instanceof UpstreamError && err.isNotFound;

/** Whether a (filtered) report says who the participant is, beyond the id the page asked for. */
function describesParticipant(r: PeerReport): boolean {
  const p = r.participant;
  return p.name !== null || p.sessionId !== null || p.joinedAt !== null;
}

/**
 * The report the peer page's header is drawn from, decided before anything streams: the small
 * section or the whole report, whichever first gives a usable answer. A 404 from either settles
 * it (the peer does not exist). A small answer that failed for another reason (a passing 5xx, the
 * user's share spent just after the whole report was sent) or that does not name the participant
 * (`filters` forms are not confirmed to keep `participant`: docs/upstream.md) waits for the whole
 * report instead of turning the page into an error. Rejects only when neither can serve.
 */
export async function headReport(small: Promise<PeerReport>, whole: Promise<PeerReport>): Promise<PeerReport> {
  const pending = [settle("small", small), settle("whole", whole)];
  const first = await Promise.race(pending);
  if (first.ok && (first.from === "whole" || describesParticipant(first.report))) return first.report;
  if (!first.ok && isNotFound(first.error)) throw first.error;
  const second = await pending[first.from === "small" ? 1 : 0]!;
  if (second.ok) return second.report;
  if (first.ok) return first.report;
  // Both failed: the whole report's failure is the one the rest of the page would show.
  throw (first.from === "whole" ? first : second).error;
}
