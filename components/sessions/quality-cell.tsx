import { summarizeSessionQuality, type SessionWithQuality } from "@/lib/sessions/quality-summary";
import { healthBadgeClass } from "./health-badge";

/** A session's call quality in the sessions list, coloured as the session page's health badges. */
export function QualityCell({ session }: { session: SessionWithQuality }) {
  const { text, level } = summarizeSessionQuality(session.quality ?? null, session.peakParticipants);
  if (!level) {
    return (
      <span className="muted" data-testid="session-quality" data-level="none">
        {text}
      </span>
    );
  }
  return (
    <span className={`badge ${healthBadgeClass(level)}`} data-testid="session-quality" data-level={level}>
      {text}
    </span>
  );
}
