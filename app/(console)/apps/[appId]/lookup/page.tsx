import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ForbiddenApp } from "@/components/ui/forbidden-app";
import { Time } from "@/components/ui/time";
import { peerPath, sessionPath } from "@/lib/routes";
import { describeScope, lookup } from "@/lib/server/lookup";
import { appForPage } from "@/lib/server/pages";
import { lookupIdSchema } from "@/lib/validations/ids";

export const metadata: Metadata = { title: "Look up an id" };

type Props = {
  params: Promise<{ appId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function LookupPage({ params, searchParams }: Props) {
  const [{ appId: rawAppId }, query] = await Promise.all([params, searchParams]);
  const found = await appForPage(rawAppId);
  if (!found.allowed) return <ForbiddenApp appId={found.appId} />;
  const appId = found.app.id;
  const raw = Array.isArray(query.id) ? query.id[0] : query.id;

  const form = (value: string) => (
    <form method="get" className="row" role="search">
      <input
        type="search"
        name="id"
        defaultValue={value}
        aria-label="Id to look up"
        placeholder="An id, a participant's name, or a link to a page here"
        style={{ flex: "1 1 360px" }}
        maxLength={256}
      />
      <button className="btn btn-primary" type="submit">
        Look up
      </button>
    </form>
  );

  if (raw === undefined || raw.trim() === "") {
    return (
      <div className="stack">
        <h1>Look up an id</h1>
        <p className="muted">
          Paste a session id, peer id, meeting id, your own custom participant id, a participant&rsquo;s display name
          (or part of it), or a link to a page of this console from a ticket.
        </p>
        {form("")}
      </div>
    );
  }
  const id = lookupIdSchema.safeParse(raw);
  if (!id.success) {
    return (
      <div className="stack">
        <h1>Look up an id</h1>
        <div className="notice notice-warn" role="status">
          <strong>That id cannot be looked up</strong>
          The id {id.error.issues[0]?.message ?? "is invalid"}.
        </div>
        {form("")}
      </div>
    );
  }

  const result = await lookup(appId, id.data);
  if (result.kind === "redirect") redirect(result.href);

  const appName = found.app.name ?? appId;
  return (
    <div className="stack">
      <h1>Look up an id</h1>
      {form(id.data)}
      {result.kind === "link" ? (
        <div className="notice notice-warn" role="status" data-testid="lookup-link">
          <strong>That link does not lead to a page of {appName}</strong>
          Links to this app&rsquo;s sessions list, a session, a participant or a lookup open from here; this one does
          not: {result.problem}.
        </div>
      ) : result.kind === "choose" ? (
        <div className="card stack" data-testid="lookup-matches">
          <strong>
            {result.total === 1 ? "One participant matches" : `${result.total} participants match`}{" "}
            <code>{id.data}</code>
            {result.total > result.matches.length ? ` (the first ${result.matches.length} are listed)` : ""}; pick one:
          </strong>
          <span className="muted" style={{ marginTop: -8 }} data-testid="lookup-scope">
            Searched the {describeScope(result.scope)} by custom participant id and display name.
          </span>
          <ul style={{ margin: 0 }}>
            {result.matches.map((m) => (
              <li key={m.participant.peerId}>
                <Link href={peerPath(appId, m.participant.peerId)}>{m.participant.name ?? m.participant.peerId}</Link>
                {m.participant.customParticipantId ? (
                  <>
                    {" "}
                    (<code>{m.participant.customParticipantId}</code>)
                  </>
                ) : null}{" "}
                — joined <Time iso={m.participant.joinedAt} /> in{" "}
                <Link href={sessionPath(appId, m.session.id)}>{m.session.title || "Untitled meeting"}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="notice notice-warn" role="status" data-testid="lookup-none">
          <strong>
            Nothing in {appName} matches <code>{id.data}</code>
          </strong>
          Tried, in order:
          <ul style={{ margin: "4px 0 0" }}>
            {result.attempts.map((a) => (
              <li key={a.what}>
                as {a.what}: {a.outcome}
                {a.detail ? ` (${a.detail})` : ""}
              </li>
            ))}
          </ul>
          Check that the id belongs to this app (switch apps above), or search the sessions list by time.
        </div>
      )}
    </div>
  );
}
