import { expect, it } from "vitest";
import { describeRedis, redisForTests } from "@/lib/test/redis";
import { createMemoryUserShareStore } from "../user-share";
import { createSharedUserShareStore } from "./shared-user-share";

/** A user's share on Redis's clock (docs/shared-store.md); its contract tests are in lib/server/user-share.test.ts. */

const redis = redisForTests();

describeRedis("a user's share in Redis", () => {
  it("counts one window for instances whose clocks disagree by minutes", async () => {
    const [a, b] = await redis.instances(2);
    const aheadNow = () => Date.now() + 120_000;
    const ahead = createSharedUserShareStore(a!, createMemoryUserShareStore(), aheadNow);
    const behind = createSharedUserShareStore(b!, createMemoryUserShareStore());
    const sentAt = Date.now();
    await behind.record("ana@example.com", sentAt, 60_000);
    // The last minute by the clock ahead: by Redis's, the send of a moment ago is in it.
    const seen = await ahead.recent("ana@example.com", aheadNow() - 60_000);
    expect(seen.count).toBe(1);
    // Answered in the asking instance's own time.
    expect(seen.oldestMs).toBe(sentAt + 120_000);
    await ahead.record("ana@example.com", aheadNow(), 60_000);
    expect(await behind.recent("ana@example.com", Date.now() - 60_000)).toEqual({ count: 2, oldestMs: sentAt });
  });
});
