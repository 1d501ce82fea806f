import { normaliseEmail } from "./passwords";

export interface AllowList {
  emails: string[];
  domains: string[];
}

/**
 * Who may sign in through SSO. An empty list allows every account the IdP vouches for (a
 * company IdP is the allow-list); public providers are refused at start-up without one.
 */
export function isAllowedEmail(email: string | null | undefined, list: AllowList): boolean {
  if (list.emails.length === 0 && list.domains.length === 0) return true;
  if (!email) return false;
  const e = normaliseEmail(email);
  if (list.emails.includes(e)) return true;
  const domain = e.slice(e.lastIndexOf("@") + 1);
  // Exact domain only: `example.com` must not admit `evil-example.com` or `example.com.evil.io`.
  return domain.length > 0 && list.domains.includes(domain);
}

export function parseList(value: string | undefined, kind: "emails" | "domains"): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .map((s) => (kind === "domains" ? s.replace(/^@/, "") : s))
    .filter(Boolean);
}
