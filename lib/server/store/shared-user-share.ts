import "server-only";
import type { UserShareStore } from "../user-share";
import { hashedKeyPart, script, type RedisConnection } from "./redis";

/**
 * Each user's requests in Redis (a sorted set of send times per user, the user's key hashed), so a
 * user's share is one across instances. Calls Redis cannot answer use the memory store.
 */

// KEYS: the user's set. ARGV: since. Replies {count, oldest send or -1}.
const RECENT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
if count == 0 then return {0, -1} end
return {count, tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])}
`;

// KEYS: the user's set. ARGV: at, window, member.
const RECORD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

export function createSharedUserShareStore(redis: RedisConnection, memory: UserShareStore): UserShareStore {
  const key = (who: string) => `${redis.prefix}share:${hashedKeyPart(who)}`;
  return {
    recent(who, sinceMs) {
      return redis.attempt(
        async (c) => {
          const [count, oldest] = await script<[number, number]>(c, RECENT, [key(who)], [sinceMs]);
          return { count: Number(count), oldestMs: Number(oldest) < 0 ? null : Number(oldest) };
        },
        () => memory.recent(who, sinceMs),
      );
    },
    record(who, atMs, windowMs) {
      const member = `${atMs}:${Math.random().toString(36).slice(2)}`;
      return redis.attempt(
        async (c) => {
          await script(c, RECORD, [key(who)], [atMs, windowMs, member]);
        },
        () => memory.record(who, atMs, windowMs),
      );
    },
  };
}
