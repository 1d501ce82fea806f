"use client";

import { usePathname, useRouter } from "next/navigation";
import type { App } from "@/lib/realtimekit/types";
import { sessionsPath } from "@/lib/routes";
import { appIdFromPath } from "./app-from-path";

/** Switches app, keeping the user on the sessions list of the chosen one. */
export function AppSwitcher({ apps, listFailed = false }: { apps: App[]; listFailed?: boolean }) {
  const router = useRouter();
  const current = appIdFromPath(usePathname());
  const failed = listFailed ? (
    <span
      className="muted"
      role="status"
      data-testid="app-list-failed"
      title="RealtimeKit's list of apps could not be loaded; apps already known still open"
    >
      Could not load the list of apps
    </span>
  ) : null;
  if (apps.length === 0) return failed;
  return (
    <label className="row">
      {failed}
      <span className="sr-only">App</span>
      <select
        aria-label="App"
        value={current ?? ""}
        onChange={(e) => {
          if (e.target.value) router.push(sessionsPath(e.target.value));
        }}
      >
        {current ? null : <option value="">Choose an app…</option>}
        {apps.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name ?? a.id}
          </option>
        ))}
      </select>
    </label>
  );
}
