"use client";

import { useSearchParams } from "next/navigation";
import { updateQuery } from "@/lib/url-state";

/** The URL parameter naming the finding whose episodes the charts highlight (a shareable view). */
export const CHOSEN_FINDING_PARAM = "finding";

/**
 * Chooses a finding to highlight on the charts, or clears it when pressed again. A toggle button:
 * Enter or Space from the keyboard, its state read out as pressed.
 */
export function FindingToggle({ id, title }: { id: string; title: string }) {
  const params = useSearchParams();
  const chosen = params.get(CHOSEN_FINDING_PARAM) === id;
  return (
    <button
      type="button"
      className="btn btn-small no-print finding-toggle"
      aria-pressed={chosen}
      aria-label={`Highlight on charts: ${title}`}
      data-testid="finding-toggle"
      onClick={() => updateQuery({ [CHOSEN_FINDING_PARAM]: chosen ? null : id }, "replace")}
    >
      Highlight on charts
    </button>
  );
}
