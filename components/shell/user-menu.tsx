import { signOut } from "@/auth";
import { loginPath } from "@/lib/routes";

/** The signed-in user and sign-out (a server action: works without JavaScript). */
export function UserMenu({ email, provider }: { email: string; provider?: string }) {
  async function doSignOut() {
    "use server";
    await signOut({ redirectTo: loginPath({ signedOut: true }) });
  }
  return (
    <div className="user-menu">
      <span className="email" title={provider ? `Signed in with ${provider}` : undefined}>
        {email}
      </span>
      <form action={doSignOut}>
        <button className="btn btn-small" type="submit">
          Sign out
        </button>
      </form>
    </div>
  );
}
