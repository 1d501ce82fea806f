import "server-only";
import type { QualityIndexStore } from "../quality-index";
import { script, type RedisConnection } from "./redis";

/**
 * The quality index in Redis (docs/quality-index.md): each verdict a JSON string with its TTL, each
 * session's roll-up a Redis set that SADD grows atomically, so two instances recording two
 * participants of one session at once both land. Calls Redis cannot answer use the memory store.
 */

// KEYS: the set. ARGV: ttl (ms), members… Adds; the set then lives at least ttl more, never less than it had.
const ADD = `
local ttl = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left == -2 and ttl <= 0 then return 0 end
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
if ttl > 0 and left < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

export function createSharedIndexStore(redis: RedisConnection, memory: QualityIndexStore): QualityIndexStore {
  const key = (k: string) => `${redis.prefix}index:${k}`;
  return {
    getMany<T>(keys: readonly string[]) {
      if (keys.length === 0) return Promise.resolve([]);
      return redis.attempt(
        async (c) => {
          // Verdicts are strings, roll-ups sets: MGET answers nil for a set (or nothing), which
          // SMEMBERS then reads (an empty answer: no set, as Redis keeps no empty set).
          const values = await c.mGet(keys.map(key));
          const sets = await Promise.all(
            values.map((v, i) => (v === null ? c.sMembers(key(keys[i] as string)) : null)),
          );
          return values.map((v, i) => {
            if (v !== null) return JSON.parse(v) as T;
            const members = sets[i];
            return members && members.length > 0 ? (members as T) : undefined;
          });
        },
        () => memory.getMany<T>(keys),
      );
    },
    setMany<T>(entries: readonly { key: string; value: T; ttlMs: number }[]) {
      const kept = entries.filter((e) => e.ttlMs > 0);
      return redis.attempt(
        async (c) => {
          await Promise.all(
            kept.map((e) =>
              c.set(key(e.key), JSON.stringify(e.value), { expiration: { type: "PX", value: Math.ceil(e.ttlMs) } }),
            ),
          );
        },
        () => memory.setMany(entries),
      );
    },
    addToSet(k, members, ttlMs) {
      if (members.length === 0) return Promise.resolve();
      return redis.attempt(
        async (c) => {
          await script(c, ADD, [key(k)], [Math.ceil(ttlMs), ...members]);
        },
        () => memory.addToSet(k, members, ttlMs),
      );
    },
  };
}
