import type { DefaultSession } from "next-auth";

// Which provider signed the user in, shown in the user menu.
declare module "next-auth" {
  interface Session {
    user: { provider?: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    provider?: string;
  }
}
