import type { z } from "zod";

/**
 * One parser for URL query strings, used two ways: the JSON API is strict (any bad or unknown
 * value is a 400 naming the field), pages are lenient (a bad value falls back to its default and
 * the page says so). Both share the same field schemas, so they cannot disagree on what is valid.
 */

export interface FieldIssue {
  field: string;
  message: string;
}

export type QueryFields = Record<string, z.ZodType>;

export type ParsedQuery<F extends QueryFields> = { [K in keyof F]: z.output<F[K]> };

export type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(input: QueryInput): [string, string][] {
  if (input instanceof URLSearchParams) return [...input.entries()];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(input)) {
    if (Array.isArray(v)) for (const x of v) out.push([k, x]);
    else if (v !== undefined) out.push([k, v]);
  }
  return out;
}

export function parseQuery<F extends QueryFields>(
  fields: F,
  input: QueryInput,
  opts: { mode: "strict" | "lenient"; check?: (value: ParsedQuery<F>) => FieldIssue[] },
): { value: ParsedQuery<F>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const raw: Record<string, string> = {};
  for (const [k, v] of entries(input)) {
    if (!(k in fields)) {
      issues.push({ field: k, message: `is not a known parameter (known: ${Object.keys(fields).join(", ")})` });
      continue;
    }
    if (k in raw) {
      issues.push({ field: k, message: "is given more than once" });
      continue;
    }
    raw[k] = v;
  }

  const value = {} as Record<string, unknown>;
  for (const [name, schema] of Object.entries(fields)) {
    const given = raw[name];
    const parsed = schema.safeParse(given === "" ? undefined : given);
    if (parsed.success) {
      value[name] = parsed.data;
      continue;
    }
    issues.push({ field: name, message: parsed.error.issues[0]?.message ?? "is invalid" });
    // Lenient mode falls back to the field's default (schemas accept undefined).
    const fallback = schema.safeParse(undefined);
    value[name] = fallback.success ? fallback.data : undefined;
  }

  const typed = value as ParsedQuery<F>;
  // Cross-field checks see only values that parsed (a failed field is at its default).
  if (opts.check) {
    for (const issue of opts.check(typed)) {
      issues.push(issue);
      if (opts.mode === "lenient") {
        const fallback = fields[issue.field]?.safeParse(undefined);
        if (fallback?.success) (value as Record<string, unknown>)[issue.field] = fallback.data;
      }
    }
  }
  return { value: typed, issues };
}

export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join("; ");
}
