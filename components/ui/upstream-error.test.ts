import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { UpstreamErrorNotice } from "./upstream-error";

const TOKEN = "page-token-never-shown-0123456789";

const render = (error: UpstreamError) =>
  renderToStaticMarkup(createElement(UpstreamErrorNotice, { error, what: "this session" }));

describe("UpstreamErrorNotice", () => {
  it("shows the kind's fixed message and hint, never what the upstream said", () => {
    const html = render(
      new UpstreamError({
        kind: "http",
        status: 500,
        path: "/x",
        detail: `echo: Authorization: Bearer ${TOKEN}`,
        bodySnippet: TOKEN,
      }),
    );
    expect(html).toContain("Could not load this session");
    expect(html).toContain("RealtimeKit failed (HTTP 500).");
    expect(html).not.toContain(TOKEN);
  });

  it("keeps this app's own words: the deadline, the body cap", () => {
    expect(
      render(new UpstreamError({ kind: "timeout", path: "/x", message: "RealtimeKit did not answer within 15 s" })),
    ).toContain("RealtimeKit did not answer within 15 s. RealtimeKit is slow to answer.");
    expect(
      render(new UpstreamError({ kind: "network", path: "/x", detail: "connect ECONNREFUSED 10.0.0.7:443" })),
    ).not.toContain("10.0.0.7");
  });
});
