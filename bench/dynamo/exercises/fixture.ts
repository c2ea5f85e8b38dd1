import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Stage } from "../../../functions/core/stage.js";
import { createTaskHandlers } from "../../../functions/workflow/tasks/index.js";
import type { StageName, TaskName, WaitKind } from "../../../workflows/schemas.js";
import { type BenchRequest, COUNTRY } from "../../support/app.js";
import { catalogueMeasureIds, evidence } from "../../support/seed.js";

// What the exercises of figure 4 share: the fixture they act on, and the steps that move it as the workflow would.

export type Fixture = {
  deps: CoreDeps;
  cycleId: string;
  /** Unique per fixture, so Idempotency-Keys never repeat across fixtures. */
  label: string;
  /** Sends a request that is not measured (a step of `prepare`); throws unless it succeeds. */
  send: (request: BenchRequest) => Promise<void>;
};

/**
 * One valid request to a route that changes state, after an optional `prepare` that moves the cycle (not counted)
 * to where the request is valid.
 */
export type Exercise = {
  /** `METHOD /path/{param}` as in the OpenAPI document. */
  route: string;
  variant?: string;
  prepare?: (f: Fixture) => Promise<void>;
  request: (f: Fixture) => Promise<BenchRequest>;
};

/** The reporting period monitored: Q1 2027, when every activity of the fixture runs. */
export const PERIOD = 2;
export const FIRST_MEASURE = () => catalogueMeasureIds()[0] ?? "TIP.PROS.1.1";

export const answer = (i: number) => ({
  status: "partial",
  severity: 2,
  evidence: evidence(i),
  source: "Working group session",
});

export const key = (f: Fixture, what: string) => ({ "idempotency-key": `bench-${f.label}-${what}` });

type Step = { task: TaskName; input: Record<string, unknown> };

/** Runs workflow tasks on the fixture as the state machine would, through the real task handlers. */
export async function runTasks(f: Fixture, ...steps: Step[]): Promise<void> {
  const tasks = createTaskHandlers(f.deps);
  for (const { task, input } of steps) await tasks[task]({ country: COUNTRY, cycleId: f.cycleId, ...input });
}

export const closeStage = (stage: StageName): Step => ({ task: "closeStage", input: { stage } });
export const openStage = (stage: StageName): Step => ({ task: "openStage", input: { stage, generation: 0 } });
let tokens = 0;
export const registerWait = (wait: { wait: WaitKind; stage?: StageName; periodIndex?: number }): Step => ({
  task: "registerWait",
  input: { ...wait, token: `bench-token-${++tokens}` },
});

/** Marks a stage approved straight through the store: its submission and decisions are measured on the assessment. */
export async function approve(f: Fixture, name: StageName): Promise<void> {
  const found = await f.deps.store.getCycle(COUNTRY, f.cycleId);
  const stage = found?.stages.find((s) => s.stage === name);
  if (!stage) throw new Error(`fixture cycle ${f.cycleId} has no ${name} stage`);
  const at = new Date().toISOString();
  const item: Stage = {
    ...stage,
    state: "approved",
    round: stage.round + 1,
    approvedAt: at,
    updatedAt: at,
    version: stage.version + 1,
  };
  delete item.wait;
  await f.deps.store.commit({
    writes: [{ entity: "stage", item, expectedVersion: stage.version }],
    events: [],
  });
}

export async function candidateOf(f: Fixture, measureId: string) {
  const candidate = await f.deps.store.getRecord(COUNTRY, f.cycleId, "priority", measureId);
  if (!candidate) throw new Error(`${measureId} is no priority candidate of the fixture`);
  return candidate;
}

export async function versionOf(f: Fixture, kind: "objective" | "activity" | "indicator", id: string) {
  const record = await f.deps.store.getRecord(COUNTRY, f.cycleId, kind, id);
  if (!record) throw new Error(`no ${kind} ${id} in the fixture`);
  return record.version;
}

/** The newest record of a kind that the bench did not seed (seeded ids are O01.., A001..). */
export async function created(f: Fixture, kind: "objective" | "indicator") {
  const records = await f.deps.store.listRecords(COUNTRY, f.cycleId, kind);
  const made = records
    .filter((r) => !/^[OA]\d+$/.test(r.id))
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const last = made.at(-1);
  if (!last) throw new Error(`no ${kind} was created by the bench`);
  return last;
}
