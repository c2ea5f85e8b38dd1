import {
  CloseStageInput,
  type NextExecution,
  nextExecution,
  OpenStageInput,
  type Position,
  STAGE_ORDER,
  type StageName,
  StageOverdueInput,
} from "../../../workflows/schemas.js";
import { addDays, auditEvent, type CoreDeps, change, isoNow } from "../../core/changes.js";
import type { Cycle } from "../../core/cycle.js";
import { notificationWrites } from "../../core/notifications.js";
import { workflowActor } from "../../core/principal.js";
import type { Stage } from "../../core/stage.js";
import { STAGE_CONTENTS } from "../../core/stage-contents.js";
import { amendmentOverdue, closeAmendment } from "../../core/versions/amendment-workflow.js";
import { freezeStage } from "../../core/versions/freeze.js";
import { findStage, loadForTask, waitSeconds } from "./context.js";

/**
 * Opens a stage for drafting. Idempotent: a stage already open (or further along) is left as it is, so a resumed
 * execution passes through. The timeouts count down to the stage's stored deadlines.
 */
export async function openStage(deps: CoreDeps, raw: unknown) {
  const input = OpenStageInput.parse(raw);
  const { cycle, stages } = await loadForTask(deps, input.country, input.cycleId);
  let stage = findStage(stages, input.stage);
  const now = deps.now();
  if (stage.state === "not_started") {
    const at = now.toISOString();
    const opened: Stage = {
      ...stage,
      state: "draft",
      openedAt: at,
      submissionDueAt: addDays(at, cycle.deadlines.submissionDays),
      updatedAt: at,
      version: stage.version + 1,
    };
    const content = await STAGE_CONTENTS[input.stage].onOpen(deps, cycle, at);
    await deps.store.commit({
      writes: [
        { entity: "stage", item: opened, expectedVersion: stage.version },
        ...content.writes,
        ...notificationWrites(
          deps,
          {
            country: cycle.country,
            cycleId: cycle.id,
            kind: "stage_opened",
            subject: `The ${input.stage.replace("_", " ")} stage is open`,
            body: `"${cycle.title}": the ${input.stage.replace("_", " ")} stage is open for drafting; submit it by ${opened.submissionDueAt?.slice(0, 10)}.`,
            at,
          },
          ["coordinator"],
        ),
      ],
      events: [
        auditEvent(deps, at, {
          country: cycle.country,
          cycleId: cycle.id,
          actor: workflowActor("openStage"),
          action: "stage.opened",
          summary: `${input.stage} opened for drafting; due ${opened.submissionDueAt?.slice(0, 10)}`,
          changes: [change("stage", `${cycle.id}/${input.stage}`, stage, opened), ...content.changes],
        }),
      ],
    });
    stage = opened;
  }
  const decisionDueAt = stage.state === "submitted" ? stage.decisionDueAt : undefined;
  return {
    submissionTimeoutSeconds: waitSeconds(
      stage.submissionDueAt,
      now,
      cycle.deadlines.submissionDays * 86_400,
    ),
    decisionTimeoutSeconds: waitSeconds(decisionDueAt, now, cycle.deadlines.decisionDays * 86_400),
  };
}

/**
 * A callback wait timed out. If the stage's deadline really passed while it still waits on the same thing, it is
 * marked overdue (visible in the API and the audit trail). Either way a fresh execution takes over at the same
 * position, so no execution outlives Step Functions' one-year limit. An amendment's execution is handed over
 * without touching the cycle (see amendmentOverdue).
 */
export async function stageOverdue(deps: CoreDeps, raw: unknown): Promise<{ next: NextExecution | null }> {
  const input = StageOverdueInput.parse(raw);
  const { cycle, stages } = await loadForTask(deps, input.country, input.cycleId);
  const stage = findStage(stages, input.stage);
  const amendment = input.position?.amendment;
  if (amendment !== undefined)
    return { next: await amendmentOverdue(deps, cycle, stage, { ...input, amendment }) };
  const now = deps.now();
  const at = now.toISOString();
  const due = input.wait === "submission" ? stage.submissionDueAt : stage.decisionDueAt;
  const stillWaiting =
    input.wait === "submission"
      ? stage.state === "draft" || stage.state === "returned"
      : stage.state === "submitted";
  const late = stillWaiting && due !== undefined && Date.parse(due) <= now.getTime();

  const nextCycle: Cycle = {
    ...cycle,
    generation: cycle.generation + 1,
    updatedAt: at,
    version: cycle.version + 1,
  };
  const writes: Parameters<CoreDeps["store"]["commit"]>[0]["writes"] = [
    { entity: "cycle", item: nextCycle, expectedVersion: cycle.version },
  ];
  const changes = [change("cycle", cycle.id, cycle, nextCycle)];
  if (late && stage.overdue !== input.wait) {
    const overdue: Stage = { ...stage, overdue: input.wait, updatedAt: at, version: stage.version + 1 };
    writes.push({ entity: "stage", item: overdue, expectedVersion: stage.version });
    changes.push(change("stage", `${cycle.id}/${stage.stage}`, stage, overdue));
  }
  await deps.store.commit({
    writes,
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor: workflowActor("stageOverdue"),
        action: late ? "stage.overdue" : "cycle.resumed",
        summary: late
          ? `${stage.stage}: the ${input.wait} was due ${due?.slice(0, 10)} and has not happened`
          : `${stage.stage}: the workflow's wait reached its maximum length and was renewed`,
        changes,
      }),
    ],
  });
  return {
    next: nextExecution({
      country: cycle.country,
      cycleId: cycle.id,
      position: { kind: "stage", stage: input.stage },
      generation: nextCycle.generation,
    }),
  };
}

/**
 * Closes an approved stage, freezing it as version 1, and moves the cycle on: to the next stage, or to the first
 * reporting period. Stage, version and cycle are written in one transaction, so a retry finds the stage closed and
 * freezes nothing twice. An amendment's execution closes the amendment instead and chains nothing (next: null).
 */
export async function closeStage(deps: CoreDeps, raw: unknown): Promise<{ next: NextExecution | null }> {
  const input = CloseStageInput.parse(raw);
  const { cycle, stages } = await loadForTask(deps, input.country, input.cycleId);
  const stage = findStage(stages, input.stage);
  const amendment = input.position?.amendment;
  if (amendment !== undefined) {
    await closeAmendment(deps, cycle, stage, amendment);
    return { next: null };
  }
  const position = positionAfter(input.stage);
  if (stage.state !== "approved") throw new Error(`stage ${input.stage} is ${stage.state}, not approved`);
  if (!stage.closedAt) {
    const at = isoNow(deps);
    const number = (stage.versionNumber ?? 0) + 1;
    const frozen = await freezeStage(deps, cycle, stage, number, at);
    const closed: Stage = {
      ...stage,
      closedAt: at,
      versionNumber: number,
      updatedAt: at,
      version: stage.version + 1,
    };
    const moved: Cycle = { ...cycle, position, generation: 0, updatedAt: at, version: cycle.version + 1 };
    const actor = workflowActor("closeStage");
    await deps.store.commit({
      writes: [
        { entity: "stage", item: closed, expectedVersion: stage.version },
        { entity: "cycle", item: moved, expectedVersion: cycle.version },
        frozen.write,
      ],
      events: [
        auditEvent(deps, at, {
          country: cycle.country,
          cycleId: cycle.id,
          actor,
          action: "stage.closed",
          summary: `${input.stage} closed; the cycle moves to ${describePosition(position)}`,
          changes: [
            change("stage", `${cycle.id}/${input.stage}`, stage, closed),
            change("cycle", cycle.id, cycle, moved),
          ],
        }),
        auditEvent(deps, at, {
          country: cycle.country,
          cycleId: cycle.id,
          actor,
          action: "version.frozen",
          summary: `${input.stage} frozen as version ${number} (${frozen.version.content.items} items)`,
          changes: [frozen.change],
        }),
      ],
    });
  }
  return { next: nextExecution({ country: cycle.country, cycleId: cycle.id, position, generation: 0 }) };
}

export function positionAfter(stage: StageName): Position {
  const next = STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1];
  return next ? { kind: "stage", stage: next } : { kind: "period", index: 0 };
}

export function describePosition(p: Position): string {
  if (p.kind === "stage") return `the ${p.stage.replace("_", " ")} stage`;
  if (p.kind === "period") return `reporting period ${p.index + 1}`;
  return "closing";
}
