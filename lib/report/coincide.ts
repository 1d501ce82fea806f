/**
 * For each series, the index of an earlier one it coincides with entirely: every sample it has is
 * also in the earlier series, at the same time, with the same value. On a chart such lines lie on
 * top of each other (round-trip time is measured per connection, so audio and video sent over one
 * connection report the same figures), and one seems to be missing unless the key says so.
 */
export function coincidesWith(
  series: readonly { t: readonly number[]; y: readonly (number | null)[] }[],
): (number | null)[] {
  return series.map((s, i) => {
    if (!s.y.some((v) => v !== null && v !== undefined)) return null;
    for (let j = 0; j < i; j++) if (liesOn(s, series[j] as (typeof series)[number])) return j;
    return null;
  });
}

/** Every sample of `a` is in `b` with the same value. Both are sorted by time: one walk, no maps. */
function liesOn(
  a: { t: readonly number[]; y: readonly (number | null)[] },
  b: { t: readonly number[]; y: readonly (number | null)[] },
): boolean {
  let k = 0;
  for (let i = 0; i < a.t.length; i++) {
    const x = a.t[i] as number;
    while (k < b.t.length && (b.t[k] as number) < x) k++;
    if (k === b.t.length || b.t[k] !== x || (b.y[k] ?? null) !== (a.y[i] ?? null)) return false;
  }
  return true;
}
