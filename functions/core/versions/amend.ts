import { z } from "zod";
import type { StageName } from "../../../workflows/schemas.js";
import { addDays, auditEvent, type CoreDeps, change, isoNow } from "../changes.js";
import { RuleViolationError, ServiceUnavailableError } from "../errors.js";
import type { IdempotencyIntent } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import type { Stage } from "../stage.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { retryOnConflict } from "../use-cases/retry.js";
import { type StageView, stageView } from "../views.js";
import { amendmentExecution } from "./amendment-workflow.js";

export const OpenAmendmentInput = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(5, { error: "a reason (5 characters or more) is required to amend an approved stage" })
    .max(2000),
});
export type OpenAmendmentInput = z.infer<typeof OpenAmendmentInput>;

export type AmendmentResult = { stage: StageView };

/**
 * The coordinator reopens an approved, closed stage to amend it: the stage goes back to draft as the next version,
 * and an execution of its own takes it through submission and approval again. The cycle's own execution (at a
 * later stage, or a reporting period) is not touched, so monitoring keeps running while the plan is amended.
 */
export async function openAmendment(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  name: StageName,
  input: OpenAmendmentInput,
  idempotency?: IdempotencyIntent,
): Promise<AmendmentResult> {
  const { result, execution } = await retryOnConflict(() =>
    recordAmendment(deps, principal, country, cycleId, name, input, idempotency),
  );
  try {
    await deps.workflow.startExecution(execution);
  } catch (error) {
    // The amendment is stored and its draft editable. Its execution's name is deterministic, so the runtime's
    // resume and the reconciler start it later from the data, without duplicating it.
    if (!(error instanceof ServiceUnavailableError)) throw error;
  }
  return result;
}

async function recordAmendment(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  name: StageName,
  input: OpenAmendmentInput,
  idempotency?: IdempotencyIntent,
) {
  // A closed cycle refuses it (loadCycle): only a stage of an active cycle can be amended.
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "stage.amend");
  const stage = stageOf(stages, name, cycleId);
  assertAmendable(stage);
  const number = (stage.versionNumber ?? 0) + 1;
  const at = isoNow(deps);
  const next: Stage = {
    ...stage,
    state: "draft",
    submissionDueAt: addDays(at, cycle.deadlines.submissionDays),
    amendment: { number, reason: input.reason, openedAt: at, openedBy: principal.sub, generation: 0 },
    updatedAt: at,
    version: stage.version + 1,
  };
  // These described the approval now frozen as a version; the amendment earns its own.
  for (const field of ["approvedAt", "closedAt", "decisionDueAt", "returnReason", "overdue"] as const) {
    delete next[field];
  }
  const result: AmendmentResult = { stage: stageView(cycle, next) };
  await deps.store.commit({
    writes: [{ entity: "stage", item: next, expectedVersion: stage.version }],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "stage.amendment_opened",
        summary: `${name} reopened to be amended as version ${number}: ${input.reason}`,
        changes: [change("stage", `${cycleId}/${name}`, stage, next)],
      }),
    ],
    ...withIdempotency(idempotency, result, at),
  });
  const execution = amendmentExecution(cycle, next);
  if (!execution) throw new Error("an opened amendment has an execution");
  return { result, execution };
}

function assertAmendable(stage: Stage): void {
  if (stage.amendment) {
    throw new RuleViolationError(
      "stage_not_amendable",
      `the ${stage.stage} stage is already being amended as version ${stage.amendment.number} (${stage.state}); finish that amendment first`,
      { stage: stage.stage, state: stage.state, amendment: stage.amendment.number },
    );
  }
  if (stage.state !== "approved" || !stage.closedAt || stage.versionNumber === undefined) {
    const why = stage.state === "approved" ? "approved but not closed by the workflow yet" : stage.state;
    throw new RuleViolationError(
      "stage_not_amendable",
      `the ${stage.stage} stage is ${why}: only an approved and closed stage can be amended`,
      { stage: stage.stage, state: stage.state },
    );
  }
}
