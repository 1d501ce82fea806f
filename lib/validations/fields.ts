import { z } from "zod";
import { parseIsoUtc } from "./iso-time";

/** Field schemas shared by the query parsers. Each accepts `undefined` and yields its default. */

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
