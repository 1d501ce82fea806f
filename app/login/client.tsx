"use client";

import { useActionState, useEffect, useRef } from "react";

/** What a failed password attempt hands back: the message, and the e-mail to type the password against again. */
export type PasswordState = { email: string; message: string | null; attempt: number };

const INITIAL: PasswordState = { email: "", message: null, attempt: 0 };

/**
 * The built-in account form. A failed attempt answers in place (no redirect), so the e-mail stays
 * filled in and the cursor waits in the emptied password field.
 */
export function PasswordForm({
  action,
  callbackUrl,
  primary,
  autoFocus,
}: {
  action: (prev: PasswordState, formData: FormData) => Promise<PasswordState>;
  callbackUrl: string;
  primary: boolean;
  autoFocus: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.attempt > 0) password.current?.focus();
  }, [state.attempt]);

  return (
    <form action={formAction}>
      {state.message ? (
        <div className="notice notice-error" role="alert" data-testid="login-error">
          {state.message}
        </div>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label>
        Email
        {/* React resets a form after its action; the default value is what it resets to. */}
        <input
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus={autoFocus}
          defaultValue={state.email}
        />
      </label>
      <label>
        Password
        <input ref={password} type="password" name="password" autoComplete="current-password" required />
      </label>
      <button
        type="submit"
        className={primary ? "btn btn-primary" : "btn"}
        style={{ justifyContent: "center" }}
        disabled={pending}
      >
        Sign in
      </button>
    </form>
  );
}
