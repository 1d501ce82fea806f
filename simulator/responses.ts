// The three error envelopes that reach a RealtimeKit client (docs/upstream.md), and the error type
// handlers throw to produce the service one.

/** RealtimeKit service errors: `{success:false, error:{code, message}}`, code = HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function serviceError(status: number, message: string) {
  return { success: false, error: { code: status, message } };
}

/** Cloudflare API-gateway errors use the v4 envelope. */
export function gatewayError(code: number, message: string) {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

export const NO_ROUTE = gatewayError(7003, "No route for the URI");

export const RATE_LIMITED = gatewayError(
  971,
  "More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed",
);

/** The gateway answers a missing or wrong token with a bare message. */
export const UNAUTHORIZED = { message: "Unauthorized" };

const REASONS: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The body an injected status would carry, in the envelope that status comes in upstream. */
export function bodyForStatus(status: number): unknown {
  if (status === 401) return UNAUTHORIZED;
  if (status === 429) return RATE_LIMITED;
  return serviceError(status, REASONS[status] ?? `HTTP ${status}`);
}
