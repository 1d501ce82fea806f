import { vi } from "vitest";

/**
 * Loads a module twice, as two separate copies: what Next.js does when two bundles (a page and a
 * route handler) import it. For testing state and classes that must work across bundles.
 */
export async function twoCopiesOf<T>(load: () => Promise<T>): Promise<[T, T]> {
  const first = await load();
  vi.resetModules();
  return [first, await load()];
}
