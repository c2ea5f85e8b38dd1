import { z } from "zod";
import { CatalogueRef } from "../../frameworks/index.js";
import { Position, StageName } from "../../workflows/schemas.js";
import { ApprovalPolicy, Decision } from "./approval.js";
import { AssessmentEntry, Score } from "./assessment.js";
import { ApprovalPolicies, type Cycle, PlanPeriod, ReportingCadence, StageDeadlines } from "./cycle.js";
import { Actor } from "./principal.js";
import { awaitingSignatures, currentDecisions, type Stage, StageState } from "./stage.js";

// The shapes the API returns. Stored shapes (with versions, tokens, outbox markers) stay inside; views are built
// here so that every route returns the same picture of a thing.

export const StageView = z.strictObject({
  stage: StageName,
  state: StageState,
  round: z.int(),
  policy: ApprovalPolicy,
  /** Ministries whose signature the current round still needs (empty unless submitted). */
  awaiting: z.array(z.string()),
  decisions: z.array(Decision),
  openedAt: z.iso.datetime().optional(),
  submissionDueAt: z.iso.datetime().optional(),
  submittedAt: z.iso.datetime().optional(),
  decisionDueAt: z.iso.datetime().optional(),
  approvedAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  returnReason: z.string().optional(),
  overdue: z.enum(["submission", "decision"]).optional(),
  /** Number of the latest approved (frozen) version; absent until first approved. */
  versionNumber: z.int().optional(),
  /** While an approved stage is being amended: the version it will become, why, who opened it and when. */
  amendment: z
    .strictObject({ number: z.int(), reason: z.string(), openedAt: z.iso.datetime(), openedBy: z.string() })
    .optional(),
  version: z.int(),
});
export type StageView = z.infer<typeof StageView>;

export const CycleView = z.strictObject({
  id: z.string(),
  country: z.string(),
  title: z.string(),
  frameworks: z.array(CatalogueRef),
  planPeriod: PlanPeriod,
  reportingCadence: ReportingCadence,
  approvalPolicies: ApprovalPolicies,
  deadlines: StageDeadlines,
  status: z.enum(["active", "closed"]),
  position: Position,
  /** The stage being worked on, or null once the cycle is in monitoring or closed. */
  currentStage: StageName.nullable(),
  /** Who the cycle waits on right now, in words a coordinator can act on. */
  waitingOn: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: Actor,
  updatedAt: z.iso.datetime(),
  version: z.int(),
  stages: z.array(StageView),
});
export type CycleView = z.infer<typeof CycleView>;

export const CycleSummary = CycleView.omit({ stages: true, approvalPolicies: true, deadlines: true });
export type CycleSummary = z.infer<typeof CycleSummary>;

export function stageView(cycle: Cycle, stage: Stage): StageView {
  const policy = cycle.approvalPolicies[stage.stage];
  return {
    stage: stage.stage,
    state: stage.state,
    round: stage.round,
    policy,
    awaiting: awaitingSignatures(stage, policy),
    decisions: currentDecisions(stage),
    ...pick(stage, [
      "openedAt",
      "submissionDueAt",
      "submittedAt",
      "decisionDueAt",
      "approvedAt",
      "closedAt",
      "returnReason",
      "overdue",
      "versionNumber",
    ]),
    ...(stage.amendment
      ? {
          amendment: {
            number: stage.amendment.number,
            reason: stage.amendment.reason,
            openedAt: stage.amendment.openedAt,
            openedBy: stage.amendment.openedBy,
          },
        }
      : {}),
    version: stage.version,
  };
}

export function cycleView(cycle: Cycle, stages: Stage[]): CycleView {
  const views = stages.map((s) => stageView(cycle, s));
  return {
    ...cycleSummary(cycle, views),
    approvalPolicies: cycle.approvalPolicies,
    deadlines: cycle.deadlines,
    stages: views,
  };
}

export function cycleSummary(cycle: Cycle, stages?: StageView[]): CycleSummary {
  const currentStage = cycle.position.kind === "stage" ? cycle.position.stage : null;
  return {
    id: cycle.id,
    country: cycle.country,
    title: cycle.title,
    frameworks: cycle.frameworks,
    planPeriod: cycle.planPeriod,
    reportingCadence: cycle.reportingCadence,
    status: cycle.status,
    position: cycle.position,
    currentStage,
    waitingOn: waitingOn(
      cycle,
      stages?.find((s) => s.stage === currentStage),
    ),
    createdAt: cycle.createdAt,
    createdBy: cycle.createdBy,
    updatedAt: cycle.updatedAt,
    version: cycle.version,
  };
}

function waitingOn(cycle: Cycle, stage: StageView | undefined): string {
  if (cycle.status === "closed") return "nobody: the cycle is closed";
  if (cycle.position.kind === "period")
    return `lead agencies: reports for reporting period ${cycle.position.index + 1}`;
  if (cycle.position.kind === "close") return "the workflow: closing the cycle";
  if (!stage) return "the workflow";
  switch (stage.state) {
    case "not_started":
      return "the workflow: opening the stage";
    case "draft":
      return "the working group: drafting, then the coordinator submits";
    case "returned":
      return "the working group: rework after a return, then the coordinator resubmits";
    case "submitted":
      return `ministries: ${stage.awaiting.join(", ")}`;
    case "approved":
      return "the workflow: closing the approved stage";
  }
}

export const EntryView = AssessmentEntry.omit({ country: true, cycleId: true });
export type EntryView = z.infer<typeof EntryView>;

export function entryView(e: AssessmentEntry): EntryView {
  const { country: _c, cycleId: _i, ...rest } = e;
  return rest;
}

export const ObjectiveScore = z.strictObject({ id: z.string(), title: z.string(), score: Score });
export const PillarScore = z.strictObject({
  id: z.string(),
  title: z.string(),
  score: Score,
  objectives: z.array(ObjectiveScore),
});
export const CatalogueScore = z.strictObject({
  id: z.string(),
  version: z.string(),
  score: Score,
  pillars: z.array(PillarScore),
});
export const AssessmentScores = z.strictObject({ overall: Score, catalogues: z.array(CatalogueScore) });
export type AssessmentScores = z.infer<typeof AssessmentScores>;

function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}
