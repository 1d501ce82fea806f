import { describeIssues, type FieldIssue } from "@/lib/validations/query";

/** Says which values of a pasted link were not understood; nothing when all were. */
export function QueryNotice({
  issues,
  title,
  after,
  testId,
}: {
  issues: FieldIssue[];
  title: string;
  after?: string;
  testId: string;
}) {
  if (issues.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid={testId}>
      <strong>{title}</strong>
      {describeIssues(issues)}.{after ? ` ${after}` : ""}
    </div>
  );
}
