import { afterEach, beforeEach, vi } from "vitest";
import { log } from "@/lib/server/log";

/**
 * The audit lines (`audit: true`, lib/server/audit.ts) the calling test file's requests write, one
 * test at a time; the log's other lines are dropped so they stay out of the test's output.
 */
export function captureAudits(): Record<string, unknown>[] {
  const audits: Record<string, unknown>[] = [];
  beforeEach(() => {
    audits.length = 0;
    vi.spyOn(log, "info").mockImplementation(((fields: unknown) => {
      if (fields && typeof fields === "object" && (fields as { audit?: unknown }).audit === true)
        audits.push(fields as Record<string, unknown>);
    }) as typeof log.info);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return audits;
}
