import { z } from "zod";
import type { StageName } from "../../../workflows/schemas.js";
import { DecisionKind, evaluate } from "../approval.js";
import { addDays, auditEvent, type CoreDeps, change, isoNow } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { ForbiddenError, RuleViolationError, StateConflictError } from "../errors.js";
import { ministryInbox, notificationWrites } from "../notifications.js";
import type { IdempotencyIntent } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import { currentDecisions, isEditable, type Stage } from "../stage.js";
import { STAGE_CONTENTS } from "../stage-contents.js";
import { type StageView, stageView } from "../views.js";
import { withIdempotency } from "./assessment.js";
import { deliver } from "./delivery.js";
import { loadCycle, stageOf } from "./load.js";
import { retryOnConflict } from "./retry.js";

export const SubmitStageInput = z.strictObject({
  note: z.string().trim().max(1000).optional(),
});
export type SubmitStageInput = z.infer<typeof SubmitStageInput>;

export const DecideStageInput = z
  .strictObject({
    decision: DecisionKind,
    reason: z.string().trim().max(2000).optional(),
    /** The submission round the approver reviewed; a stage resubmitted since answers 409. */
    round: z.int().min(1).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.decision === "return" && (input.reason ?? "").length < 5) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "a reason (5 characters or more) is required to return a stage",
      });
    }
  });
export type DecideStageInput = z.infer<typeof DecideStageInput>;

/**
 * The answer to a submission or decision. Deliberately the same whether or not the workflow was reached at once, so
 * that a retry with the same Idempotency-Key replays exactly what the first call answered.
 */
export type StageActionResult = { stage: StageView };

/** The coordinator submits the current stage for the ministries' approval. */
export async function submitStage(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  name: StageName,
  input: SubmitStageInput,
  idempotency?: IdempotencyIntent,
): Promise<StageActionResult> {
  const result = await retryOnConflict(() =>
    recordSubmission(deps, principal, country, cycleId, name, input, idempotency),
  );
  await deliver(deps, { country, cycleId, stage: name });
  return result;
}

async function recordSubmission(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  name: StageName,
  input: SubmitStageInput,
  idempotency?: IdempotencyIntent,
): Promise<StageActionResult> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "stage.submit");
  const stage = stageOf(stages, name, cycleId);
  if (!isEditable(stage)) {
    throw new RuleViolationError(
      "stage_not_submittable",
      `the ${name} stage is ${stage.state}: only a stage in draft or returned can be submitted`,
      { stage: name, state: stage.state },
    );
  }
  await STAGE_CONTENTS[name].assertSubmittable(deps, cycle);

  const at = isoNow(deps);
  const next: Stage = {
    ...stage,
    state: "submitted",
    round: stage.round + 1,
    submittedAt: at,
    submittedBy: principal.sub,
    decisionDueAt: addDays(at, cycle.deadlines.decisionDays),
    outbox: { kind: "submission", createdAt: at },
    updatedAt: at,
    version: stage.version + 1,
  };
  delete next.overdue;
  const result: StageActionResult = { stage: stageView(cycle, next) };
  const title = name.replace("_", " ");
  await deps.store.commit({
    writes: [
      { entity: "stage", item: next, expectedVersion: stage.version },
      ...notificationWrites(
        deps,
        {
          country,
          cycleId,
          kind: "stage_submitted",
          subject: `The ${title} is submitted for your approval`,
          body: `"${cycle.title}": the ${title} was submitted (round ${next.round}); please approve it or return it with a reason by ${next.decisionDueAt?.slice(0, 10)}.`,
          at,
        },
        cycle.approvalPolicies[name].ministries.map(ministryInbox),
      ),
    ],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "stage.submitted",
        summary: `${name} submitted for approval (round ${next.round})${input.note ? `: ${input.note}` : ""}`,
        changes: [change("stage", `${cycleId}/${name}`, stage, next)],
      }),
    ],
    ...withIdempotency(idempotency, result, at),
  });
  return result;
}

/**
 * An approver records their ministry's decision. The approval rule is applied to the round's decisions; when it is
 * met (or the stage is returned) the outcome is stored with an outbox marker in the same transaction and then sent
 * to the workflow exactly once.
 */
export async function decideStage(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  name: StageName,
  input: DecideStageInput,
  idempotency?: IdempotencyIntent,
): Promise<StageActionResult> {
  const { result, final } = await retryOnConflict(() =>
    recordDecision(deps, principal, country, cycleId, name, input, idempotency),
  );
  if (final) await deliver(deps, { country, cycleId, stage: name });
  return result;
}

async function recordDecision(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  name: StageName,
  input: DecideStageInput,
  idempotency?: IdempotencyIntent,
): Promise<{ result: StageActionResult; final: boolean }> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "stage.decide");
  const stage = stageOf(stages, name, cycleId);
  const policy = cycle.approvalPolicies[name];
  const ministry = principal.ministry;
  if (!ministry || !policy.ministries.includes(ministry)) {
    throw new ForbiddenError(
      `${ministry ?? "your ministry"} is not among the ministries that sign the ${name} stage`,
      {
        ministry,
        required: policy.ministries,
      },
    );
  }
  if (stage.state !== "submitted") {
    const decided = stage.state === "approved" || (stage.state === "returned" && stage.round > 0);
    throw new StateConflictError(
      decided ? "stage_already_decided" : "stage_not_submitted",
      decided
        ? `the ${name} stage was already ${stage.state} in round ${stage.round}`
        : `the ${name} stage is ${stage.state}, not submitted: there is nothing to decide`,
      { stage: name, state: stage.state, round: stage.round },
    );
  }
  const previous = currentDecisions(stage).find((d) => d.ministry === ministry);
  if (previous) {
    throw new StateConflictError(
      "already_decided",
      `${ministry} already decided (${previous.decision}) in round ${stage.round}`,
      { ministry, decision: previous.decision, at: previous.at, round: stage.round },
    );
  }
  if (input.round !== undefined && input.round !== stage.round) {
    throw new StateConflictError(
      "round_changed",
      `round: the ${name} stage is in submission round ${stage.round}, not ${input.round}; review the current submission`,
      { field: "round", round: stage.round },
    );
  }

  const at = isoNow(deps);
  const actor = actorOf(principal);
  const decision = {
    round: stage.round,
    ministry,
    decision: input.decision,
    ...(input.reason ? { reason: input.reason } : {}),
    by: actor,
    at,
  };
  const decisions = [...stage.decisions, decision];
  const verdict = evaluate(
    policy,
    decisions.filter((d) => d.round === stage.round),
  );
  const next: Stage = { ...stage, decisions, updatedAt: at, version: stage.version + 1 };
  if (verdict.outcome === "approved") {
    Object.assign(next, { state: "approved", approvedAt: at, outbox: { kind: "decision", createdAt: at } });
  } else if (verdict.outcome === "returned") {
    Object.assign(next, {
      state: "returned",
      returnReason: input.reason,
      submissionDueAt: addDays(at, cycle.deadlines.submissionDays),
      outbox: { kind: "decision", createdAt: at },
    });
  }
  delete next.overdue;

  const events = [
    auditEvent(deps, at, {
      country,
      cycleId,
      actor,
      action: "stage.decision_recorded",
      summary: `${ministry} ${input.decision === "approve" ? "approved" : "returned"} ${name} (round ${stage.round})${input.reason ? `: ${input.reason}` : ""}`,
      changes: [change("stage", `${cycleId}/${name}`, stage, next)],
    }),
  ];
  if (verdict.outcome !== "pending") {
    events.push(
      auditEvent(deps, at, {
        country,
        cycleId,
        actor,
        action: verdict.outcome === "approved" ? "stage.approved" : "stage.returned",
        summary:
          verdict.outcome === "approved"
            ? `${name} approved under the rule ${ruleText(cycle, name)}`
            : `${name} returned to the working group by ${ministry}`,
        changes: [],
      }),
    );
  }
  const result: StageActionResult = { stage: stageView(cycle, next) };
  const decided =
    verdict.outcome === "pending"
      ? []
      : notificationWrites(
          deps,
          {
            country,
            cycleId,
            kind: "stage_decided",
            subject: `The ${name.replace("_", " ")} was ${verdict.outcome}`,
            body:
              verdict.outcome === "approved"
                ? `"${cycle.title}": the ${name.replace("_", " ")} was approved under the rule ${ruleText(cycle, name)} (round ${stage.round}).`
                : `"${cycle.title}": ${ministry} returned the ${name.replace("_", " ")} (round ${stage.round}): ${input.reason ?? ""}`,
            at,
          },
          ["coordinator"],
        );
  await deps.store.commit({
    writes: [{ entity: "stage", item: next, expectedVersion: stage.version }, ...decided],
    events,
    ...withIdempotency(idempotency, result, at),
  });
  return { result, final: verdict.outcome !== "pending" };
}

function ruleText(cycle: Cycle, name: StageName): string {
  const rule = cycle.approvalPolicies[name].rule;
  return rule.type === "all" ? "all ministries" : `quorum of ${rule.n}`;
}
