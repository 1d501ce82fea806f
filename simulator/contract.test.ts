// The simulator must not drift from the real API: every success and error body is validated
// against the OpenAPI extract (spec/openapi.json), and, because the spec allows any extra key,
// every key the simulator sends must also be one the spec names.

import { readFileSync } from "node:fs";
import Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM } from "./scenarios";
import type { TestSimulator } from "./testing";
import { PROD, startTestSimulator } from "./testing";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const spec = JSON.parse(readFileSync(new URL("./spec/openapi.json", import.meta.url), "utf8")) as JsonObject;
const SPEC_ID = "openapi";

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a null-admitting type; refs point into the registered spec. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "nullable" || k === "example" || k === "examples") continue;
    out[k] =
      k === "$ref" && typeof v === "string"
        ? v.replace(/^#\/components\//, `${SPEC_ID}#/components/`)
        : toJsonSchema(v);
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

const components = toJsonSchema(spec.components ?? {}) as JsonObject;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, components });

function at(obj: Json | undefined, ...keys: string[]): Json | undefined {
  let cur = obj;
  for (const k of keys) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

function deref(schema: Json | undefined): JsonObject {
  let cur = schema;
  while (isObject(cur) && typeof cur.$ref === "string") {
    cur = at(components, ...cur.$ref.replace(`${SPEC_ID}#/components/`, "").split("/"));
  }
  if (!isObject(cur)) throw new Error("unresolvable schema");
  return cur;
}

/** The 200 (or named) response schema of an operation, following a $ref into components/responses. */
function responseSchema(operationId: string, status = "200"): JsonObject {
  for (const item of Object.values(spec.paths as JsonObject)) {
    for (const op of Object.values(item as JsonObject)) {
      if (!isObject(op) || op.operationId !== operationId) continue;
      const response = deref(toJsonSchema(at(op, "responses", status) ?? null));
      const schema = at(response, "content", "application/json", "schema");
      if (!isObject(schema)) throw new Error(`${operationId} ${status} has no JSON schema`);
      return schema;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: () => JsonObject): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(schema());
    validators.set(key, v);
  }
  return v;
}

/** Keys present in `value` that the schema does not name, as dotted paths. */
function unknownKeys(schemaIn: Json, value: Json, where: string, out: string[]): string[] {
  if (value === null) return out;
  const schema = deref(schemaIn);
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf)) return unknownKeys(anyOf[0] ?? {}, value, where, out);
  const parts = Array.isArray(schema.allOf) ? [schema, ...schema.allOf.map(deref)] : [schema];
  if (Array.isArray(value)) {
    const items = parts.find((p) => p.items !== undefined)?.items;
    if (items !== undefined) value.forEach((v, i) => unknownKeys(items, v, `${where}[${i}]`, out));
    return out;
  }
  if (!isObject(value)) return out;
  const props: JsonObject = {};
  for (const p of parts) if (isObject(p.properties)) Object.assign(props, p.properties);
  if (Object.keys(props).length === 0) return out;
  for (const [k, v] of Object.entries(value)) {
    const sub = props[k];
    if (sub === undefined) out.push(`${where}.${k}`);
    else unknownKeys(sub, v, `${where}.${k}`, out);
  }
  return out;
}

/** The Dyte example puts participants' paging inside data; the TS types name no paging there. */
const TOLERATED_EXTRAS = new Set(["$.data.paging"]);

function expectConforms(operationId: string, body: Json): void {
  const validate = validatorFor(operationId, () => responseSchema(operationId));
  const valid = validate(body);
  expect(valid ? [] : validate.errors?.slice(0, 5)).toEqual([]);
  const extras = unknownKeys(responseSchema(operationId), body, "$", []).filter((k) => !TOLERATED_EXTRAS.has(k));
  expect(extras.slice(0, 10)).toEqual([]);
}

function expectServiceError(body: Json, status: number): void {
  for (const name of ["realtimekit_GenericErrorResponse", "realtimekit_ErrorResponse"]) {
    const validate = validatorFor(name, () => ({ $ref: `${SPEC_ID}#/components/schemas/${name}` }));
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  }
  expect(at(body, "error", "code")).toBe(status);
}

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

async function ok(path: string): Promise<Json> {
  const { status, body } = await sim.json<Json>(path);
  expect(status, path).toBe(200);
  return body;
}

describe("success bodies match the OpenAPI extract", () => {
  it.each(["apps", "apps?page_no=2&per_page=1", "apps?search=prod&sort_order=ASC"])("get_apps %s", async (path) => {
    expectConforms("get_apps", await ok(path));
  });

  it("get_app", async () => {
    expectConforms("get_app", await ok(`apps/${PROD}`));
  });

  it.each([
    `${PROD}/sessions`,
    `${PROD}/sessions?per_page=100&page_no=2`,
    `${PROD}/sessions?status=LIVE`,
    `${PROD}/sessions?sort_by=minutesConsumed&sort_order=ASC&participants=5:12`,
    `${PROD}/sessions?search=stand-up&associated_id=${SIM.meetings.liveStandup}`,
    `${PROD}/sessions?search=no-such-title`,
    `${SIM.apps.staging.id}/sessions`,
  ])("GetSessions %s", async (path) => {
    expectConforms("GetSessions", await ok(path));
  });

  it.each(Object.entries(SIM.sessions))("GetSessionDetails %s", async (_, id) => {
    expectConforms("GetSessionDetails", await ok(`${PROD}/sessions/${id}`));
    expectConforms("GetSessionDetails", await ok(`${PROD}/sessions/${id}?include_breakout_rooms=true`));
  });

  it.each(Object.entries(SIM.sessions))("GetSessionParticipants %s", async (_, id) => {
    expectConforms(
      "GetSessionParticipants",
      await ok(`${PROD}/sessions/${id}/participants?include_peer_events=true&per_page=100`),
    );
  });

  it("GetSessionParticipants with search and a later page", async () => {
    expectConforms(
      "GetSessionParticipants",
      await ok(`${PROD}/sessions/${SIM.sessions.webinar}/participants?page_no=3&per_page=100&sort_by=duration`),
    );
    expectConforms(
      "GetSessionParticipants",
      await ok(`${PROD}/sessions/${SIM.sessions.problem}/participants?search=cust-loss`),
    );
  });

  it.each([
    [SIM.sessions.healthy, SIM.peers.healthy],
    [SIM.sessions.mobile, SIM.peers.reconnecting],
    [SIM.sessions.live, SIM.peers.livePeer],
  ])("GetParticipantDetails %s/%s", async (session, peer) => {
    expectConforms("GetParticipantDetails", await ok(`${PROD}/sessions/${session}/participants/${peer}`));
    expectConforms(
      "GetParticipantDetails",
      await ok(`${PROD}/sessions/${session}/participants/${peer}?include_peer_events=true`),
    );
  });

  it.each(Object.entries(SIM.peers))("GetParticipantDataFromPeerId %s", async (_, peer) => {
    expectConforms(
      "GetParticipantDataFromPeerId",
      await ok(`${PROD}/sessions/peer-report/${peer}?include_peer_events=true`),
    );
  });

  it.each([
    "device_info",
    "ip_information",
    "precall_network_information",
    "events",
    "quality_stats",
    "device_info,events",
  ])("GetParticipantDataFromPeerId filters=%s", async (filters) => {
    expectConforms(
      "GetParticipantDataFromPeerId",
      await ok(`${PROD}/sessions/peer-report/${SIM.peers.lossBurst}?filters=${filters}`),
    );
  });

  it("GetParticipantDataFromPeerId for ordinary peers of ordinary sessions", async () => {
    const list = (await ok(`${PROD}/sessions?per_page=6&sort_by=minutesConsumed`)) as JsonObject;
    const sessions = (at(list, "data", "sessions") as JsonObject[])
      .filter((s) => s.id !== SIM.sessions.webinar)
      .slice(0, 3);
    for (const s of sessions) {
      const people = (await ok(`${PROD}/sessions/${String(s.id)}/participants?per_page=2`)) as JsonObject;
      for (const p of at(people, "data", "participants") as JsonObject[]) {
        expectConforms("GetParticipantDataFromPeerId", await ok(`${PROD}/sessions/peer-report/${String(p.id)}`));
      }
    }
  });

  it.each([`${PROD}/meetings`, `${PROD}/meetings?status=INACTIVE`, `${PROD}/meetings?search=sync&per_page=2`])(
    "get_all_meetings %s",
    async (path) => {
      expectConforms("get_all_meetings", await ok(path));
    },
  );

  it.each(Object.entries(SIM.meetings))("get_meeting %s", async (_, id) => {
    expectConforms("get_meeting", await ok(`${PROD}/meetings/${id}`));
  });

  it("GetActiveSession", async () => {
    expectConforms("GetActiveSession", await ok(`${PROD}/meetings/${SIM.meetings.liveStandup}/active-session`));
  });
});

describe("error bodies match the RealtimeKit error schemas", () => {
  it.each([
    [`${PROD}/sessions/00000000-0000-4000-8000-000000000000`, 404],
    [`${PROD}/sessions/not-a-uuid`, 400],
    [`${PROD}/sessions?per_page=abc`, 400],
    [`${PROD}/sessions/${SIM.sessions.healthy}/participants/00000000-0000-4000-8000-000000000000`, 404],
    [`${PROD}/sessions/peer-report/${SIM.peers.healthy}?filters=everything`, 400],
    [`${PROD}/meetings/${SIM.meetings.weeklySync}/active-session`, 404],
    ["00000000-0000-4000-8000-000000000000/sessions", 404],
  ])("%s → %i", async (path, status) => {
    const res = await sim.json<Json>(path);
    expect(res.status).toBe(status);
    expectServiceError(res.body, status);
  });

  it("the active-session 404 matches its own response schema", async () => {
    const res = await sim.json<Json>(`${PROD}/meetings/${SIM.meetings.webinar}/active-session`);
    expect(res.status).toBe(404);
    const validate = validatorFor("GetActiveSession404", () => responseSchema("GetActiveSession", "404"));
    expect(validate(res.body)).toBe(true);
  });
});

describe("the checks themselves", () => {
  it("catch a wrong type and an unknown key", async () => {
    const body = (await ok(`${PROD}/sessions/peer-report/${SIM.peers.healthy}?filters=quality_stats`)) as JsonObject;
    const sample = at(body, "data", "participant", "peer_report", "quality", "video_producer");
    if (!Array.isArray(sample) || !isObject(sample[0])) throw new Error("no video sample");
    sample[0].rtt = "12 ms";
    sample[0].fps = 30;
    const validate = validatorFor("GetParticipantDataFromPeerId", () => responseSchema("GetParticipantDataFromPeerId"));
    expect(validate(body)).toBe(false);
    expect(unknownKeys(responseSchema("GetParticipantDataFromPeerId"), body, "$", [])).toEqual([
      "$.data.participant.peer_report.quality.video_producer[0].fps",
    ]);
  });
});
