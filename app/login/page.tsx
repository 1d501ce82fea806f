import type { Metadata } from "next";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { auth, OIDC_PROVIDER, PASSWORD_PROVIDER, signIn } from "@/auth";
import { safeReturnPath } from "@/lib/auth/return-path";
import { authConfig } from "@/lib/server/config";
import { PasswordForm, type PasswordState } from "./client";
import { ForgetKept } from "@/components/shell/forget-kept";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Messages for Auth.js's error types (`error`) and our credential codes (`code`). */
function errorMessage(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  if (error === "CredentialsSignin") {
    return code === "rate_limited"
      ? "Too many failed attempts for this account or network. Wait 15 minutes, or ask an administrator."
      : "Wrong email or password.";
  }
  if (error === "AccessDenied") {
    return (
      "Your account is not allowed to use this deployment. " +
      "Ask an administrator to add your email or domain to the allow-list."
    );
  }
  if (error === "Configuration")
    return (
      "Sign-in is misconfigured on the server. " +
      "An administrator needs to check the AUTH_* settings and the server log."
    );
  if (error === "Verification") return "The sign-in link has expired or was already used.";
  return "Sign-in failed. Try again, or use another method.";
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(first(params.callbackUrl));
  const session = await auth();
  if (session?.user) redirect(returnTo);

  const cfg = authConfig();
  const message = errorMessage(first(params.error), first(params.code));
  const signedOut = first(params.signedOut) === "1";

  async function withPassword(prev: PasswordState, formData: FormData): Promise<PasswordState> {
    "use server";
    const to = safeReturnPath(String(formData.get("callbackUrl") ?? ""));
    const email = String(formData.get("email") ?? "");
    try {
      await signIn(PASSWORD_PROVIDER, {
        email,
        password: String(formData.get("password") ?? ""),
        redirectTo: to,
      });
    } catch (err) {
      // A successful sign-in throws Next's redirect, which must propagate.
      if (!(err instanceof AuthError)) throw err;
      const code = (err as { code?: unknown }).code;
      // Answered in place, not by a redirect to /login?error=…: the form keeps the e-mail.
      return {
        email,
        message: errorMessage(err.type, typeof code === "string" ? code : undefined),
        attempt: (Number(prev?.attempt) || 0) + 1,
      };
    }
    return prev;
  }

  async function withProvider(formData: FormData) {
    "use server";
    const provider = String(formData.get("provider") ?? "");
    await signIn(provider, { redirectTo: safeReturnPath(String(formData.get("callbackUrl") ?? "")) });
  }

  const sso = [
    ...(cfg.oidc ? [{ id: OIDC_PROVIDER, label: `Sign in with ${cfg.oidc.name}` }] : []),
    ...(cfg.github ? [{ id: "github", label: "Sign in with GitHub" }] : []),
  ];

  return (
    <div className="login-wrap">
      <div className="card login-card">
        <h1>RealtimeKit Inspector</h1>
        <p className="muted" style={{ marginTop: 0 }}>
          Sign in to inspect calls.
        </p>
        {message ? (
          <div className="notice notice-error" role="alert" data-testid="login-error" style={{ marginBottom: 12 }}>
            {message}
          </div>
        ) : signedOut ? (
          <div className="notice notice-info" role="status" style={{ marginBottom: 12 }}>
            You are signed out.
            <ForgetKept />
          </div>
        ) : null}
        {sso.map((p) => (
          <form key={p.id} action={withProvider} style={{ marginBottom: 8 }}>
            <input type="hidden" name="provider" value={p.id} />
            <input type="hidden" name="callbackUrl" value={returnTo} />
            <button type="submit" className="btn btn-primary" style={{ width: "100%", justifyContent: "center" }}>
              {p.label}
            </button>
          </form>
        ))}
        {cfg.users.size > 0 ? (
          <>
            {sso.length ? <div className="divider">or with a built-in account</div> : null}
            <PasswordForm
              action={withPassword}
              callbackUrl={returnTo}
              primary={sso.length === 0}
              autoFocus={sso.length === 0}
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
