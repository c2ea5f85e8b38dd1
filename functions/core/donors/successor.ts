import { z } from "zod";
import type { AssessmentEntry } from "../assessment.js";
import { auditEvent, type CoreDeps, change, isoNow, recordChange } from "../changes.js";
import { type Cycle, PlanPeriod, ReportingCadence, StageDeadlines } from "../cycle.js";
import { RuleViolationError, StateConflictError } from "../errors.js";
import { cycleMeasures } from "../measures.js";
import { loadApprovedPlan } from "../monitoring/approved-plan.js";
import type { IdempotencyIntent, Write } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import type { Priority } from "../priorities/schema.js";
import type { Stage, StageState } from "../stage.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { CreateCycleInput, newCycle, startCycleWorkflow } from "../use-cases/cycles.js";
import { loadCycle } from "../use-cases/load.js";
import { retryOnConflict } from "../use-cases/retry.js";
import { CycleView, cycleView } from "../views.js";
import { carriedEntry, carriedPriority, unmetPriorities } from "./carry-over.js";
import { computeSummary, SUMMARY_ID } from "./closing.js";
import { copyInChunks } from "./copy-chunks.js";
import type { FinalSummary } from "./schema.js";
import { latestActivityStatuses } from "./summary.js";

export const SuccessorInput = z.strictObject({
  title: z.string().trim().min(3).max(200),
  planPeriod: PlanPeriod,
  /** Defaults to the closed cycle's. */
  reportingCadence: ReportingCadence.optional(),
  /** Defaults to the closed cycle's. */
  approvalPolicies: CreateCycleInput.shape.approvalPolicies.optional(),
  /** Defaults to the closed cycle's. */
  deadlines: StageDeadlines.optional(),
});
export type SuccessorInput = z.infer<typeof SuccessorInput>;

export const SuccessorResult = z.strictObject({
  cycle: CycleView,
  predecessorId: z.string(),
  /** What was taken over from the closed cycle: answers to re-verify, unmet priorities as candidates. */
  carriedOver: z.strictObject({ entries: z.int(), priorities: z.int() }),
});
export type SuccessorResult = z.infer<typeof SuccessorResult>;

/**
 * The coordinator starts the next cycle from a closed one: the same frameworks at their latest catalogue versions,
 * the closed cycle's settings unless given, its answers copied for re-verification and its unmet priorities carried
 * over as candidates.
 *
 * The new cycle is created exactly as `createCycle` creates one, in one transaction with the closed cycle's summary
 * pointing to it (the summary's version makes sure a closed cycle gets one successor). The copies follow in chunks,
 * because they do not fit in that transaction. That is safe: the new assessment is open for editing anyway (a copy
 * landing a moment later is like a colleague saving answers), each chunk carries its own audit event, and every chunk
 * writes only what is still missing, so a retry of the request (with or without its Idempotency-Key) finds the
 * successor through the summary and completes a half-done copy without duplicating anything or overwriting an
 * answer someone re-verified in between.
 */
export async function startSuccessor(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: SuccessorInput,
  idempotency?: IdempotencyIntent,
): Promise<SuccessorResult> {
  const { old, oldStages, next } = await retryOnConflict(() =>
    createOrFind(deps, principal, country, cycleId, input),
  );
  await startCycleWorkflow(deps, next.cycle);
  const carriedOver = await carryOver(deps, principal, { cycle: old, stages: oldStages }, next);
  const result: SuccessorResult = {
    cycle: cycleView(next.cycle, next.stages),
    predecessorId: old.id,
    carriedOver,
  };
  // Stored last, so that a retry with the same key replays only a completed copy.
  if (idempotency)
    await deps.store.commit({
      writes: [],
      events: [],
      ...withIdempotency(idempotency, result, isoNow(deps)),
    });
  return result;
}

type Loaded = { cycle: Cycle; stages: Stage[] };

async function createOrFind(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: SuccessorInput,
): Promise<{ old: Cycle; oldStages: Stage[]; next: Loaded }> {
  const { cycle: old, stages: oldStages } = await loadCycle(
    deps,
    principal,
    country,
    cycleId,
    "cycle.successor",
  );
  if (old.status !== "closed") {
    throw new RuleViolationError(
      "cycle_not_closed",
      `cycle ${cycleId} is ${old.status}: a next cycle can be started only from a closed one`,
      { status: old.status },
    );
  }
  const stored = await deps.store.getRecord(country, cycleId, "summary", SUMMARY_ID);
  if (stored?.successorId) {
    const found = await deps.store.getCycle(country, stored.successorId);
    if (!found)
      throw new Error(`cycle ${cycleId} names a successor ${stored.successorId} that does not exist`);
    if (found.cycle.title !== input.title || !samePeriod(found.cycle, input)) {
      throw new StateConflictError(
        "successor_exists",
        `cycle ${cycleId} already has a next cycle, ${found.cycle.id} ("${found.cycle.title}")`,
        { successorId: found.cycle.id },
      );
    }
    return { old, oldStages, next: found };
  }

  const at = isoNow(deps);
  const created = newCycle(
    deps,
    principal,
    successorCycleInput(old, input),
    at,
    `, started from cycle "${old.title}"`,
  );
  // A cycle closed before summaries existed gets its summary now, so the link has somewhere to live.
  const summary: FinalSummary = stored ?? (await computeSummary(deps, old, oldStages, old.updatedAt));
  const linked: FinalSummary = {
    ...summary,
    successorId: created.cycle.id,
    updatedAt: at,
    version: stored ? stored.version + 1 : 1,
  };
  await deps.store.commit({
    writes: [...created.writes, { entity: "record", item: linked, expectedVersion: stored?.version ?? null }],
    events: [
      created.event,
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "cycle.successor_created",
        summary: `Next cycle "${created.cycle.title}" (${created.cycle.id}) started from this one`,
        changes: [recordChange(stored, linked)],
      }),
    ],
  });
  return { old, oldStages, next: created };
}

function samePeriod(cycle: Cycle, input: SuccessorInput): boolean {
  return cycle.planPeriod.start === input.planPeriod.start && cycle.planPeriod.end === input.planPeriod.end;
}

/** The input `createCycle` would get: the closed cycle's frameworks (latest versions) and settings unless given. */
export function successorCycleInput(old: Cycle, input: SuccessorInput): CreateCycleInput {
  return {
    title: input.title,
    frameworks: old.frameworks.map((f) => ({ id: f.id })),
    planPeriod: input.planPeriod,
    reportingCadence: input.reportingCadence ?? old.reportingCadence,
    approvalPolicies: input.approvalPolicies ?? old.approvalPolicies,
    deadlines: input.deadlines ?? old.deadlines,
  };
}

/**
 * Copies what is still missing, chunk by chunk, and answers how much the closed cycle hands over in all (the same
 * on every run, so a retry answers like the first call). Once the working group has moved on (the assessment
 * submitted, the priorities opened), the copy into that stage is left as it is: it must not change what they
 * submitted or already ranked.
 */
async function carryOver(
  deps: CoreDeps,
  principal: Principal,
  closed: Loaded,
  next: Loaded,
): Promise<SuccessorResult["carriedOver"]> {
  const old = closed.cycle;
  // Met or not is judged against the approved plan, never an amendment left in draft when the cycle closed.
  const [oldEntries, oldPriorities, { objectives, activities }, reports] = await Promise.all([
    deps.store.listEntries(old.country, old.id),
    deps.store.listRecords(old.country, old.id, "priority"),
    loadApprovedPlan(deps, old, closed.stages),
    deps.store.listRecords(old.country, old.id, "report"),
  ]);
  const measures = cycleMeasures(next.cycle);
  const actor = actorOf(principal);
  const at = isoNow(deps);
  const entries = oldEntries
    .filter((e) => measures.has(e.measureId))
    .map((e) => carriedEntry(e, next.cycle, actor, at));
  const byMeasure = new Map(entries.map((e) => [e.measureId, e]));
  const priorities = unmetPriorities(
    oldPriorities,
    objectives,
    activities,
    latestActivityStatuses(reports),
  ).flatMap((p) => {
    const info = measures.get(p.measureId);
    return info ? [carriedPriority(p, next.cycle, info, byMeasure.get(p.measureId), at)] : [];
  });

  // The stages as they are now: on a retry the working group may have moved on since the cycle was created.
  const stages = (await deps.store.getCycle(next.cycle.country, next.cycle.id))?.stages ?? next.stages;
  const editable = (name: Stage["stage"], states: readonly StageState[]) => {
    const state = stages.find((s) => s.stage === name)?.state;
    return state !== undefined && states.includes(state);
  };

  if (editable("priorities", ["not_started"])) {
    await copyInChunks(deps, next.cycle, actor, {
      items: priorities,
      present: async () =>
        new Set(
          (await deps.store.listRecords(next.cycle.country, next.cycle.id, "priority")).map((p) => p.id),
        ),
      keyOf: (p: Priority) => p.id,
      write: (item: Priority): Write => ({ entity: "record", item, expectedVersion: null }),
      change: (p: Priority) => recordChange(null, p),
      check: { stage: "priorities", states: ["not_started"] },
      action: "priorities.carried_over",
      describe: (n, part) =>
        `${n} unmet priorities of cycle "${old.title}" carried over as candidates (part ${part})`,
    });
  }
  if (editable("assessment", ["draft", "returned"])) {
    await copyInChunks(deps, next.cycle, actor, {
      items: entries,
      present: async () =>
        new Set((await deps.store.listEntries(next.cycle.country, next.cycle.id)).map((e) => e.measureId)),
      keyOf: (e: AssessmentEntry) => e.measureId,
      write: (item: AssessmentEntry): Write => ({ entity: "entry", item, expectedVersion: null }),
      change: (e: AssessmentEntry) => change("entry", `${next.cycle.id}/${e.measureId}`, null, e),
      check: { stage: "assessment", states: ["draft", "returned"] },
      action: "assessment.carried_over",
      describe: (n, part) => `${n} answers of cycle "${old.title}" copied for re-verification (part ${part})`,
    });
  }
  return { entries: entries.length, priorities: priorities.length };
}
