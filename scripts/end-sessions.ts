/**
 * `npm run end-sessions`: ends every session signed in until now, on every instance, by setting the
 * shared store's "not before" time (README.md, "Signing out and ending sessions"). Needs the
 * deployment's shared store (REDIS_URL) in the environment: without one, each server process keeps
 * its own list and this process is none of them, so it says what to do instead and changes nothing.
 */
import { sessionRevocations } from "@/lib/server/auth/revocation";

const ATTEMPTS = 3;

export async function endSessions(
  store = sessionRevocations(),
  now: () => number = Date.now,
  pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ ok: boolean; message: string }> {
  const at = now();
  const iso = new Date(at).toISOString();
  if (!store.shared) {
    return {
      ok: false,
      message:
        "No shared store is configured (REDIS_URL), so this command cannot reach the running instances.\n" +
        "End every session instead by setting, then restarting or redeploying:\n" +
        `  AUTH_SESSIONS_NOT_BEFORE=${iso}\n` +
        "or by rotating AUTH_SECRET (which also ends sessions signed in after this moment).",
    };
  }
  let last: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await store.setNotBefore(at);
      return {
        ok: true,
        message: `Sessions signed in before ${iso} are ended on every instance at their next request.`,
      };
    } catch (err) {
      last = err;
      if (attempt < ATTEMPTS) await pause(1000);
    }
  }
  const reason = last instanceof Error ? last.message : String(last);
  return { ok: false, message: `The shared store did not take the change (${reason}); no session was ended.` };
}

// Run as a command (not when a test imports it).
if (process.argv[1] && /end-sessions\.ts$/.test(process.argv[1])) {
  endSessions()
    .then(({ ok, message }) => {
      (ok ? console.log : console.error)(message);
      // The store's connection (when shared) would keep the process alive.
      process.exit(ok ? 0 : 1);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
