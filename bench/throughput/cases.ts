import { Hono } from "hono";
import { ulid } from "ulid";
import { addDays } from "../../functions/core/changes.js";
import { FIXTURE_TIME } from "../../test/support/fixtures.js";
import { MemoryStore } from "../../test/support/memory-store.js";
import { type BenchRequest, benchApp, lambdaEnv, toRequest } from "../support/app.js";
import { benchStages, catalogueMeasureIds, seedCycle } from "../support/seed.js";

// The cases of figure 3, each set up in its own fresh process: `next()` sends one valid request and returns its
// response. Real routes run through the whole app (middleware, auth from API Gateway claims, validation, use case,
// in-memory store); their references are bare Hono routes of the same shape.

export type Case = { next: () => Promise<Response>; expectedStatus: number };
type Fetcher = { fetch: (request: Request, env?: unknown) => Response | Promise<Response> };

const send = (app: Fetcher, request: BenchRequest) => async () =>
  app.fetch(toRequest(request), lambdaEnv(request.as));

const DECISION = { decision: "approve" as const };

/** A cycle whose 134 measures are all answered, in an in-memory store. */
async function answeredCycle() {
  const store = new MemoryStore();
  const cycleId = ulid();
  await seedCycle(store, cycleId, { entries: catalogueMeasureIds().length, activities: 0 });
  return { store, app: benchApp(store), cycleId };
}

export const CASES = {
  async "bare GET"(): Promise<Case> {
    const app = new Hono().get("/cycles/:cycleId", (c) =>
      c.json({ id: c.req.param("cycleId"), status: "active" }),
    );
    return {
      next: send(app, { method: "GET", path: `/cycles/${ulid()}`, as: "coordinator" }),
      expectedStatus: 200,
    };
  },

  async "GET /cycles/{cycleId}"(): Promise<Case> {
    const { app, cycleId } = await answeredCycle();
    return {
      next: send(app, { method: "GET", path: `/cycles/${cycleId}`, as: "coordinator" }),
      expectedStatus: 200,
    };
  },

  /** The same JSON the assessment answers, served by a bare route: what is left is the app's own work. */
  async "bare GET of the assessment's JSON"(): Promise<Case> {
    const { app, cycleId } = await answeredCycle();
    const path = `/cycles/${cycleId}/assessment`;
    const body: unknown = await (await send(app, { method: "GET", path, as: "coordinator" })()).json();
    const bare = new Hono().get("/cycles/:cycleId/assessment", (c) => c.json(body as object));
    return { next: send(bare, { method: "GET", path, as: "coordinator" }), expectedStatus: 200 };
  },

  async "GET /cycles/{cycleId}/assessment"(): Promise<Case> {
    const { app, cycleId } = await answeredCycle();
    const path = `/cycles/${cycleId}/assessment`;
    return { next: send(app, { method: "GET", path, as: "coordinator" }), expectedStatus: 200 };
  },

  async "bare POST parsing JSON"(): Promise<Case> {
    const app = new Hono().post("/cycles/:cycleId/stages/:stage/decisions", async (c) => {
      const body = await c.req.json<typeof DECISION>();
      return c.json({ stage: c.req.param("stage"), decision: body.decision });
    });
    const path = `/cycles/${ulid()}/stages/assessment/decisions`;
    return { next: send(app, { method: "POST", path, as: "justice", body: DECISION }), expectedStatus: 200 };
  },

  /**
   * A decision changes state, so every request needs a stage that still awaits it: `pool` cycles are prepared with
   * the assessment submitted and the workflow's decision wait registered; the requests take them in turn, justice
   * first (recorded, interior still awaited), then interior (approves, delivers the outcome to the workflow).
   */
  async "POST .../stages/{stage}/decisions"(pool = 5_000): Promise<Case> {
    const store = new MemoryStore();
    const submittedAt = addDays(FIXTURE_TIME, 30);
    const template = await seedCycle(store, ulid(), { entries: 0, activities: 0 });
    const cycleIds: string[] = [];
    for (let i = 0; i < pool; i++) {
      const cycleId = ulid();
      cycleIds.push(cycleId);
      const ref = { country: template.cycle.country, cycleId };
      // Copies of one parsed cycle: parsing thousands of fixtures would take longer than the measurement.
      await store.commit({
        writes: [
          { entity: "cycle", item: { ...template.cycle, id: cycleId }, expectedVersion: null },
          ...benchStages(ref, {
            assessment: {
              state: "submitted",
              round: 1,
              submittedAt,
              submittedBy: "bench-coordinator",
              decisionDueAt: addDays(submittedAt, 30),
              wait: { kind: "decision", token: `decision-token-${i}`, registeredAt: submittedAt },
            },
          }).map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
        ],
        events: [],
      });
    }
    store.commits.length = 0;
    const app = benchApp(store);
    let sent = 0;
    return {
      expectedStatus: 200,
      next: () => {
        const cycleId = cycleIds[Math.floor(sent / 2)];
        if (!cycleId) throw new Error(`all ${pool} prepared stages are decided: raise the pool`);
        const as = sent % 2 === 0 ? "justice" : "interior";
        sent++;
        const path = `/cycles/${cycleId}/stages/assessment/decisions`;
        return send(app, { method: "POST", path, as, body: DECISION })();
      },
    };
  },
} satisfies Record<string, () => Promise<Case>>;

export type CaseName = keyof typeof CASES;

/** The pairs figure 3 compares, with their budgets (`min`: the route's throughput at least that share of bare). */
export const PAIRS: { route: CaseName; reference: CaseName; min?: number }[] = [
  { route: "GET /cycles/{cycleId}", reference: "bare GET", min: 0.33 },
  { route: "POST .../stages/{stage}/decisions", reference: "bare POST parsing JSON", min: 0.5 },
  { route: "GET /cycles/{cycleId}/assessment", reference: "bare GET of the assessment's JSON" },
];
