import { normaliseEmail } from "./passwords";

/**
 * Who is an admin: admins see participants' IP addresses, user agents and cities unmasked; everyone
 * else gets them masked on the server (docs/privacy.md). Two ways in, either enough.
 */

/**
 * Whether an OIDC profile's `groups` claim holds the admin group (AUTH_OIDC_ADMIN_GROUP). Read once,
 * at sign-in: the token keeps only the answer, never the claim. IdPs send an array of names; a
 * single string is accepted too. Exact match: "ops-admins" does not admit "ops-admins-readonly".
 */
export function inAdminGroup(profile: unknown, group: string | null): boolean {
  if (!group || !profile || typeof profile !== "object") return false;
  const claim = (profile as { groups?: unknown }).groups;
  if (typeof claim === "string") return claim === group;
  return Array.isArray(claim) && claim.some((g) => g === group);
}

/**
 * Whether the signed-in user is an admin now: their e-mail in AUTH_ADMIN_EMAILS (read at every
 * request, so removing it takes effect at once), or the group seen at sign-in.
 */
export function isAdmin(
  email: string | null | undefined,
  groupAdmin: boolean,
  cfg: { adminEmails: readonly string[]; oidcAdminGroup: string | null },
): boolean {
  if (email && cfg.adminEmails.includes(normaliseEmail(email))) return true;
  // A group seen at sign-in counts only while the deployment still names an admin group.
  return groupAdmin && cfg.oidcAdminGroup !== null;
}
