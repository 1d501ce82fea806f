"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import type { App } from "@/lib/realtimekit/types";
import { lookupPath } from "@/lib/routes";
import { appIdFromPath } from "./app-from-path";

/** "Paste anything": an id of any kind, a participant's name or a link from a ticket, resolved by the lookup page. */
export function LookupBox({ apps }: { apps: App[] }) {
  const router = useRouter();
  const appId = appIdFromPath(usePathname()) ?? (apps.length === 1 ? (apps[0]?.id ?? null) : null);
  const [value, setValue] = useState("");
  if (!appId) return null;
  return (
    <form
      role="search"
      className="lookup"
      onSubmit={(e) => {
        e.preventDefault();
        const id = value.trim();
        if (id) router.push(lookupPath(appId, id));
      }}
    >
      <input
        type="search"
        aria-label="Look up an id, a participant's name or a link"
        placeholder="Paste an id, a name or a link"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        maxLength={256}
      />
      <button className="btn" type="submit">
        Look up
      </button>
    </form>
  );
}
