"use client";

import { formatNumber } from "@/lib/format";
import type { Page } from "@/lib/realtimekit/types";

/** "41–60 of 1,234" with previous/next. */
export function PagingBar({
  page,
  onPage,
  noun,
}: {
  page: Pick<Page<unknown>, "page" | "perPage" | "total" | "startOffset" | "endOffset" | "hasMore" | "items">;
  onPage: (p: number) => void;
  noun: string;
}) {
  if (page.items.length === 0 && page.page === 1) return null;
  const range =
    page.startOffset !== null && page.endOffset !== null
      ? `${formatNumber(page.startOffset)}–${formatNumber(page.endOffset)}`
      : `page ${page.page}`;
  return (
    <nav className="row" aria-label={`${noun} pages`} style={{ justifyContent: "space-between" }}>
      <span className="muted" data-testid="paging-summary">
        {range}
        {page.total !== null ? ` of ${formatNumber(page.total)}` : ""} {noun}
      </span>
      <span className="row">
        <button type="button" className="btn" onClick={() => onPage(page.page - 1)} disabled={page.page <= 1}>
          ← Previous
        </button>
        <button type="button" className="btn" onClick={() => onPage(page.page + 1)} disabled={!page.hasMore}>
          Next →
        </button>
      </span>
    </nav>
  );
}
