import type {
  CandidatePair,
  Completeness,
  DeviceInfo,
  NetworkInfo,
  PeerReport,
  PrecallResult,
  Track,
  TrackSummary,
} from "@/lib/realtimekit/types";
import { formatDuration, formatNumber, formatUtcRange } from "@/lib/format";
import { outages } from "@/lib/report/outages";
import { callNetworkMedians } from "@/lib/report/findings";
import { describeTracks, pairWords, PROTOCOL_WORDS, trackLabel, transportSummary } from "@/lib/report/vocabulary";
import { pairPath, pairProtocol, usedPairs } from "@/lib/realtimekit/candidate-pairs";
import { Time } from "@/components/ui/time";

/** The peer page's fact panels. Server components: plain HTML, usable before any chart loads. */

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

const orDash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === "" ? <span className="muted">—</span> : v;

/** What a non-admin is told about the masked facts (docs/privacy.md). */
const MASKED_NOTE = "Shown masked: admins see the full address, the city and the whole user agent.";

export function DevicePanel({
  device,
  updates,
  masked = false,
}: {
  device: DeviceInfo | null;
  updates: PeerReport["deviceUpdates"];
  /** The user agent was reduced to browser and OS on the server. */
  masked?: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="device-h">
      <h2 id="device-h">Device</h2>
      {device ? (
        <dl className="facts">
          <Fact label="Operating system">{orDash([device.os, device.osVersion].filter(Boolean).join(" "))}</Fact>
          <Fact label="Browser">{orDash([device.browser, device.browserVersion].filter(Boolean).join(" "))}</Fact>
          <Fact label="Engine">{orDash(device.engine)}</Fact>
          <Fact label="CPU cores">{orDash(device.cpuCores)}</Fact>
          {device.memoryGb !== null ? <Fact label="Memory">{device.memoryGb} GB</Fact> : null}
          <Fact label="Mobile">{device.isMobile === null ? orDash(null) : device.isMobile ? "yes" : "no"}</Fact>
          <Fact label="SDK">
            {orDash(
              [device.sdkName, device.sdkVersion, device.sdkType ? `(${device.sdkType})` : null]
                .filter(Boolean)
                .join(" "),
            )}
          </Fact>
          <Fact label="Room view">{orDash(device.roomViewType)}</Fact>
          {device.audioEncoder || device.videoEncoder ? (
            <Fact label="Encoders">{[device.audioEncoder, device.videoEncoder].filter(Boolean).join(", ")}</Fact>
          ) : null}
          <Fact label={masked ? "User agent (browser and OS only)" : "User agent"}>
            <code style={{ fontSize: 11.5 }}>{device.userAgent ?? "—"}</code>
          </Fact>
        </dl>
      ) : (
        <p className="muted">RealtimeKit sent no device information for this peer.</p>
      )}
      <h3 style={{ fontSize: 13, margin: "4px 0 0" }}>Media devices during the call</h3>
      {updates.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No device changes were reported.
        </p>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="device-updates" className="print-compact">
          {updates.map((u, i) => (
            <li key={i}>
              <Time iso={u.t} withDate={false} />:{" "}
              {u.kind === "selected"
                ? `switched to ${u.device?.label || u.device?.kind || "a device"}` +
                  (u.device?.kind ? ` (${u.device.kind})` : "")
                : [
                    u.added.length ? `added ${u.added.map((d) => d.label || d.kind).join(", ")}` : null,
                    u.removed.length ? `removed ${u.removed.map((d) => d.label || d.kind).join(", ")}` : null,
                  ]
                    .filter(Boolean)
                    .join("; ") || `${u.kind} list changed`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function pairLabel(p: CandidatePair): string {
  // The local protocol as pairProtocol reads it: TURN over TLS is TCP here too, as in the path column.
  const local = [p.local.type ?? "type not reported", PROTOCOL_WORDS[pairProtocol(p)], p.local.networkType]
    .filter(Boolean)
    .join(" / ");
  const remote = [
    p.remote.type ?? "type not reported",
    p.remote.protocol?.toUpperCase() ?? "protocol not reported",
  ].join(" / ");
  return `${local} → ${remote}`;
}

/** The path column: the transport finding's and the summary's reading and words for one connection. */
function PathCell({ p }: { p: CandidatePair }) {
  const path = pairPath(p);
  const tcp = pairProtocol(p) === "tcp";
  const words = pairWords(p);
  if (tcp || path === "relay") return <span className={`badge ${tcp ? "badge-bad" : "badge-warn"}`}>{words}</span>;
  return path === "unknown" ? <span className="muted">{words}</span> : <>{words}</>;
}

export function NetworkPanel({
  network,
  pairs,
  masked = false,
}: {
  network: NetworkInfo | null;
  pairs: CandidatePair[];
  /** The address was cut to its network and the city dropped on the server. */
  masked?: boolean;
}) {
  const selected = pairs.filter((p) => p.nominated !== false);
  return (
    <section className="card stack" aria-labelledby="network-h">
      <h2 id="network-h">Network</h2>
      {network ? (
        <dl className="facts">
          <Fact label={masked ? "IP network" : "IP address"}>
            <span data-testid="network-ip">{orDash(network.ipv4)}</span>
          </Fact>
          <Fact label="Location">
            <span data-testid="network-location">
              {orDash([network.city, network.region, network.country].filter(Boolean).join(", "))}
            </span>
          </Fact>
          <Fact label="Time zone">{orDash(network.timezone)}</Fact>
          <Fact label="ISP / organisation">{orDash(network.asnName ?? network.org)}</Fact>
          <Fact label="ASN">
            {orDash([network.asn, network.asnType ? `(${network.asnType})` : null].filter(Boolean).join(" "))}
          </Fact>
          {network.asnRoute ? <Fact label="Route">{network.asnRoute}</Fact> : null}
        </dl>
      ) : (
        <p className="muted">No IP information was reported.</p>
      )}
      {masked && network ? (
        <p className="muted" style={{ margin: 0 }} data-testid="privacy-note">
          {MASKED_NOTE}
        </p>
      ) : null}
      <h3 style={{ fontSize: 13, margin: "4px 0 0" }}>Selected candidate pairs</h3>
      {selected.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No candidate pair was reported (older SDKs, or the report was filtered).
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Selected candidate pairs (scrolls sideways)">
          <table className="data" data-testid="candidate-pairs">
            <thead>
              <tr>
                <th>Transport</th>
                <th>Local → remote (type / protocol / network)</th>
                <th>Media path</th>
                <th className="num">RTT</th>
                <th className="num">Available out</th>
              </tr>
            </thead>
            <tbody>
              {selected.map((p, i) => (
                <tr key={i}>
                  <td>{p.transport === "producing" ? "sending" : "receiving"}</td>
                  <td>{pairLabel(p)}</td>
                  <td>
                    <PathCell p={p} />
                  </td>
                  <td className="num">{p.rttMs === null ? "—" : `${formatNumber(p.rttMs, 1)} ms`}</td>
                  <td className="num">
                    {p.availableOutgoingKbps === null ? "—" : `${formatNumber(p.availableOutgoingKbps, 0)} kbps`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const yesNo = (v: boolean | null) =>
  v === null ? <span className="muted">—</span> : v ? "yes" : <strong style={{ color: "var(--bad)" }}>no</strong>;

/** The pre-call test beside what then happened in the call. */
export function PrecallPanel({
  precall,
  tracks,
  pairs,
}: {
  precall: PrecallResult[];
  tracks: Track[];
  pairs: CandidatePair[];
}) {
  const p = precall[precall.length - 1] ?? null;
  // The pre-call finding's own figures, so panel and finding never disagree.
  const { rttMs: callRtt, lossPct: callLoss } = callNetworkMedians(tracks);
  // The pre-call finding's words for the call's path ("In the call: media direct over UDP").
  const path = transportSummary(pairs);
  const callNetworks = [
    ...new Set(
      usedPairs(pairs)
        .map((x) => x.local.networkType)
        .filter((n): n is string => !!n),
    ),
  ];
  return (
    <section className="card stack" aria-labelledby="precall-h">
      <h2 id="precall-h">Pre-call test, and then the call</h2>
      {p === null ? (
        <p className="muted">
          No pre-call test was reported (the participant may have skipped it, or the SDK does not run one).
        </p>
      ) : (
        <div
          className="table-wrap"
          tabIndex={0}
          role="region"
          aria-label="Pre-call test and the call (scrolls sideways)"
        >
          <table className="data stack-on-phone" data-testid="precall">
            <thead>
              <tr>
                <th />
                <th>
                  Pre-call test
                  {p.at ? (
                    <>
                      {" "}
                      at <Time iso={p.at} withDate={false} />
                    </>
                  ) : null}
                </th>
                <th>During the call</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>Network</td>
                <td data-label="Pre-call test">
                  {p.effectiveNetworkType ? (
                    `browser's speed estimate: "${p.effectiveNetworkType}"`
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-label="During the call">
                  {callNetworks.length ? (
                    `${callNetworks.join(", ")} (the connection used)`
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
              <tr>
                <td>TURN server reachable</td>
                <td data-label="Pre-call test">{yesNo(p.turnConnectivity)}</td>
                <td data-label="During the call" rowSpan={2}>
                  {path ?? <span className="muted">—</span>}
                </td>
              </tr>
              <tr>
                <td>Media relay reachable</td>
                <td data-label="Pre-call test">{yesNo(p.relayConnectivity)}</td>
              </tr>
              <tr>
                <td>Reflexive (STUN) reachable</td>
                <td data-label="Pre-call test">{yesNo(p.reflexiveConnectivity)}</td>
                <td data-label="During the call" className="muted">
                  —
                </td>
              </tr>
              <tr>
                <td>Round-trip time</td>
                <td data-label="Pre-call test">
                  {p.rttMs === null ? <span className="muted">not measured</span> : `${formatNumber(p.rttMs, 0)} ms`}
                </td>
                <td data-label="During the call">
                  {callRtt === null ? (
                    <span className="muted">—</span>
                  ) : (
                    `${formatNumber(callRtt, 0)} ms median (sending)`
                  )}
                </td>
              </tr>
              <tr>
                <td>Packet loss</td>
                <td data-label="Pre-call test">
                  {p.lossPct === null ? <span className="muted">not measured</span> : `${formatNumber(p.lossPct, 1)} %`}
                </td>
                <td data-label="During the call">
                  {callLoss === null ? (
                    <span className="muted">—</span>
                  ) : (
                    `${formatNumber(callLoss, 1)} % median (sending)`
                  )}
                </td>
              </tr>
              {p.throughputKbps !== null ? (
                <tr>
                  <td>Throughput</td>
                  <td data-label="Pre-call test">{formatNumber(p.throughputKbps)} kbps</td>
                  <td data-label="During the call" className="muted">
                    —
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CompletenessLine({ c }: { c: Completeness }) {
  const gaps = outages(c.gaps);
  const parts = Object.entries(c.sections).map(([k, v]) => (
    <span
      key={k}
      className={`badge ${v === "present" ? "badge-good" : v === "empty" ? "badge-warn" : "badge-neutral"}`}
    >
      {k}: {v}
    </span>
  ));
  return (
    <div className="row" data-testid="completeness" style={{ gap: 6 }}>
      <span className="muted">Data:</span>
      {parts}
      {c.legacyShape ? <span className="badge badge-neutral">legacy payload</span> : null}
      {c.droppedSamples ? <span className="muted">{c.droppedSamples} unreadable samples dropped</span> : null}
      {c.duplicateSamples ? <span className="muted">{c.duplicateSamples} repeated samples ignored</span> : null}
      {gaps.length ? (
        <span
          className="badge badge-warn"
          data-testid="sampling-gaps"
          title="Stretches with no samples: the SDK stopped reporting (disconnect, frozen tab, or upload trouble)"
        >
          {gaps.length} sampling gap{gaps.length > 1 ? "s" : ""}:{" "}
          {gaps
            .slice(0, 3)
            .map(
              (g) =>
                `${formatUtcRange(g.from, g.to)} ` +
                `(${formatDuration((g.to - g.from) / 1000)}, ${describeTracks(g.tracks)})`,
            )
            .join("; ")}
          {gaps.length > 3 ? `; and ${gaps.length - 3} more` : ""}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The upstream's own per-track summaries (`*_cumulative`), also for tracks whose time series is
 * empty or unreadable: for those they are all there is. MOS as reported, its scale marked.
 */
export function SummaryCards({ summaries, mosScaleEvident }: { summaries: TrackSummary[]; mosScaleEvident: boolean }) {
  if (summaries.length === 0) return null;
  return (
    <section className="stack no-print" aria-labelledby="summary-h">
      <h2 id="summary-h" style={{ margin: 0 }}>
        RealtimeKit&apos;s own summaries
      </h2>
      <div className="grid-cards" data-testid="summary-cards">
        {summaries.map((t) => {
          const c = t.cumulative;
          return (
            <div key={t.key} className="card stack" style={{ gap: 4 }}>
              <strong>{trackLabel(t.key)}</strong>
              {t.series !== "present" ? (
                <span className="badge badge-warn" data-testid="summary-only">
                  no time series ({t.series}): this summary is all there is
                </span>
              ) : null}
              {c.mos ? (
                <span>
                  MOS (scale undocumented{mosScaleEvident ? "" : ", no value above 1"}): avg{" "}
                  {formatNumber(c.mos.avg, 2)}, p50 {formatNumber(c.mos.p50, 2)}, p90 {formatNumber(c.mos.p90, 2)}
                </span>
              ) : null}
              {c.lossPct ? (
                <span>
                  Loss: avg {formatNumber(c.lossPct.avg, 2)} %{Object.entries(c.lossPct.atOrAbove).length ? "; " : ""}
                  {Object.entries(c.lossPct.atOrAbove)
                    .map(([k, v]) => `≥ ${k} % in ${formatNumber(v * 100, 1)} % of samples`)
                    .join(", ")}
                </span>
              ) : null}
              {c.rttMs ? (
                <span>
                  RTT: avg {formatNumber(c.rttMs.avg, 0)} ms
                  {Object.entries(c.rttMs.atOrAbove).length ? "; " : ""}
                  {Object.entries(c.rttMs.atOrAbove)
                    .map(([k, v]) => `≥ ${k} ms in ${formatNumber(v * 100, 1)} %`)
                    .join(", ")}
                </span>
              ) : null}
              {c.jitterBufferMs ? <span>Jitter buffer: avg {formatNumber(c.jitterBufferMs.avg, 0)} ms</span> : null}
              {c.fps ? (
                <span>
                  Frame rate: avg {formatNumber(c.fps.avg, 1)} fps, p50 {formatNumber(c.fps.p50, 1)} fps
                </span>
              ) : null}
              {Object.entries(c.issues).length ? (
                <span className="muted">
                  {Object.entries(c.issues)
                    .map(([k, v]) => `${k.replace(/_fraction$/, "").replace(/_/g, " ")} ${formatNumber(v * 100, 1)} %`)
                    .join(" · ")}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
