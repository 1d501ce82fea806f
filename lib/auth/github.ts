import { normaliseEmail } from "./passwords";

/**
 * GitHub's user, with an address GitHub says is verified (docs/privacy.md, "Who is an admin").
 * GitHub has no `email_verified` claim, and Auth.js's provider, when the profile shows no public
 * address, takes the primary or first one of `/user/emails` without looking at `verified`: an
 * unverified address could then match AUTH_ADMIN_EMAILS or the allow-lists. This reads the list
 * (the `user:email` scope the provider asks for) and sets `email_verified` the way an IdP would.
 */

const API = "https://api.github.com";
const TIMEOUT_MS = 10_000;

interface GithubEmail {
  email: string;
  primary?: unknown;
}

/** The public address when GitHub lists it verified, else the verified primary; none: unverified. */
export function verifiedGithubEmail(
  publicEmail: unknown,
  emails: unknown,
): { email: string | null; email_verified: boolean } {
  const verified = (Array.isArray(emails) ? emails : []).filter(
    (e): e is GithubEmail =>
      !!e && typeof e === "object" && e.verified === true && typeof (e as GithubEmail).email === "string",
  );
  const shown = typeof publicEmail === "string" && publicEmail ? normaliseEmail(publicEmail) : null;
  const pick = verified.find((e) => normaliseEmail(e.email) === shown) ?? verified.find((e) => e.primary === true);
  if (pick) return { email: pick.email, email_verified: true };
  return { email: typeof publicEmail === "string" && publicEmail ? publicEmail : null, email_verified: false };
}

/** Auth.js's `userinfo.request` for GitHub. */
export async function githubProfile(
  { tokens }: { tokens: { access_token?: string } },
  fetchImpl: typeof fetch = fetch,
): Promise<Record<string, unknown>> {
  const init = () => ({
    headers: {
      Authorization: `Bearer ${tokens.access_token ?? ""}`,
      Accept: "application/vnd.github+json",
      "User-Agent": "realtimekit-inspector",
    },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const profile = (await (await fetchImpl(`${API}/user`, init())).json()) as Record<string, unknown>;
  const res = await fetchImpl(`${API}/user/emails`, init());
  const emails: unknown = res.ok ? await res.json() : [];
  return { ...profile, ...verifiedGithubEmail(profile.email, emails) };
}
