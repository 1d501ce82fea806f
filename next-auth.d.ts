import type { DefaultSession } from "next-auth";

// Which provider signed the user in, shown in the user menu; whether they are an admin
// (sees personal data unmasked: docs/privacy.md).
declare module "next-auth" {
  interface Session {
    user: { provider?: string; admin?: boolean } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    provider?: string;
    /** The OIDC groups claim held AUTH_OIDC_ADMIN_GROUP at sign-in. */
    admin?: boolean;
    /** The address was verified at sign-in (built-in account, or the IdP's `email_verified`). */
    emailVerified?: boolean;
  }
}
