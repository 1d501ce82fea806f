// Seeded randomness. Two flavours: a sequential generator for building the world in a fixed
// order, and a stateless hash noise for per-sample values, so that any sample of any peer can be
// computed on its own (a live report's prefix never changes as it grows, and one peer's
// consumer samples can read another peer's conditions without generating that peer's report).

/** 32-bit string/number hash (FNV-1a over the parts, then avalanche). */
export function hashOf(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === "number" ? `#${part}` : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193);
  }
  return avalanche(h);
}

function avalanche(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Stateless uniform noise in [0, 1) for (seed, channel, index). */
export function noise(seed: number, channel: number, index: number): number {
  const h = avalanche(
    Math.imul(seed ^ Math.imul(channel + 1, 0x9e3779b1), 0x27d4eb2f) ^ Math.imul(index + 1, 0x165667b1),
  );
  return h / 4294967296;
}

/** Noise in [-1, 1] that varies smoothly with `x` (cosine-interpolated value noise). */
export function smoothNoise(seed: number, channel: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = noise(seed, channel, i) * 2 - 1;
  const b = noise(seed, channel, i + 1) * 2 - 1;
  const w = (1 - Math.cos(f * Math.PI)) / 2;
  return a + (b - a) * w;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  uuid(): string {
    return uuidFromWords([this.word(), this.word(), this.word(), this.word()]);
  }

  private word(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/** A UUID v4-shaped id derived from a hash of the parts (stable for the same parts). */
export function uuidFrom(...parts: ReadonlyArray<string | number>): string {
  return uuidFromWords([hashOf(...parts, 1), hashOf(...parts, 2), hashOf(...parts, 3), hashOf(...parts, 4)]);
}

function uuidFromWords(words: readonly [number, number, number, number]): string {
  const hex = words.map((w) => w.toString(16).padStart(8, "0")).join("");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const head = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}`;
  return `${head}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Hex string of `length` characters derived from the parts (browser-style device ids). */
export function hexFrom(length: number, ...parts: ReadonlyArray<string | number>): string {
  let out = "";
  for (let i = 0; out.length < length; i++)
    out += hashOf(...parts, i)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, length);
}
