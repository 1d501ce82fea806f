import { z } from "zod";

/** Field schemas shared by the query parsers. Each accepts `undefined` and yields its default. */

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Epoch ms of an ISO 8601 time, or NaN. A time without a zone is UTC: a link in a ticket must mean
 * the same instant on the server and in every reader's browser.
 */
export function parseIsoUtc(v: string): number {
  const m = ISO.exec(v.trim());
  if (!m) return NaN;
  return Date.parse(`${m[1]}T${m[2] ?? "00:00"}${m[3] ?? "Z"}`);
}

export const isoTime = z
  .string()
  .trim()
  .refine((v) => Number.isFinite(parseIsoUtc(v)), { error: "must be an ISO 8601 time such as 2026-08-10T14:05:00Z" })
  .transform((v) => new Date(parseIsoUtc(v)).toISOString())
  .optional();

export const intIn = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be a whole number from ${min} to ${max}` })
    .optional()
    .transform((n) => n ?? fallback);

export const boolFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

export const searchText = z.string().trim().max(125, { error: "must be at most 125 characters" }).optional();
