import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Built-in accounts (AUTH_USERS) store salted scrypt hashes. The encoding uses only base64url and
 * dots, so an entry survives .env parsing (no `$`, which dotenv expands) and comma separation:
 *   email:scrypt.<log2 N>.<r>.<p>.<salt>.<hash>
 */

const KEY_LENGTH = 32;
const DEFAULT_PARAMS = { log2N: 15, r: 8, p: 1 };

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize("NFKC"), salt, KEY_LENGTH, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const options = (log2N: number, r: number, p: number): ScryptOptions => ({
  N: 2 ** log2N,
  r,
  p,
  // 128·N·r bytes are needed; Node's default ceiling (32 MiB) is exactly too small for N=2^15, r=8.
  maxmem: 256 * 2 ** log2N * r,
});

export async function hashPassword(password: string, params = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, options(params.log2N, params.r, params.p));
  return ["scrypt", params.log2N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join(".");
}

const ENCODED = /^scrypt\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.([A-Za-z0-9_-]{16,})\.([A-Za-z0-9_-]{16,})$/;

export function isPasswordHash(encoded: string): boolean {
  const m = ENCODED.exec(encoded);
  return !!m && Number(m[1]) >= 10 && Number(m[1]) <= 20 && Number(m[2]) >= 1 && Number(m[3]) >= 1;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const m = ENCODED.exec(encoded);
  if (!m || !isPasswordHash(encoded)) return false;
  const expected = Buffer.from(m[5] as string, "base64url");
  const key = await scrypt(
    password,
    Buffer.from(m[4] as string, "base64url"),
    options(Number(m[1]), Number(m[2]), Number(m[3])),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Verifying against this when the email is unknown keeps response time from revealing which
// accounts exist. Computed once, lazily.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}

export function formatUserEntry(email: string, hash: string): string {
  return `${normaliseEmail(email)}:${hash}`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@:,]+@[^\s@:,]+\.[^\s@:,]+$/;
export function isEmail(v: string): boolean {
  return EMAIL.test(v.trim());
}

/** Parses AUTH_USERS; returns the accounts and a problem per bad entry (never echoing a hash). */
export function parseUsers(value: string | undefined): { users: Map<string, string>; problems: string[] } {
  const users = new Map<string, string>();
  const problems: string[] = [];
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, i) => {
    const sep = entry.indexOf(":");
    const email = sep > 0 ? normaliseEmail(entry.slice(0, sep)) : "";
    const hash = sep > 0 ? entry.slice(sep + 1) : "";
    if (!isEmail(email)) problems.push(`entry ${i + 1} does not start with an email address followed by ':'`);
    else if (!isPasswordHash(hash))
      problems.push(`entry ${i + 1} (${email}) is not a hash made by 'npm run --silent hash-password'`);
    else if (users.has(email)) problems.push(`entry ${i + 1} repeats ${email}`);
    else users.set(email, hash);
  });
  return { users, problems };
}
