import { z } from "zod";
import { CatalogueRef } from "../../frameworks/index.js";
import { Position, type StageName } from "../../workflows/schemas.js";
import { ApprovalPolicy } from "./approval.js";
import { Actor } from "./principal.js";

export const CycleId = z
  .string()
  .regex(/^[0-9A-Z]{26}$/, { error: "must be a cycle id (26 characters, 0-9 A-Z)" });
export type CycleId = z.infer<typeof CycleId>;

export const ReportingCadence = z.enum(["monthly", "quarterly", "semiannual", "annual"]);
export type ReportingCadence = z.infer<typeof ReportingCadence>;

export const IsoDate = z.iso.date();

export const PlanPeriod = z.strictObject({ start: IsoDate, end: IsoDate }).superRefine((p, ctx) => {
  if (p.end <= p.start) ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start" });
  const years = (Date.parse(p.end) - Date.parse(p.start)) / (365.25 * 86_400_000);
  if (years > 10)
    ctx.addIssue({ code: "custom", path: ["end"], message: "a plan period may last 10 years at most" });
  if (years < 0.25)
    ctx.addIssue({ code: "custom", path: ["end"], message: "a plan period lasts 3 months at least" });
});
export type PlanPeriod = z.infer<typeof PlanPeriod>;

export const StageDeadlines = z.strictObject({
  /** Days the working group has to submit a stage once it opens (or is returned). */
  submissionDays: z.int().min(1).max(365).default(90),
  /** Days the ministries have to decide once a stage is submitted. */
  decisionDays: z.int().min(1).max(180).default(30),
});
export type StageDeadlines = z.infer<typeof StageDeadlines>;

export const ApprovalPolicies = z.strictObject({
  assessment: ApprovalPolicy,
  priorities: ApprovalPolicy,
  action_plan: ApprovalPolicy,
});
export type ApprovalPolicies = z.infer<typeof ApprovalPolicies>;

export const CycleStatus = z.enum(["active", "closed"]);

export const Cycle = z.strictObject({
  id: CycleId,
  country: z.string().regex(/^[A-Z]{3}$/),
  title: z.string(),
  frameworks: z.array(CatalogueRef).min(1),
  planPeriod: PlanPeriod,
  reportingCadence: ReportingCadence,
  approvalPolicies: ApprovalPolicies,
  deadlines: StageDeadlines,
  status: CycleStatus,
  /** Where the workflow stands: the stage being worked on, a reporting period, or closing. */
  position: Position,
  /** Bumped each time an execution at the same position is replaced (a missed deadline, a resume). */
  generation: z.int().min(0),
  createdAt: z.iso.datetime(),
  createdBy: Actor,
  updatedAt: z.iso.datetime(),
  version: z.int().min(1),
});
export type Cycle = z.infer<typeof Cycle>;

export function policyFor(cycle: Cycle, stage: StageName): ApprovalPolicy {
  return cycle.approvalPolicies[stage];
}
