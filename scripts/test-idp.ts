import { OAuth2Server } from "oauth2-mock-server";

/**
 * The trial scripts' IdP (try-base-path.ts, try-compose.ts), started as e2e/oidc-provider.ts starts
 * it: it signs in whoever asks, as `email`, with a verified address. The redirect URI each token
 * request names goes into `tokenRedirectUris`: a real IdP redeems a code only with the one the
 * authorization request named (RFC 6749, 4.1.3), and oauth2-mock-server does not check, so the
 * scripts do.
 */
export async function startTestIdp(opts: {
  issuer: string;
  email: string;
  tokenRedirectUris: string[];
}): Promise<OAuth2Server> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  const claims = (payload: Record<string, unknown>) => {
    Object.assign(payload, { email: opts.email, email_verified: true, name: "sso-user", sub: opts.email });
  };
  server.service.on("beforeTokenSigning", (token, req) => {
    claims(token.payload);
    const uri = (req.body as { redirect_uri?: unknown } | undefined)?.redirect_uri;
    if (typeof uri === "string") opts.tokenRedirectUris.push(uri);
  });
  server.service.on("beforeUserinfo", (userInfo) => claims(userInfo.body));
  // The issuer must match AUTH_OIDC_ISSUER to the letter.
  server.issuer.url = opts.issuer;
  const { hostname, port } = new URL(opts.issuer);
  await server.start(Number(port), hostname);
  return server;
}
