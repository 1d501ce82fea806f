// Query and path parameter parsing with the upstream's 400s: a bad value is rejected with a
// message naming the parameter (Joi style, as the API's own BAD_REQUEST messages are).

import { ApiError } from "./responses";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function bad(name: string, problem: string): ApiError {
  return new ApiError(400, `BAD_REQUEST: "${name}" ${problem}`);
}

export function requireGuid(name: string, value: string): string {
  if (!UUID.test(value)) throw bad(name, "must be a valid GUID");
  return value;
}

export class Query {
  constructor(private readonly params: URLSearchParams) {}

  private raw(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === "" ? undefined : value;
  }

  int(name: string, fallback: number, min: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw bad(name, "must be a number");
    const n = Number(value);
    if (n < min) throw bad(name, `must be greater than or equal to ${min}`);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = allowed.find((a) => a === value);
    if (match === undefined) throw bad(name, `must be one of [${allowed.join(", ")}]`);
    return match;
  }

  bool(name: string): boolean {
    const value = this.raw(name);
    if (value === undefined) return false;
    if (value === "true") return true;
    if (value === "false") return false;
    throw bad(name, "must be a boolean");
  }

  /** An ISO 8601 date-time, as epoch ms. */
  time(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (!ISO_DATE_TIME.test(value) || Number.isNaN(ms)) throw bad(name, "must be a valid ISO 8601 date");
    return ms;
  }

  string(name: string, maxLength = 1000): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && value.length > maxLength)
      throw bad(name, `length must be less than or equal to ${maxLength} characters long`);
    return value;
  }

  guid(name: string): string | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : requireGuid(name, value);
  }

  /** "min:max" with either side optional, as in `participants=1:10`. */
  range(name: string): { min: number; max: number } | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const m = /^(\d*):(\d*)$/.exec(value);
    if (!m || (m[1] === "" && m[2] === "")) throw bad(name, 'must look like "min:max"');
    const min = m[1] ? Number(m[1]) : 0;
    const max = m[2] ? Number(m[2]) : Infinity;
    if (min > max) throw bad(name, "min must not exceed max");
    return { min, max };
  }

  /** A comma-separated list whose every item is one of `allowed`. */
  list<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return value.split(",").map((item) => {
      const match = allowed.find((a) => a === item.trim());
      if (match === undefined) throw bad(name, `must be one of [${allowed.join(", ")}]`);
      return match;
    });
  }
}

export interface Paging {
  start_offset: number;
  end_offset: number;
  total_count: number;
}

/** Offsets are 1-based inclusive item positions; an empty page reports 0/0. */
export function paginate<T>(items: readonly T[], pageNo: number, perPage: number): { items: T[]; paging: Paging } {
  const start = (Math.max(1, pageNo) - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  return {
    items: slice,
    paging:
      slice.length > 0
        ? { start_offset: start + 1, end_offset: start + slice.length, total_count: items.length }
        : { start_offset: 0, end_offset: 0, total_count: items.length },
  };
}
