/**
 * Prints one AUTH_USERS entry: `npm run --silent hash-password -- --email E [--password P]`.
 * Without --password it asks for it without echoing (so it stays out of shell history).
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { formatUserEntry, hashPassword, isEmail } from "@/lib/auth/passwords";

const MIN_LENGTH = 12;

async function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    // Piped input: read the first line.
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return "";
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" }, password: { type: "string" } }, strict: true });
  if (!values.email || !isEmail(values.email)) {
    console.error("Usage: npm run --silent hash-password -- --email you@example.com [--password …]");
    process.exit(2);
  }
  const password = values.password ?? (await prompt(`Password for ${values.email}: `));
  if (password.length < MIN_LENGTH) {
    console.error(`The password must be at least ${MIN_LENGTH} characters.`);
    process.exit(2);
  }
  console.log(formatUserEntry(values.email, await hashPassword(password)));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
