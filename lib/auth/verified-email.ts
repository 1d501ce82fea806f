import { isAllowedEmail, type AllowList } from "./allow-list";

/**
 * Whether an e-mail address may be matched against the lists (AUTH_ADMIN_EMAILS, and the SSO
 * allow-lists AUTH_ALLOWED_EMAILS/AUTH_ALLOWED_DOMAINS): only when whoever vouches for the account
 * also vouches for the address (docs/privacy.md, "Who is an admin"). A built-in account's address is
 * the one the deployment wrote in AUTH_USERS; an IdP's counts only when its `email_verified` claim
 * says so, else anyone could name themselves `lead@example.com` at an IdP that lets users edit it.
 */

/**
 * The IdP's word that the address is verified: `true`, or the string "true" (AWS Cognito's userinfo
 * and some SAML bridges send strings). Absent, false or anything else is not verified.
 */
export function emailVerifiedClaim(profile: unknown): boolean {
  if (!profile || typeof profile !== "object") return false;
  const claim = (profile as { email_verified?: unknown }).email_verified;
  return claim === true || claim === "true";
}

/** The IdP says outright the address is not verified: such an account is refused at sign-in. */
export function emailUnverifiedClaim(profile: unknown): boolean {
  if (!profile || typeof profile !== "object") return false;
  const claim = (profile as { email_verified?: unknown }).email_verified;
  return claim === false || claim === "false";
}

/** What the session's token records about the address at sign-in, read again at each request. */
export interface EmailProof {
  /** Signed in with a built-in account (AUTH_USERS): verified by definition. */
  passwordUser: boolean;
  /** The token's `emailVerified`, set at sign-in from the IdP's claim; anything but true is no. */
  emailVerified: unknown;
}

/** The address the lists may match, or null when nobody vouched for it. */
export function listableEmail(email: string | null | undefined, proof: EmailProof): string | null {
  if (!email) return null;
  return proof.passwordUser || proof.emailVerified === true ? email : null;
}

/**
 * SSO sign-in: an empty allow-list admits every account the IdP vouches for (its e-mail is not
 * matched against anything, so need not be verified, but an IdP saying "not verified" is refused); a
 * non-empty one admits only a verified address on it.
 */
export function ssoSignInAllowed(email: string | null | undefined, profile: unknown, list: AllowList): boolean {
  if (emailUnverifiedClaim(profile)) return false;
  return isAllowedEmail(emailVerifiedClaim(profile) ? email : null, list);
}

/**
 * At each request: an SSO session whose address was not verified at sign-in does not belong under
 * an allow-list set since (it was admitted while the list was empty); it ends like a removed user.
 */
export function unverifiedUnderAllowList(proof: EmailProof, list: AllowList): boolean {
  if (proof.passwordUser || proof.emailVerified === true) return false;
  return list.emails.length > 0 || list.domains.length > 0;
}
