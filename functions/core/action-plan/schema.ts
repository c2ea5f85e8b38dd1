import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import { OrgSlug } from "../principal.js";
import { recordBase } from "../record-base.js";

export const PlanObjective = z.strictObject({
  ...recordBase("objective"),
  title: z.string(),
  description: z.string(),
  /** The pillar the objective works on; an activity counts in its objective's pillar, once. */
  pillar: PillarCode,
  /** Accepted priorities (measure ids) this objective answers. */
  priorityIds: z.array(z.string()),
});
export type PlanObjective = z.infer<typeof PlanObjective>;

export const Budget = z.strictObject({
  amount: z.number().min(0).max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "must be an ISO 4217 currency code like USD" }),
  source: z.enum(["state", "donor"]),
  donorName: z.string().trim().min(2).max(120).optional(),
  funded: z.boolean(),
});
export type Budget = z.infer<typeof Budget>;

export const Activity = z.strictObject({
  ...recordBase("activity"),
  objectiveId: z.string(),
  title: z.string(),
  description: z.string(),
  leadAgency: OrgSlug.optional(),
  partnerAgencies: z.array(OrgSlug),
  start: z.iso.date(),
  end: z.iso.date(),
  budget: Budget.optional(),
  /** Framework measures served; may span both catalogues (a joint activity), and still counts once. */
  measureIds: z.array(z.string()),
  priorityIds: z.array(z.string()),
  dependsOn: z.array(z.string()),
});
export type Activity = z.infer<typeof Activity>;

export const DisaggregationDimension = z.enum(["sex", "age", "exploitation", "nationality", "region"]);
export type DisaggregationDimension = z.infer<typeof DisaggregationDimension>;

export const Indicator = z.strictObject({
  ...recordBase("indicator"),
  attachedTo: z.strictObject({ kind: z.enum(["activity", "objective"]), id: z.string() }),
  name: z.string(),
  type: z.enum(["process", "output", "outcome"]),
  /** What is counted or measured, e.g. "persons", "cases", "percent", "yes/no". */
  unit: z.string(),
  /** A count of people or cases: subject to small-cell suppression outside government. */
  isCount: z.boolean(),
  /**
   * Absent while the baseline is still being established (a common state while drafting); the submission rules
   * require it, so every indicator of a submitted or approved plan has one.
   */
  baseline: z.strictObject({ value: z.number(), year: z.int().min(1990).max(2100) }).optional(),
  targets: z.array(z.strictObject({ year: z.int().min(1990).max(2100), value: z.number() })),
  disaggregation: z.array(DisaggregationDimension),
  meansOfVerification: z.string(),
  /** Feeds SDG indicator 16.2.2 (victims of trafficking per 100,000 population). */
  sdg: z.literal("16.2.2").optional(),
});
export type Indicator = z.infer<typeof Indicator>;

export const Population = z.strictObject({
  year: z.int().min(1990).max(2100),
  total: z.int().min(1),
  bySex: z.strictObject({ female: z.int().min(0), male: z.int().min(0) }).optional(),
  byAge: z.strictObject({ child: z.int().min(0), adult: z.int().min(0) }).optional(),
});
export type Population = z.infer<typeof Population>;

/** Plan-wide settings (one record, id `settings`). */
export const PlanSettings = z.strictObject({
  ...recordBase("planSettings"),
  /** Why a pillar has no objective in this plan, by pillar code; a pillar must be covered or justified. */
  pillarJustifications: z.partialRecord(PillarCode, z.string()),
  population: Population.optional(),
  /** Counts below this are suppressed in anything that leaves the government (donors, public). */
  suppressionThreshold: z.int().min(1).max(100),
});
export type PlanSettings = z.infer<typeof PlanSettings>;

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
