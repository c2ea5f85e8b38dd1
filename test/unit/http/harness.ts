import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monotonicFactory } from "ulid";
import { allMeasures, getCatalogue } from "../../../frameworks/index.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { type AppDeps, createApp } from "../../../functions/http/app.js";
import { createJwtAuthenticator } from "../../../functions/http/auth.js";
import type { Logger } from "../../../functions/http/errors.js";
import { type DevIssuer, loadOrCreateDevIssuer, type Persona } from "../../../functions/local/dev-issuer.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// The API in-process: the real app over an in-memory store and a recording workflow, with real tokens from a dev
// issuer whose key lives in a temporary directory.

export const PERSONAS = {
  coordinator: { role: "coordinator", country: "KEN", name: "Amina Otieno" },
  police: { role: "member", country: "KEN", agency: "national-police" },
  labour: { role: "member", country: "KEN", agency: "ministry-of-labour" },
  justice: { role: "approver", country: "KEN", ministry: "ministry-of-justice" },
  interior: { role: "approver", country: "KEN", ministry: "ministry-of-interior" },
  health: { role: "approver", country: "KEN", ministry: "ministry-of-health" },
  mexico: { role: "coordinator", country: "MEX", name: "Lucía Hernández" },
  donor: { role: "donor", organisation: "giz" },
  admin: { role: "admin" },
} satisfies Record<string, Persona>;
export type PersonaName = keyof typeof PERSONAS;

export type Reply = { status: number; body: Record<string, unknown>; headers: Headers; text: string };

export type Harness = {
  store: MemoryStore;
  workflow: RecordingWorkflow;
  deps: CoreDeps;
  issuer: DevIssuer;
  logged: { message: string; attributes: Record<string, unknown> }[];
  token(who: PersonaName): Promise<string>;
  call(
    method: string,
    path: string,
    options?: {
      as?: PersonaName;
      token?: string;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    },
  ): Promise<Reply>;
  cleanup(): Promise<void>;
};

export async function createHarness(overrides: Partial<AppDeps> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "ffa-http-"));
  const issuer = await loadOrCreateDevIssuer(dir);
  const store = new MemoryStore();
  const workflow = new RecordingWorkflow();
  let clock = Date.parse("2026-03-02T09:00:00.000Z");
  const ulid = monotonicFactory();
  // Time moves a second per reading and ids are monotonic, so the trail sorts in the order things happened.
  const deps: CoreDeps = {
    store,
    workflow,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
    newId: () => ulid(clock),
  };
  const logged: Harness["logged"] = [];
  const logger: Logger = { error: (message, attributes) => logged.push({ message, attributes }) };
  const app = createApp({
    ...deps,
    authenticate: createJwtAuthenticator(issuer),
    logger,
    ...overrides,
  });
  const tokens = new Map<PersonaName, string>();
  const token = async (who: PersonaName) => {
    let t = tokens.get(who);
    if (!t) {
      t = await issuer.mint(PERSONAS[who]);
      tokens.set(who, t);
    }
    return t;
  };
  return {
    store,
    workflow,
    deps,
    issuer,
    logged,
    token,
    async call(method, path, options = {}) {
      const headers = new Headers(options.headers);
      const bearer = options.token ?? (options.as ? await token(options.as) : undefined);
      if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
      let body: string | undefined = options.raw;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
      const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        // Not JSON (the docs page, its assets): the text is there to read.
      }
      return { status: res.status, body: parsed, headers: res.headers, text };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export const newCycleBody = (overrides: Record<string, unknown> = {}) => ({
  title: "National Action Plan against Trafficking in Persons 2026-2030",
  frameworks: [{ id: "TIP" }],
  planPeriod: { start: "2026-07-01", end: "2030-06-30" },
  approvalPolicies: {
    assessment: { ministries: ["ministry-of-justice", "ministry-of-interior"], rule: { type: "all" } },
  },
  ...overrides,
});

export async function createCycle(h: Harness, body = newCycleBody()): Promise<string> {
  const res = await h.call("POST", "/cycles", { as: "coordinator", body });
  if (res.status !== 201) throw new Error(`creating a cycle answered ${res.status}: ${res.text}`);
  return String(res.body.id);
}

export const tipMeasureIds = (): string[] => {
  const tip = getCatalogue("TIP");
  if (!tip) throw new Error("the TIP catalogue is not bundled");
  return allMeasures(tip).map((m) => m.measure.id);
};

/** Answers every TIP measure, 50 per request (the bulk limit). */
export async function fillAssessment(h: Harness, cycleId: string, ids = tipMeasureIds()): Promise<void> {
  for (let i = 0; i < ids.length; i += 50) {
    const entries = ids.slice(i, i + 50).map((measureId) => ({
      measureId,
      answer: { status: "partial", severity: 1, evidence: "seen in 2025" },
    }));
    const res = await h.call("POST", `/cycles/${cycleId}/assessment/bulk`, {
      as: "coordinator",
      body: { entries },
    });
    if (res.status !== 200) throw new Error(`bulk answered ${res.status}: ${res.text}`);
  }
}
