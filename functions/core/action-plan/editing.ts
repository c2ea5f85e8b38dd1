import type { AuditAction } from "../audit.js";
import { auditEvent, type CoreDeps, recordChange } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { ForbiddenError, NotFoundError, RuleViolationError, VersionConflictError } from "../errors.js";
import type { IdempotencyIntent } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import type { CycleRecord } from "../records.js";
import { isEditable } from "../stage.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { loadPlan, type PlanData } from "./plan-data.js";
import type { Activity, Indicator } from "./schema.js";

// What every write to the plan shares: who may write, in which stage state, against which version, and the one
// commit that stores the change with its audit event.

export type EditContext = { cycle: Cycle; plan: PlanData };

/** The cycle and its plan, once the caller may edit plans and the action plan stage is in draft or returned. */
export async function openForEdit(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<EditContext> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "plan.edit");
  const stage = stageOf(stages, "action_plan", cycleId);
  if (!isEditable(stage)) {
    throw new RuleViolationError(
      "stage_locked",
      `the action_plan stage is ${stage.state}: the plan can be edited only while in draft or returned`,
      { stage: stage.stage, state: stage.state },
    );
  }
  return { cycle, plan: await loadPlan(deps, cycle) };
}

/** Which stored item a write is about: none (a creation), or one id at the version the writer read. */
export type Target = { id: string; expectedVersion: number } | undefined;

export function findTarget<T extends { id: string; version: number }>(
  items: readonly T[],
  kind: string,
  target: Target,
  view: (item: T) => unknown,
): T | undefined {
  if (!target) return undefined;
  const found = items.find((i) => i.id === target.id);
  if (!found) throw new NotFoundError(`${kind} ${target.id} was not found in this plan`);
  if (found.version !== target.expectedVersion) {
    throw new VersionConflictError(
      `expectedVersion: ${kind} ${target.id} is at version ${found.version}, not ${target.expectedVersion}; reload and try again`,
      { field: "expectedVersion", currentVersion: found.version, current: view(found) },
    );
  }
  return found;
}

const MEMBER_SCOPE = "a member edits only the activities its agency leads, and their indicators";

/** Objectives, objective indicators and settings are the coordinator's (members hold plan.edit for activities). */
export function assertCoordinator(principal: Principal, what: string): void {
  if (principal.role !== "coordinator") {
    throw new ForbiddenError(`a ${principal.role} may not edit ${what}: ${MEMBER_SCOPE}`, {
      role: principal.role,
    });
  }
}

/** A member acts only on an activity its own agency leads. */
export function assertLeads(
  principal: Principal,
  activity: Pick<Activity, "id" | "title" | "leadAgency">,
): void {
  if (principal.role !== "member" || activity.leadAgency === principal.agency) return;
  throw new ForbiddenError(
    `activity "${activity.title}" is led by ${activity.leadAgency ?? "no agency yet"}, not by ${principal.agency}: ${MEMBER_SCOPE}`,
    { activityId: activity.id, leadAgency: activity.leadAgency ?? null },
  );
}

/** A member writes only the indicators of activities its agency leads; an objective's are the coordinator's. */
export function assertMayEditIndicator(
  principal: Principal,
  plan: PlanData,
  attachedTo: Indicator["attachedTo"],
): void {
  if (principal.role !== "member") return;
  if (attachedTo.kind === "objective") {
    assertCoordinator(principal, "an objective's indicators");
    return;
  }
  const activity = plan.activities.find((a) => a.id === attachedTo.id);
  if (activity) assertLeads(principal, activity);
}

/**
 * Stores one created, updated (`after` set) or deleted (`after` null) record with its audit event, conditional on
 * the version read and on the stage still being editable: a submission that wins the race makes this fail (409).
 */
export async function commitChange(
  deps: CoreDeps,
  principal: Principal,
  change: {
    before: CycleRecord | undefined;
    after: CycleRecord | null;
    action: AuditAction;
    summary: string;
    at: string;
  },
  idempotency?: { intent: IdempotencyIntent | undefined; response: unknown },
): Promise<void> {
  const { before, after, at } = change;
  const ref = after ?? before;
  if (!ref) throw new Error("a plan change needs a before or an after");
  const { country, cycleId } = ref;
  const write = after
    ? ({ entity: "record", item: after, expectedVersion: before?.version ?? null } as const)
    : ({ entity: "deletion", item: ref, expectedVersion: ref.version } as const);
  await deps.store.commit({
    writes: [write],
    checks: [{ country, cycleId, stage: "action_plan", states: ["draft", "returned"] }],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: change.action,
        summary: change.summary,
        changes: [recordChange(before, after)],
      }),
    ],
    ...(idempotency ? withIdempotency(idempotency.intent, idempotency.response, at) : {}),
  });
}

/** "created", or "updated to version n", for audit summaries. */
export function verb(before: { version: number } | undefined): string {
  return before ? `updated to version ${before.version + 1}` : "created";
}
