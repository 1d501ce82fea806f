import { z } from "zod";

/**
 * Ids checked before anything reaches the upstream. Session, peer and meeting ids are UUIDs in
 * RealtimeKit (docs/upstream.md); app ids are UUIDs in practice but the reference disagrees on their
 * length, so they only have to be a safe path segment.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Legacy v1 meetings are room names like `abcdef-ghijkl` (the session list's `associated_id`).
const LEGACY_ROOM = /^[a-z]{6}-[a-z]{6}$/i;

export const uuidSchema = z
  .string()
  .trim()
  .regex(UUID, { error: "must be a UUID (8-4-4-4-12 hex digits)" })
  .transform((v) => v.toLowerCase());

export const appIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: "must be an app id (letters, digits, - and _)" });

export const sessionIdSchema = uuidSchema;
export const peerIdSchema = uuidSchema;

export const meetingIdSchema = z
  .string()
  .trim()
  .refine((v) => UUID.test(v) || LEGACY_ROOM.test(v), {
    error: "must be a meeting id (a UUID, or a legacy room name like abcdef-ghijkl)",
  });

/** What the lookup box accepts: any id kind, or a custom participant id chosen by the customer. */
export const lookupIdSchema = z
  .string()
  .trim()
  .min(1, { error: "is empty" })
  .max(256, { error: "is longer than 256 characters" })
  .refine((v) => !/[\u0000-\u001f]/.test(v), { error: "contains control characters" });

export function isLegacyRoomName(v: string): boolean {
  return LEGACY_ROOM.test(v.trim());
}

export function isUuid(v: string): boolean {
  return UUID.test(v.trim());
}
