import { headers } from "next/headers";
import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { describeMissing } from "@/lib/http/not-found";
import { PATH_HEADER } from "@/lib/http/request-url";
import { homePath, lookupPath, sessionsPath } from "@/lib/routes";

// A page heading, sized like the notices' own titles.
const TITLE = { fontSize: 15, margin: "0 0 2px" } as const;

/**
 * The console's 404, inside the shell (header, app switcher, lookup box): pages call notFound()
 * before anything streams, so the status is a real 404, and this says what was not found. Rendered
 * per request (it reads the path proxy.ts passes), so its scripts carry the CSP nonce.
 */
export default async function ConsoleNotFound() {
  const missing = describeMissing(await requestPath());
  const app = missing.appId;

  if (missing.kind === "peer") {
    return (
      <div className="notice notice-warn" role="status" data-testid="peer-not-found">
        <h1 style={TITLE}>No report for this participant</h1>
        RealtimeKit has no call report for peer <code>{missing.id}</code> in app <code>{missing.appId}</code>. Peer
        reports exist only for participants who joined a session; a custom participant id, meeting id or session id is
        not a peer id. <Link href={lookupPath(missing.appId, missing.id)}>Look this id up</Link> to find what it is.
      </div>
    );
  }
  if (missing.kind === "session") {
    return (
      <div className="notice notice-warn" role="status" data-testid="session-not-found">
        <h1 style={TITLE}>No such session in this app</h1>
        RealtimeKit knows no session <code>{missing.id}</code> in app <code>{missing.appId}</code>. It may belong to
        another app, or be a meeting or peer id: <Link href={lookupPath(missing.appId, missing.id)}>look it up</Link>.
      </div>
    );
  }
  if (missing.kind === "app") {
    return (
      <div className="notice notice-warn" role="status" data-testid="app-not-found">
        <h1 style={TITLE}>This app is not available here</h1>
        App <code>{missing.appId}</code> is not one of the apps this deployment may show (REALTIMEKIT_APP_IDS, or the
        apps the API token can list). <Link href={homePath()}>See the available apps</Link>.
      </div>
    );
  }
  return (
    <div className="card stack" style={{ maxWidth: 560 }} data-testid="page-not-found">
      <h1 style={{ margin: 0 }}>Page not found</h1>
      <p className="muted" style={{ margin: 0 }}>
        This address does not match any page. If it came from a ticket, check that the link was copied whole; ids are
        long and easy to cut short.{app ? " Or paste the id into the lookup box above." : ""}
      </p>
      <div>
        <Link className="btn" href={app ? sessionsPath(app) : homePath()}>
          {app ? "Go to this app's sessions" : "Go to your apps"}
        </Link>
      </div>
    </div>
  );
}

/**
 * The path proxy.ts passes. Next.js also renders this boundary for pages that never call notFound();
 * under load that copy can start after their response is sent, when headers() throws: it is never
 * shown, so it names nothing instead of logging an error per page (Next.js's own signals go on).
 */
async function requestPath(): Promise<string | null> {
  try {
    return (await headers()).get(PATH_HEADER);
  } catch (err) {
    unstable_rethrow(err);
    return null;
  }
}
