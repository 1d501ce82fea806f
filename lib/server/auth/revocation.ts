import "server-only";
import { processWide } from "@/lib/server/process-wide";
import { selectRevocationStore } from "@/lib/server/store";

/**
 * Which sessions have been ended before their cookie expires. Sessions are stateless JWTs (auth.ts),
 * so ending one means remembering its id until the cookie would have expired anyway, and ending all
 * of them means remembering a time: sessions signed in before it are refused. Behind an interface so
 * a shared store can hold the list when several instances run (README.md, "Signing out and ending
 * sessions"); values are plain data.
 */
export interface RevocationStore {
  /**
   * Whether every instance of the deployment reads this store (a shared one), or only this process
   * (the in-memory default). `npm run end-sessions` refuses to write to a store that is not shared.
   */
  readonly shared: boolean;
  /** Ends one session: `isRevoked(sessionId)` is true until `untilMs` (when its cookie expires). */
  revoke(sessionId: string, untilMs: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
  /** The stored "not before" time (epoch ms): sessions signed in before it end. Null when never set. */
  notBefore(): Promise<number | null>;
  /**
   * Sets "not before" (the latest call wins). A shared implementation rejects when the write did not
   * reach the shared store: the caller must know every instance will see it.
   */
  setNotBefore(atMs: number): Promise<void>;
}

/** Ids kept before expired ones are swept; a sign-out is a person's click, so this is generous. */
const SWEEP_AT = 10_000;

export function createMemoryRevocationStore(now: () => number = Date.now): RevocationStore {
  const revoked = new Map<string, number>();
  let notBefore: number | null = null;

  const sweep = () => {
    const t = now();
    for (const [id, until] of revoked) if (until <= t) revoked.delete(id);
  };

  return {
    shared: false,
    async revoke(sessionId, untilMs) {
      if (untilMs <= now()) return;
      revoked.set(sessionId, Math.max(untilMs, revoked.get(sessionId) ?? 0));
      if (revoked.size > SWEEP_AT) sweep();
    },
    async isRevoked(sessionId) {
      const until = revoked.get(sessionId);
      if (until === undefined) return false;
      if (until > now()) return true;
      revoked.delete(sessionId);
      return false;
    },
    async notBefore() {
      return notBefore;
    },
    async setNotBefore(atMs) {
      notBefore = atMs;
    },
  };
}

/**
 * The process's revocation list, shared by every bundle (pages, route handlers, proxy.ts): in the
 * shared store with REDIS_URL (docs/shared-store.md), else in this process's memory. Chosen on first
 * use, not on import.
 */
export function sessionRevocations(): RevocationStore {
  return processWide("session-revocations", selectRevocationStore);
}
