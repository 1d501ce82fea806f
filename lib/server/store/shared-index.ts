import "server-only";
import type { QualityIndexStore } from "../quality-index";
import { script, type RedisConnection } from "./redis";

/**
 * The quality index in Redis (docs/quality-index.md): each verdict a JSON string with its TTL, each
 * session's roll-up a Redis set that SADD grows atomically, so two instances recording two
 * participants of one session at once both land. Calls Redis cannot answer use the memory store.
 */

// KEYS: one key. Replies its value: a string as is, a set as a JSON array, nothing as false.
const GET_ONE = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'string' then return redis.call('GET', KEYS[1]) end
if kind == 'set' then return cjson.encode(redis.call('SMEMBERS', KEYS[1])) end
return false
`;

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
      return redis.attempt(
        async (c) => {
          // One script per key (each key may sit on its own cluster slot); node-redis pipelines them.
          const raw = await Promise.all(keys.map((k) => script<string | null>(c, GET_ONE, [key(k)], [])));
          return raw.map((r) => (typeof r === "string" ? (JSON.parse(r) as T) : undefined));
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
