import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { auth } from "@/auth";
import { AppSwitcher } from "@/components/shell/app-switcher";
import { LookupBox } from "@/components/shell/lookup-box";
import { UserMenu } from "@/components/shell/user-menu";
import { NavigationProgress } from "@/components/ui/navigation-progress";
import { listVisibleApps } from "@/lib/server/apps";
import { homePath, loginPath } from "@/lib/routes";
import type { App } from "@/lib/realtimekit/types";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  // proxy.ts already gates pages; this is the second check, for anything that slips past it.
  if (!session?.user) redirect(loginPath());

  let apps: App[] = [];
  let listFailed = false;
  try {
    // A failing list still gives the allowed (or last listed) apps; the page reports the rest.
    const list = await listVisibleApps();
    apps = list.apps;
    listFailed = list.error !== null;
  } catch {
    listFailed = true;
  }

  return (
    <>
      {/* It reads the query string: its own boundary keeps that from holding up the shell. */}
      <Suspense fallback={null}>
        <NavigationProgress />
      </Suspense>
      <a className="sr-only" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <Link href={homePath()} className="brand">
          RealtimeKit <span>Inspector</span>
        </Link>
        <AppSwitcher apps={apps} listFailed={listFailed} />
        <LookupBox apps={apps} />
        <div className="spacer" />
        <UserMenu email={session.user.email ?? session.user.name ?? "signed in"} provider={session.user.provider} />
      </header>
      <main id="main" className="shell-main">
        {children}
      </main>
    </>
  );
}
