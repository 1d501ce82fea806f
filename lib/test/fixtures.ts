import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The one real peer-report payload (Dyte staging, 2023), kept beside the OpenAPI extract. */
export function realPeerReport(): { success: boolean; data: { participant: Record<string, unknown> } } {
  const path = fileURLToPath(new URL("../../simulator/spec/peer-report-2023-chrome-macos.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8"));
}

/** A raw quality sample as the upstream sends it, with only the given fields set. */
export function sample(timestamp: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { timestamp, ...fields };
}

/** ISO time `s` seconds after a fixed base, for readable series fixtures. */
export function at(s: number): string {
  return new Date(Date.UTC(2026, 7, 10, 14, 0, 0) + s * 1000).toISOString();
}
