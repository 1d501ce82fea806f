import { describe, expect, it } from "vitest";
import { withoutSessionRefresh } from "./session-cookie";

function response(cookies: string[]): Response {
  const headers = new Headers({ "content-type": "text/html" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response("ok", { headers });
}

describe("withoutSessionRefresh", () => {
  it("drops a refreshed session token, whole or chunked, and keeps every other cookie", () => {
    const res = withoutSessionRefresh(
      response([
        "authjs.session-token=eyJhbGciOi; Path=/; Expires=Thu, 26 Nov 2026 10:00:00 GMT; HttpOnly; SameSite=Lax",
        "__Secure-authjs.session-token.0=eyJhbGciOi; Path=/; HttpOnly; Secure; SameSite=Lax",
        "__Secure-authjs.session-token.1=part2; Path=/; HttpOnly; Secure; SameSite=Lax",
        "authjs.callback-url=%2F; Path=/; HttpOnly",
      ]),
    );
    expect(res.headers.getSetCookie()).toEqual(["authjs.callback-url=%2F; Path=/; HttpOnly"]);
    expect(res.headers.get("content-type")).toBe("text/html");
  });

  it("lets a cookie that clears the session through", () => {
    const cleared = [
      "authjs.session-token=; Path=/; Max-Age=0; HttpOnly",
      "__Secure-authjs.session-token=deleted; Path=/; max-age=0",
    ];
    expect(withoutSessionRefresh(response(cleared)).headers.getSetCookie()).toEqual(cleared);
  });

  it("leaves responses without a session cookie (and no response) alone", () => {
    const res = response(["theme=dark; Path=/"]);
    expect(withoutSessionRefresh(res)).toBe(res);
    expect(res.headers.getSetCookie()).toEqual(["theme=dark; Path=/"]);
    expect(withoutSessionRefresh(undefined)).toBeUndefined();
  });
});
