import { z } from "zod";
import { REPORT_SECTIONS, type ReportSection } from "@/lib/realtimekit/types";
import { isoTime } from "./fields";
import { parseQuery, type FieldIssue, type QueryInput } from "./query";

/** Query of the peer report API: `sections` picks parts of the report (default: all). */
export const peerReportFields = {
  sections: z
    .string()
    .trim()
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((s) => (REPORT_SECTIONS as readonly string[]).includes(s)), {
      error: `must be a comma list of ${REPORT_SECTIONS.join(", ")}`,
    })
    .transform((list) => [...new Set(list)] as ReportSection[])
    .optional()
    .transform((v) => v ?? [...REPORT_SECTIONS]),
};

export function parsePeerReportQuery(input: QueryInput, mode: "strict" | "lenient") {
  return parseQuery(peerReportFields, input, { mode });
}

/** Query of the export API: the format, and the peer page's window (`from`/`to`, either may be left out). */
export const exportFields = {
  format: z
    .enum(["json", "csv"], { error: "must be json or csv" })
    .optional()
    .transform((v) => v ?? "json"),
  from: isoTime,
  to: isoTime,
};

/** A window that leaves no time is a mistake to report, not a reason to export nothing. */
export function exportWindowIssues(v: { from?: string; to?: string }): FieldIssue[] {
  return v.from && v.to && Date.parse(v.to) <= Date.parse(v.from)
    ? [{ field: "to", message: "must be after from" }]
    : [];
}
