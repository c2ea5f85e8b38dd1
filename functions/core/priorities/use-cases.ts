import type { AuditAction } from "../audit.js";
import { auditEvent, type CoreDeps, isoNow, recordChange } from "../changes.js";
import type { Cycle } from "../cycle.js";
import {
  NotFoundError,
  RuleViolationError,
  StateConflictError,
  ValidationError,
  VersionConflictError,
} from "../errors.js";
import { cycleMeasures } from "../measures.js";
import type { IdempotencyIntent } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import { isEditable, type Stage } from "../stage.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { candidateOf, SETTINGS_ID } from "./candidates.js";
import type {
  AddCandidateInput,
  DecideCandidateInput,
  RateCandidateInput,
  UpdateCriteriaInput,
} from "./inputs.js";
import { candidateIn, criteriaOf, readContent, viewOf } from "./read.js";
import { type Criterion, DEFAULT_CRITERIA, type Priority, type PrioritySettings } from "./schema.js";
import { type CriteriaView, criteriaView, type PriorityView } from "./views.js";

// Changing the priorities: the coordinator's writes, each checked against the stage inside its own transaction.

/** The coordinator sets the cycle's criteria and weights; every score follows at once. */
export async function updateCriteria(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: UpdateCriteriaInput,
): Promise<CriteriaView> {
  const { cycle, settings } = await loadForEdit(deps, principal, country, cycleId);
  checkVersion("the criteria", settings, input.expectedVersion, criteriaView(settings, DEFAULT_CRITERIA));
  const at = isoNow(deps);
  const next: PrioritySettings = {
    kind: "prioritySettings",
    id: SETTINGS_ID,
    country,
    cycleId,
    criteria: input.criteria,
    updatedAt: at,
    version: (settings?.version ?? 0) + 1,
  };
  const summary = input.criteria.map((c) => `${c.id} ${c.weight}`).join(", ");
  await commitChange(
    deps,
    principal,
    cycle,
    settings,
    next,
    "priorities.criteria_updated",
    `criteria: ${summary}`,
  );
  return criteriaView(next, DEFAULT_CRITERIA);
}

/** The coordinator records the working group's ratings of one candidate (the whole set: omitted = unrated). */
export async function rateCandidate(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  measureId: string,
  input: RateCandidateInput,
): Promise<PriorityView> {
  const { cycle, settings, priorities } = await loadForEdit(deps, principal, country, cycleId);
  const criteria = criteriaOf(settings);
  const existing = candidateIn(priorities, measureId, cycleId);
  checkRatings(criteria, input.ratings);
  const current = viewOf(cycle, criteria, priorities, existing);
  checkVersion(measureId, existing, input.expectedVersion, current);
  const at = isoNow(deps);
  const next: Priority = {
    ...existing,
    ratings: input.ratings,
    updatedAt: at,
    version: existing.version + 1,
  };
  const rated = Object.entries(input.ratings).map(([id, r]) => `${id} ${r}`);
  await commitChange(
    deps,
    principal,
    cycle,
    existing,
    next,
    "priority.rated",
    `${measureId} rated: ${rated.join(", ") || "no ratings"}`,
  );
  return viewOf(cycle, criteria, priorities, next);
}

/** The coordinator accepts, defers or rejects a candidate, with a reason; a later change needs expectedVersion. */
export async function decideCandidate(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  measureId: string,
  input: DecideCandidateInput,
  idempotency?: IdempotencyIntent,
): Promise<PriorityView> {
  const { cycle, settings, priorities } = await loadForEdit(deps, principal, country, cycleId);
  const criteria = criteriaOf(settings);
  const existing = candidateIn(priorities, measureId, cycleId);
  // The first decision may come without a version (nothing decided can be overwritten); changing one may not.
  if (existing.decision || input.expectedVersion !== undefined) {
    checkVersion(measureId, existing, input.expectedVersion, viewOf(cycle, criteria, priorities, existing));
  }
  const at = isoNow(deps);
  const next: Priority = {
    ...existing,
    decision: { outcome: input.outcome, reason: input.reason, by: actorOf(principal), at },
    updatedAt: at,
    version: existing.version + 1,
  };
  const view = viewOf(cycle, criteria, priorities, next);
  const was = existing.decision ? ` (was ${existing.decision.outcome})` : "";
  await commitChange(
    deps,
    principal,
    cycle,
    existing,
    next,
    "priority.decided",
    `${measureId} ${input.outcome}${was}: ${input.reason}`,
    { idempotency, response: view, at },
  );
  return view;
}

/** The coordinator adds a candidate for a measure of the cycle that the assessment did not mark as a gap. */
export async function addCandidate(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: AddCandidateInput,
  idempotency?: IdempotencyIntent,
): Promise<PriorityView> {
  const { cycle, settings, priorities } = await loadForEdit(deps, principal, country, cycleId);
  const info = cycleMeasures(cycle).get(input.measureId);
  if (!info) {
    throw new NotFoundError(`measureId: ${input.measureId} is not a measure of this cycle's frameworks`, {
      field: "measureId",
    });
  }
  if (priorities.some((p) => p.id === input.measureId)) {
    throw new StateConflictError(
      "already_a_candidate",
      `measureId: ${input.measureId} is already a candidate`,
      {
        field: "measureId",
      },
    );
  }
  const at = isoNow(deps);
  const entry = await deps.store.getEntry(country, cycleId, input.measureId);
  const next = candidateOf(cycle, input.measureId, info, entry, at, {
    added: { by: actorOf(principal), at },
  });
  const view = viewOf(cycle, criteriaOf(settings), [...priorities, next], next);
  await commitChange(
    deps,
    principal,
    cycle,
    undefined,
    next,
    "priority.added",
    `${input.measureId} added as a candidate by hand (assessment: ${next.gapStatus})`,
    { idempotency, response: view, at },
  );
  return view;
}

/** A coordinator, on a cycle whose priorities stage is open for drafting (checked again inside the commit). */
async function loadForEdit(deps: CoreDeps, principal: Principal, country: string, cycleId: string) {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "priorities.edit");
  assertEditable(stageOf(stages, "priorities", cycleId));
  return { cycle, ...(await readContent(deps, cycle)) };
}

function assertEditable(stage: Stage): void {
  if (!isEditable(stage)) {
    throw new RuleViolationError(
      "stage_locked",
      `the priorities stage is ${stage.state}: it can be edited only while in draft or returned`,
      { stage: stage.stage, state: stage.state },
    );
  }
}

function checkRatings(criteria: readonly Criterion[], ratings: Record<string, number>): void {
  const rateable = criteria.filter((c) => c.source === "rating").map((c) => c.id);
  for (const id of Object.keys(ratings)) {
    const criterion = criteria.find((c) => c.id === id);
    if (criterion?.source === "rating") continue;
    throw new ValidationError(
      criterion
        ? `ratings.${id}: comes from the assessment and is not rated by hand`
        : `ratings.${id}: is not a rating criterion of this cycle (${rateable.join(", ") || "none"})`,
      { field: `ratings.${id}` },
    );
  }
}

function checkVersion(
  what: string,
  existing: { version: number } | undefined,
  expected: number | undefined,
  current: unknown,
): void {
  const currentVersion = existing?.version ?? null;
  if (currentVersion === (expected ?? null)) return;
  throw new VersionConflictError(
    existing === undefined
      ? `expectedVersion: ${what}: nothing stored yet; omit expectedVersion to create it`
      : expected === undefined
        ? `expectedVersion: ${what}: at version ${existing.version}; send expectedVersion to change it`
        : `expectedVersion: ${what}: at version ${existing.version}, not ${expected}; reload and try again`,
    { field: "expectedVersion", currentVersion, current },
  );
}

/** One record change, conditional on its version and on the stage still being editable, with its audit event. */
async function commitChange(
  deps: CoreDeps,
  principal: Principal,
  cycle: Cycle,
  before: Priority | PrioritySettings | undefined,
  after: Priority | PrioritySettings,
  action: AuditAction,
  summary: string,
  replay?: { idempotency: IdempotencyIntent | undefined; response: unknown; at: string },
): Promise<void> {
  await deps.store.commit({
    writes: [{ entity: "record", item: after, expectedVersion: before?.version ?? null }],
    checks: [
      { country: cycle.country, cycleId: cycle.id, stage: "priorities", states: ["draft", "returned"] },
    ],
    events: [
      auditEvent(deps, after.updatedAt, {
        country: cycle.country,
        cycleId: cycle.id,
        actor: actorOf(principal),
        action,
        summary,
        changes: [recordChange(before, after)],
      }),
    ],
    ...(replay ? withIdempotency(replay.idempotency, replay.response, replay.at) : {}),
  });
}
