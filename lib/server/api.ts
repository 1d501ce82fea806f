import "server-only";
import type { Session } from "next-auth";
import type { z } from "zod";
import { auth } from "@/auth";
import { parseQuery, type FieldIssue, type ParsedQuery, type QueryFields } from "@/lib/validations/query";
import { ApiError, badRequest, toErrorResponse } from "./api-errors";
import { isAppAllowed } from "./apps";
import { currentRequestScope, runInRequestScope, userKeyOf } from "./request-scope";

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

/**
 * Wraps a route handler so every failure becomes the JSON envelope, and all the upstream calls it
 * makes share one deadline (REALTIMEKIT_TIMEOUT_MS for the whole answer, not for each call).
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return (req, ctx) =>
    runInRequestScope(async () => {
      try {
        return await handler(req, ctx);
      } catch (err) {
        return toErrorResponse(err);
      }
    });
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
