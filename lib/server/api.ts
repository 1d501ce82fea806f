import "server-only";
import type { Session } from "next-auth";
import type { z } from "zod";
import { auth } from "@/auth";
import { withoutBasePath } from "@/lib/base-path";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-id";
import { parseQuery, type FieldIssue, type ParsedQuery, type QueryFields } from "@/lib/validations/query";
import { ApiError, badRequest, toErrorResponse } from "./api-errors";
import { isAppAllowed } from "./apps";
import { log } from "./log";
import { upstreamBudget } from "./realtimekit/client";
import { budgetLeft } from "./realtimekit/http";
import { currentRequestScope, runInRequestScope, userKeyOf, type RequestScope } from "./request-scope";

export { json } from "./api-errors";

/** Validates one path parameter, naming it in the error. */
export function param<S extends z.ZodType>(name: string, schema: S, value: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest([{ field: name, message: parsed.error.issues[0]?.message ?? "is invalid" }]);
  return parsed.data;
}

export async function requireSession(): Promise<Session> {
  const session = await auth();
  if (!session?.user) throw new ApiError(401, "unauthorized", "Sign in to use this API");
  // The upstream calls this request makes count against this user's share of the budget.
  currentRequestScope().userKey = userKeyOf(session.user);
  return session;
}

export async function requireApp(appId: string): Promise<void> {
  if (!(await isAppAllowed(appId))) {
    throw new ApiError(403, "forbidden", `App ${appId} is not available in this deployment`);
  }
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

export interface RouteOptions {
  /**
   * A probe's line (load balancers ask every few seconds) is written at debug level while it
   * answers 2xx, so the log is not mostly probes; a failing probe is logged like any request.
   */
  probe?: boolean;
}

/**
 * Wraps a route handler so every failure becomes the JSON envelope, all the upstream calls it
 * makes share one deadline (REALTIMEKIT_TIMEOUT_MS for the whole answer, not for each call), the
 * response carries the request id, and one log line says what answering took (README.md, "Logs
 * and probes").
 */
export function route<C>(handler: Handler<C>, opts: RouteOptions = {}): Handler<C> {
  return (req, ctx) => {
    const startedMs = performance.now();
    // proxy.ts has already checked or made it; routes it does not gate check it here.
    const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
    return runInRequestScope(
      async () => {
        let res: Response;
        try {
          res = await handler(req, ctx);
        } catch (err) {
          res = toErrorResponse(err);
        }
        res = withHeader(res, REQUEST_ID_HEADER, requestId);
        const line = await requestLine(req, ctx, res.status, performance.now() - startedMs, currentRequestScope());
        if (opts.probe && res.ok) log.debug(line, "request");
        else log.info(line, "request");
        return res;
      },
      { requestId },
    );
  };
}

/** A request line's fields: no query string, header, cookie or user (README.md, "Logs and probes"). */
async function requestLine(req: Request, ctx: unknown, status: number, durationMs: number, scope: RequestScope) {
  const raw = new URL(req.url).pathname;
  // As the app names its routes, also when it is served under a sub-path (BASE_PATH).
  const path = withoutBasePath(raw) ?? raw;
  const counters = scope.counters;
  return {
    requestId: scope.requestId,
    method: req.method,
    route: routePattern(path, await paramsOf(ctx)),
    path,
    status,
    durationMs: Math.round(durationMs * 10) / 10,
    upstreamCalls: counters?.upstreamCalls ?? 0,
    cacheHits: counters?.cacheHits ?? 0,
    cacheMisses: counters?.cacheMisses ?? 0,
    budgetLeft: counters?.budgetLeft ?? currentBudgetLeft(),
  };
}

async function paramsOf(ctx: unknown): Promise<Record<string, string | string[] | undefined>> {
  const params = (ctx as { params?: unknown } | null | undefined)?.params;
  if (!params) return {};
  try {
    return ((await params) ?? {}) as Record<string, string | string[] | undefined>;
  } catch {
    return {};
  }
}

/**
 * The route's pattern (`/api/apps/[appId]/peers/[peerId]`) from its path and the parameters
 * Next.js matched: each segment that is a parameter's value is named after it, so lines of one
 * route group together whatever the ids.
 */
export function routePattern(path: string, params: Record<string, string | string[] | undefined>): string {
  const left = Object.entries(params).filter((e): e is [string, string | string[]] => e[1] !== undefined);
  const segments = path.split("/");
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = safeDecode(segments[i] as string);
    const at = left.findIndex(([, v]) =>
      Array.isArray(v)
        ? v.length > 0 &&
          v.join("/") ===
            segments
              .slice(i, i + v.length)
              .map(safeDecode)
              .join("/")
        : v === segment,
    );
    if (i === 0 || at < 0) {
      out.push(segments[i] as string);
      continue;
    }
    const [name, value] = left.splice(at, 1)[0] as [string, string | string[]];
    if (Array.isArray(value)) {
      out.push(`[...${name}]`);
      i += value.length - 1;
    } else out.push(`[${name}]`);
  }
  return out.join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What the deployment's budget has left now; undefined while it is not configured. */
function currentBudgetLeft(): number | undefined {
  try {
    return budgetLeft(upstreamBudget().snapshot());
  } catch {
    return undefined;
  }
}

/** Sets a header, on a copy when the response's own are immutable (a fetched response passed on). */
function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    const headers = new Headers(res.headers);
    headers.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

/** Parses a request's query strictly (unknown or bad values are a 400 naming the field). */
export function parseStrict<F extends QueryFields>(
  req: Request,
  fields: F,
  check?: (v: ParsedQuery<F>) => FieldIssue[],
): ParsedQuery<F> {
  const { value, issues } = parseQuery(fields, new URL(req.url).searchParams, { mode: "strict", check });
  if (issues.length) throw badRequest(issues);
  return value;
}
