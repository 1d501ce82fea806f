/**
 * The request id: one per inbound request, in the `x-request-id` response header and in every log
 * line written for it (README.md, "Logs and probes"). A load balancer's or client's own id is kept
 * when it is a plain token, so their logs and ours can be joined; anything else is replaced, as a
 * header value ends up in log lines and must not carry text a client chose freely.
 */

export const REQUEST_ID_HEADER = "x-request-id";

const SANE = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming id when it is a sane token (at most 64 of `A-Z a-z 0-9 . _ -`), else a new UUID. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && SANE.test(incoming) ? incoming : crypto.randomUUID();
}

/** Whether a value is one this app would pass on as is. */
export function isSaneRequestId(value: string | null | undefined): value is string {
  return !!value && SANE.test(value);
}
