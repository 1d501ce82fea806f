/**
 * For each series, the index of an earlier one it coincides with entirely: every sample it has is
 * also in the earlier series, at the same time, with the same value. On a chart such lines lie on
 * top of each other (round-trip time is measured per connection, so audio and video sent over one
 * connection report the same figures), and one seems to be missing unless the key says so.
 */
export function coincidesWith(series: readonly { t: readonly number[]; y: readonly (number | null)[] }[]): (number | null)[] {
  const byTime = series.map((s) => {
    const m = new Map<number, number | null>();
    s.t.forEach((x, i) => m.set(x, s.y[i] ?? null));
    return m;
  });
  return series.map((s, i) => {
    if (!s.y.some((v) => v !== null && v !== undefined)) return null;
    for (let j = 0; j < i; j++) {
      const earlier = byTime[j] as Map<number, number | null>;
      if (s.t.every((x, k) => earlier.has(x) && earlier.get(x) === (s.y[k] ?? null))) return j;
    }
    return null;
  });
}
