import { z } from "zod";
import { StageName, WaitKind } from "../../workflows/schemas.js";
import { type ApprovalPolicy, Decision, evaluate } from "./approval.js";

export const StageState = z.enum(["not_started", "draft", "submitted", "approved", "returned"]);
export type StageState = z.infer<typeof StageState>;

/** The workflow's callback wait on this stage: the task token the API completes when the awaited thing happens. */
export const StageWait = z.strictObject({
  kind: WaitKind,
  token: z.string().min(1),
  registeredAt: z.iso.datetime(),
});
export type StageWait = z.infer<typeof StageWait>;

/**
 * Outbox marker: a submission or decision is stored but not yet confirmed as delivered to the workflow. Written in
 * the same transaction as the state change, cleared once SendTaskSuccess went through, re-sent by the reconciler.
 */
export const StageOutbox = z.strictObject({
  kind: z.enum(["submission", "decision"]),
  createdAt: z.iso.datetime(),
});

/** A sender's claim on a delivery, so that two racing senders never both call SendTaskSuccess for one token. */
export const DeliveryClaim = z.strictObject({ token: z.string(), claimedAt: z.iso.datetime() });

export const Stage = z.strictObject({
  country: z.string(),
  cycleId: z.string(),
  stage: StageName,
  state: StageState,
  /** Submission round: 0 until first submitted, +1 on each submission. Decisions count only in their round. */
  round: z.int().min(0),
  openedAt: z.iso.datetime().optional(),
  submissionDueAt: z.iso.datetime().optional(),
  submittedAt: z.iso.datetime().optional(),
  submittedBy: z.string().optional(),
  decisionDueAt: z.iso.datetime().optional(),
  decisions: z.array(Decision),
  returnReason: z.string().optional(),
  approvedAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  overdue: z.enum(["submission", "decision"]).optional(),
  /** Number of the latest frozen (approved) version of this stage; absent until first approved. */
  versionNumber: z.int().min(1).optional(),
  /** Set while an approved stage is being amended: the new version's number, why, by whom. */
  amendment: z
    .strictObject({
      number: z.int().min(2),
      reason: z.string(),
      openedAt: z.iso.datetime(),
      openedBy: z.string(),
      /** Of the amendment's own execution: bumped when a missed deadline chains a fresh one (see the cycle's). */
      generation: z.int().min(0).max(999),
    })
    .optional(),
  wait: StageWait.optional(),
  outbox: StageOutbox.optional(),
  delivery: DeliveryClaim.optional(),
  updatedAt: z.iso.datetime(),
  version: z.int().min(1),
});
export type Stage = z.infer<typeof Stage>;

/** Stages whose content may be edited: the working group drafts, or reworks after a return. */
export function isEditable(stage: Stage): boolean {
  return stage.state === "draft" || stage.state === "returned";
}

export function currentDecisions(stage: Stage): Decision[] {
  return stage.decisions.filter((d) => d.round === stage.round);
}

/** Who must still sign in the current round, or [] when the stage is not awaiting a decision. */
export function awaitingSignatures(stage: Stage, policy: ApprovalPolicy): string[] {
  if (stage.state !== "submitted") return [];
  const verdict = evaluate(policy, currentDecisions(stage));
  return verdict.outcome === "pending" ? verdict.awaiting : [];
}

/**
 * What the workflow's current wait is owed, derived from the stage's state alone, so that a resumed execution
 * (after a restart or a lost execution) finds out at once what already happened:
 * - a submission wait is satisfied once the stage was submitted in this round (or already decided);
 * - a decision wait is satisfied once the round was decided (approved, or returned and not yet delivered).
 */
export function satisfiedWaitOutput(stage: Stage, kind: WaitKind): Record<string, unknown> | undefined {
  const decidedUndelivered = stage.outbox?.kind === "decision";
  if (kind === "submission") {
    if (stage.state === "submitted" || stage.state === "approved" || decidedUndelivered) {
      return { submitted: true, round: Math.max(stage.round, 1) };
    }
    return undefined;
  }
  if (kind === "decision") {
    if (stage.state === "approved") return { outcome: "approved", round: stage.round };
    if (decidedUndelivered && stage.state === "returned") return { outcome: "returned", round: stage.round };
    return undefined;
  }
  return undefined;
}
