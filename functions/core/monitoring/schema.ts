import { z } from "zod";
import type { DisaggregationDimension } from "../action-plan/schema.js";
import { Actor, OrgSlug } from "../principal.js";
import { recordBase } from "../record-base.js";

export const ActivityStatus = z.enum(["not_started", "on_track", "delayed", "completed", "cancelled"]);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

// Reports hold aggregates only: every category of every dimension is a closed list or a code, never free text, so
// no field of a report can carry a person's name or identifier (personal data stays in case systems).
const Count = z.int().min(0).max(1_000_000_000);
/** More than the ISO country codes (249) or the first-level regions of any country, so a report stays bounded. */
export const MAX_CATEGORIES = 300;
const categories = <K extends string>(keys: z.ZodType<K>) =>
  z
    .partialRecord(keys, Count)
    .refine((counts) => Object.keys(counts).length <= MAX_CATEGORIES, {
      error: `at most ${MAX_CATEGORIES} categories`,
    })
    .meta({ maxProperties: MAX_CATEGORIES });

/** GLOTIP-style categories; age is split where SDG 16.2.2 splits it (child under 18, adult). */
export const DimensionCategories = {
  sex: z.enum(["female", "male", "other", "unknown"]),
  age: z.enum(["child", "adult", "unknown"]),
  exploitation: z.enum([
    "sexual",
    "forced_labour",
    "forced_criminality",
    "begging",
    "forced_marriage",
    "organ_removal",
    "illegal_adoption",
    "mixed",
    "other",
    "unknown",
  ]),
  /** domestic/foreign, or an ISO 3166-1 alpha-3 citizenship. */
  nationality: z.union([
    z.enum(["domestic", "foreign", "unknown"]),
    z.string().regex(/^[A-Z]{3}$/, { error: "must be domestic, foreign, unknown or an ISO code like KEN" }),
  ]),
  /** A region code of the country, e.g. `nairobi` or `ke-47`. */
  region: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: "must be a region code like nairobi" }),
} satisfies Record<DisaggregationDimension, z.ZodType<string>>;

/** Counts per category of each dimension, e.g. { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } }. */
export const Disaggregation = z.strictObject({
  sex: categories(DimensionCategories.sex).optional(),
  age: categories(DimensionCategories.age).optional(),
  exploitation: categories(DimensionCategories.exploitation).optional(),
  nationality: categories(DimensionCategories.nationality).optional(),
  region: categories(DimensionCategories.region).optional(),
});
export type Disaggregation = z.infer<typeof Disaggregation>;

const RecordId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^#]+$/, { error: "must be a record id" });
const Narrative = z.string().trim().max(2000);

export const ActivityProgress = z.strictObject({
  activityId: RecordId,
  status: ActivityStatus,
  percentComplete: z.number().min(0).max(100),
  /** Spent in this period, in the activity's budget currency. */
  spend: z.number().min(0).max(1e12),
  narrative: Narrative.default(""),
});
export type ActivityProgress = z.infer<typeof ActivityProgress>;

export const IndicatorActual = z.strictObject({
  indicatorId: RecordId,
  /** The value for this period (a count for count indicators; the current level for others). */
  value: z.number().min(-1e12).max(1e12),
  disaggregation: Disaggregation.default({}),
});
export type IndicatorActual = z.infer<typeof IndicatorActual>;

/** One lead agency's report for one reporting period (id `<period 000>:<agency>`). Aggregates only. */
export const PeriodReport = z.strictObject({
  ...recordBase("report"),
  periodIndex: z.int().min(0),
  agency: OrgSlug,
  activities: z.array(ActivityProgress).max(200),
  indicatorActuals: z.array(IndicatorActual).max(500),
  narrative: z.string().max(4000),
  submittedBy: Actor,
  submittedAt: z.iso.datetime(),
});
export type PeriodReport = z.infer<typeof PeriodReport>;
