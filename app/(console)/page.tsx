import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { IdChip } from "@/components/ui/copy-button";
import { Time } from "@/components/ui/time";
import { listVisibleApps } from "@/lib/server/apps";
import { sessionsPath } from "@/lib/routes";

export const metadata: Metadata = { title: "Apps" };

export default async function HomePage() {
  const { apps, error } = await listVisibleApps();
  if (error && apps.length === 0) return <UpstreamErrorNotice error={error} what="the list of apps" />;
  // One app: nothing to choose.
  if (apps.length === 1 && apps[0]) redirect(sessionsPath(apps[0].id));

  return (
    <div className="stack">
      <div>
        <h1>Apps</h1>
        <p className="muted">The RealtimeKit apps this deployment can inspect. Pick one to find a session.</p>
      </div>
      {error ? (
        <UpstreamErrorNotice
          error={error}
          what="the current list of apps; these are the apps allowed or already known"
        />
      ) : null}
      {apps.length === 0 ? (
        <div className="notice notice-info">
          <strong>No apps to show</strong>
          The API token lists no RealtimeKit apps. Check the token&apos;s account and its Realtime permission.
        </div>
      ) : (
        <ul className="grid-cards" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {apps.map((app) => (
            <li key={app.id} className="card stack" style={{ gap: 6 }}>
              <Link href={sessionsPath(app.id)} style={{ fontWeight: 600, fontSize: 16 }}>
                {app.name ?? "Unnamed app"}
              </Link>
              <IdChip id={app.id} label="App id" />
              <span className="muted">
                Created <Time iso={app.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
