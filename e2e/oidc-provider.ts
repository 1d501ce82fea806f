/**
 * A real OpenID Connect provider for e2e (oauth2-mock-server), plus a tiny control port where a
 * test sets which email the next sign-in asserts — to test both an allowed and a refused user.
 */
import { createServer } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";
import { OIDC_ADMIN_GROUP, OIDC_ISSUER, PORTS } from "./env";

let nextEmail = "alice@example.com";

async function main() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  const claims = (payload: Record<string, unknown>) => {
    payload.email = nextEmail;
    payload.email_verified = true;
    payload.name = nextEmail.split("@")[0];
    payload.sub = nextEmail;
    // Group membership as IdPs send it; "admin…" addresses are in the deployment's admin group.
    payload.groups = nextEmail.startsWith("admin") ? ["staff", OIDC_ADMIN_GROUP] : ["staff"];
  };
  server.service.on("beforeTokenSigning", (token) => claims(token.payload));
  server.service.on("beforeUserinfo", (userInfo) => claims(userInfo.body));
  // The issuer must match AUTH_OIDC_ISSUER to the letter (127.0.0.1, not localhost).
  server.issuer.url = OIDC_ISSUER;
  await server.start(PORTS.oidc, "127.0.0.1");

  createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/email")) {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        nextEmail = body.trim();
        res.end("ok");
      });
      return;
    }
    res.statusCode = req.url === "/health" ? 200 : 404;
    res.end();
  }).listen(PORTS.oidcControl, "127.0.0.1");

  console.log(`OIDC provider on ${server.issuer.url}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
