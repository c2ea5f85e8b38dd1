import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import { MeasureId } from "../assessment.js";
import { OrgSlug } from "../principal.js";
import { Budget, DEFAULT_SUPPRESSION_THRESHOLD, DisaggregationDimension, Population } from "./schema.js";

// What a person writes for each part of the plan. Server-owned fields (id, kind, version, country, cycleId,
// updatedAt) are not part of any of them: strict objects answer 400 "is not a known field" if a client sends one.
// Every string, array and amount is bounded, so one request cannot store an unbounded item.

/** Id of an objective, activity or indicator, as the server made it. */
export const ItemId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^#/]+$/, { error: "must be an id returned by the plan" });

const Title = z.string().trim().min(3).max(200);
const LongText = z.string().trim().max(4000);
const Year = z.int().min(1990).max(2100);

/** Adds an issue for each repeated element, naming its position, so a client sees which one to drop. */
function unique<T>(
  items: readonly T[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
  key: (t: T) => unknown = (t) => t,
) {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k))
      ctx.addIssue({ code: "custom", path: [...path, i], message: `${String(k)} appears twice` });
    seen.add(k);
  });
}

export const ObjectiveInput = z
  .strictObject({
    title: Title,
    description: LongText.default(""),
    pillar: PillarCode,
    /** Accepted priorities (their measure ids) this objective answers. */
    priorityIds: z.array(MeasureId).max(50).default([]),
  })
  .superRefine((o, ctx) => unique(o.priorityIds, ctx, ["priorityIds"]));
export type ObjectiveInput = z.infer<typeof ObjectiveInput>;

export const BudgetInput = Budget.superRefine((b, ctx) => {
  if (b.source === "donor" && !b.donorName) {
    ctx.addIssue({ code: "custom", path: ["donorName"], message: "is required when the source is donor" });
  }
  if (b.source === "state" && b.donorName) {
    ctx.addIssue({ code: "custom", path: ["donorName"], message: "is only for a donor source" });
  }
});

export const ActivityInput = z
  .strictObject({
    objectiveId: ItemId,
    title: Title,
    description: LongText.default(""),
    /**
     * A member may omit it: the activity is then led by the member's own agency. The coordinator may leave it empty
     * while drafting; submission requires it.
     */
    leadAgency: OrgSlug.optional(),
    partnerAgencies: z.array(OrgSlug).max(20).default([]),
    start: z.iso.date(),
    /** Inclusive: the last day of the activity. */
    end: z.iso.date(),
    budget: BudgetInput.optional(),
    /** Framework measures served; measures of both catalogues make a joint activity, still counted once. */
    measureIds: z.array(MeasureId).max(50).default([]),
    priorityIds: z.array(MeasureId).max(50).default([]),
    dependsOn: z.array(ItemId).max(20).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.end < a.start) ctx.addIssue({ code: "custom", path: ["end"], message: "must not be before start" });
    unique(a.partnerAgencies, ctx, ["partnerAgencies"]);
    unique(a.measureIds, ctx, ["measureIds"]);
    unique(a.priorityIds, ctx, ["priorityIds"]);
    unique(a.dependsOn, ctx, ["dependsOn"]);
    if (a.leadAgency && a.partnerAgencies.includes(a.leadAgency)) {
      ctx.addIssue({ code: "custom", path: ["partnerAgencies"], message: "must not repeat the lead agency" });
    }
  });
export type ActivityInput = z.infer<typeof ActivityInput>;

export const IndicatorInput = z
  .strictObject({
    /** What the indicator measures the progress of: one activity, or an objective as a whole. */
    attachedTo: z.strictObject({ kind: z.enum(["activity", "objective"]), id: ItemId }),
    name: Title,
    type: z.enum(["process", "output", "outcome"]),
    unit: z.string().trim().min(1).max(40),
    isCount: z.boolean(),
    /** Omit while the baseline is still being established; required before submission. */
    baseline: z.strictObject({ value: z.number().min(-1e12).max(1e12), year: Year }).optional(),
    targets: z
      .array(z.strictObject({ year: Year, value: z.number().min(-1e12).max(1e12) }))
      .max(20)
      .default([]),
    disaggregation: z.array(DisaggregationDimension).max(5).default([]),
    meansOfVerification: z.string().trim().max(1000).default(""),
    sdg: z.literal("16.2.2").optional(),
  })
  .superRefine((i, ctx) => {
    unique(i.targets, ctx, ["targets"], (t) => t.year);
    unique(i.disaggregation, ctx, ["disaggregation"]);
    // SDG 16.2.2 divides a number of victims by the population: only a count of people can feed it.
    if (i.sdg && !i.isCount) {
      ctx.addIssue({
        code: "custom",
        path: ["isCount"],
        message: "must be true for an SDG 16.2.2 indicator",
      });
    }
  });
export type IndicatorInput = z.infer<typeof IndicatorInput>;

export const MAX_POPULATION = 2_000_000_000;

export const PopulationInput = Population.extend({ total: z.int().min(1).max(MAX_POPULATION) }).superRefine(
  (p, ctx) => {
    // Groups may leave people out (sex or age not recorded), but never hold more than the whole.
    if (p.bySex && p.bySex.female + p.bySex.male > p.total) {
      ctx.addIssue({ code: "custom", path: ["bySex"], message: "female + male must not exceed total" });
    }
    if (p.byAge && p.byAge.child + p.byAge.adult > p.total) {
      ctx.addIssue({ code: "custom", path: ["byAge"], message: "child + adult must not exceed total" });
    }
  },
);

export const SettingsInput = z.strictObject({
  /** Why a pillar has no objective in this plan; a pillar must be covered by an objective or justified here. */
  pillarJustifications: z.partialRecord(PillarCode, z.string().trim().min(10).max(2000)).default({}),
  /** Resident population for SDG 16.2.2 (victims per 100,000), by sex and age where known. */
  population: PopulationInput.optional(),
  suppressionThreshold: z.int().min(1).max(100).default(DEFAULT_SUPPRESSION_THRESHOLD),
  /** The version read from GET /plan; omit only when the settings were never saved (version 0). */
  expectedVersion: z.int().min(1).optional(),
});
export type SettingsInput = z.infer<typeof SettingsInput>;

/** An update carries the whole item (PUT replaces it) and the version the writer read. */
const withVersion = { expectedVersion: z.int().min(1) };
export const ObjectiveUpdate = ObjectiveInput.safeExtend(withVersion);
export const ActivityUpdate = ActivityInput.safeExtend(withVersion);
export const IndicatorUpdate = IndicatorInput.safeExtend(withVersion);
