import { type NextExecution, nextExecution } from "../../../workflows/schemas.js";
import { auditEvent, type CoreDeps, change, isoNow } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { workflowActor } from "../principal.js";
import type { Stage } from "../stage.js";
import { freezeStage } from "./freeze.js";

// The workflow's side of an amendment. Its execution runs the same stage block as the cycle's own, with
// `position.amendment` set; these are the tasks that act differently for it. None of them writes the cycle: its
// position and generation belong to the cycle's own execution.

/** The execution approving a stage's open amendment, named from the amendment's number and generation. */
export function amendmentExecution(cycle: Cycle, stage: Stage): NextExecution | undefined {
  if (!stage.amendment) return undefined;
  return nextExecution({
    country: cycle.country,
    cycleId: cycle.id,
    position: { kind: "stage", stage: stage.stage, amendment: stage.amendment.number },
    generation: stage.amendment.generation,
  });
}

/** Every amendment execution an active cycle's data says should run: for the runtime's resume and the reconciler. */
export function amendmentExecutions(cycle: Cycle, stages: Stage[]): NextExecution[] {
  if (cycle.status !== "active") return [];
  return stages.flatMap((stage) => amendmentExecution(cycle, stage) ?? []);
}

/**
 * Closes an approved amendment: the stage is frozen as version `number` with the amendment's reason, and the
 * amendment is cleared, in one transaction. A retry finds the stage closed at that version and does nothing.
 */
export async function closeAmendment(
  deps: CoreDeps,
  cycle: Cycle,
  stage: Stage,
  number: number,
): Promise<void> {
  if (stage.state === "approved" && stage.closedAt && stage.versionNumber === number) return;
  const amendment = stage.amendment;
  if (stage.state !== "approved" || amendment?.number !== number) {
    // An execution for an amendment the data does not hold is broken: fail it loudly rather than freeze anything.
    throw new Error(
      `stage ${stage.stage} is ${stage.state} with amendment ${amendment?.number ?? "none"}, not approved amendment ${number}`,
    );
  }
  const at = isoNow(deps);
  const frozen = await freezeStage(deps, cycle, stage, number, at, amendment.reason);
  const closed: Stage = {
    ...stage,
    closedAt: at,
    versionNumber: number,
    updatedAt: at,
    version: stage.version + 1,
  };
  delete closed.amendment;
  const actor = workflowActor("closeStage");
  await deps.store.commit({
    writes: [{ entity: "stage", item: closed, expectedVersion: stage.version }, frozen.write],
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor,
        action: "stage.closed",
        summary: `${stage.stage} amendment approved and closed; the cycle stays where it is`,
        changes: [change("stage", `${cycle.id}/${stage.stage}`, stage, closed)],
      }),
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor,
        action: "version.frozen",
        summary: `${stage.stage} frozen as version ${number} (${frozen.version.content.items} items), amending version ${number - 1}: ${amendment.reason}`,
        changes: [frozen.change],
      }),
    ],
  });
}

/**
 * An amendment's callback wait timed out: marks the stage overdue if its deadline really passed, and hands over to
 * a fresh execution of the same amendment (generation + 1, stored on the amendment so that the reconciler starts
 * the right one). Answers null when this execution is no longer the amendment's live one (the amendment closed, or
 * a newer generation took over): it must then end, or it would take the stage's wait from the live execution. It
 * also ends once the cycle is closed, where the amendment can no longer move.
 */
export async function amendmentOverdue(
  deps: CoreDeps,
  cycle: Cycle,
  stage: Stage,
  input: { wait: "submission" | "decision"; generation: number; amendment: number },
): Promise<NextExecution | null> {
  const amendment = stage.amendment;
  if (amendment?.number !== input.amendment || amendment.generation !== input.generation) return null;
  // The cycle closed with the amendment still open: nobody may submit or approve it any more, so stop waiting.
  if (cycle.status !== "active") return null;
  const now = deps.now();
  const at = now.toISOString();
  const due = input.wait === "submission" ? stage.submissionDueAt : stage.decisionDueAt;
  const stillWaiting =
    input.wait === "submission"
      ? stage.state === "draft" || stage.state === "returned"
      : stage.state === "submitted";
  const late = stillWaiting && due !== undefined && Date.parse(due) <= now.getTime();
  const next: Stage = {
    ...stage,
    ...(late ? { overdue: input.wait } : {}),
    amendment: { ...amendment, generation: input.generation + 1 },
    updatedAt: at,
    version: stage.version + 1,
  };
  await deps.store.commit({
    writes: [{ entity: "stage", item: next, expectedVersion: stage.version }],
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor: workflowActor("stageOverdue"),
        action: late ? "stage.overdue" : "cycle.resumed",
        summary: late
          ? `${stage.stage} amendment ${amendment.number}: the ${input.wait} was due ${due?.slice(0, 10)} and has not happened`
          : `${stage.stage} amendment ${amendment.number}: the workflow's wait reached its maximum length and was renewed`,
        changes: [change("stage", `${cycle.id}/${stage.stage}`, stage, next)],
      }),
    ],
  });
  const execution = amendmentExecution(cycle, next);
  if (!execution) throw new Error("an open amendment has an execution");
  return execution;
}
