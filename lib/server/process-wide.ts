/**
 * One value per server process. Next.js bundles every page and route handler on its own, so a
 * module-level singleton exists once per bundle: the peer page and the API route serving its
 * charts had separate upstream caches and rate budgets (two upstream calls for one report, and
 * twice the configured rate). Values that must be shared live on `globalThis`, under a registered
 * symbol, and are created by whichever bundle asks first.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`realtimekit-inspector.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  let value = slots[key];
  if (value === undefined) {
    value = create();
    slots[key] = value;
  }
  return value;
}
