"use client";

import { usePathname, useRouter } from "next/navigation";
import type { App } from "@/lib/realtimekit/types";
import { appIdFromPath } from "./app-from-path";

/** Switches app, keeping the user on the sessions list of the chosen one. */
export function AppSwitcher({ apps }: { apps: App[] }) {
  const router = useRouter();
  const current = appIdFromPath(usePathname());
  if (apps.length === 0) return null;
  return (
    <label className="row">
      <span className="sr-only">App</span>
      <select
        aria-label="App"
        value={current ?? ""}
        onChange={(e) => {
          if (e.target.value) router.push(`/apps/${encodeURIComponent(e.target.value)}/sessions`);
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
