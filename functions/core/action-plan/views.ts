import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import { PlanPeriod } from "../cycle.js";
import { StageView } from "../views.js";
import {
  type Activity,
  Activity as ActivityRecord,
  DEFAULT_SUPPRESSION_THRESHOLD,
  type Indicator,
  Indicator as IndicatorRecord,
  PlanObjective as ObjectiveRecord,
  type PlanObjective,
  type PlanSettings,
  Population,
} from "./schema.js";

// The shapes the plan API answers with. Stored records lose what the URL already says (country, cycle, kind).

const HIDDEN = { kind: true, country: true, cycleId: true } as const;

export const ObjectiveView = ObjectiveRecord.omit(HIDDEN);
export type ObjectiveView = z.infer<typeof ObjectiveView>;
export const ActivityView = ActivityRecord.omit(HIDDEN);
export type ActivityView = z.infer<typeof ActivityView>;
export const IndicatorView = IndicatorRecord.omit(HIDDEN);
export type IndicatorView = z.infer<typeof IndicatorView>;

export const SettingsView = z.strictObject({
  pillarJustifications: z.partialRecord(PillarCode, z.string()),
  population: Population.optional(),
  suppressionThreshold: z.int(),
  /** 0 while the settings were never saved: save them without expectedVersion. */
  version: z.int().min(0),
  updatedAt: z.iso.datetime().optional(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const PlanRule = z.enum([
  "priority_without_activity",
  "activity_without_lead_agency",
  "activity_without_budget",
  "activity_without_indicator",
  "activity_dates_reversed",
  "activity_outside_plan_period",
  "pillar_not_covered",
  "indicator_without_baseline",
  "indicator_without_target",
  "indicator_without_means_of_verification",
  // References are checked on every write; a concurrent write or a later change of the priorities can still leave
  // one dangling, so the rules check them again before the plan goes to the ministries.
  "activity_objective_missing",
  "indicator_detached",
  "dependency_missing",
  "dependency_cycle",
  "priority_not_accepted",
  "measure_not_in_frameworks",
  "target_outside_plan_period",
  // Warnings: worth a look, never a reason to refuse the submission.
  "starts_before_dependency_ends",
]);
export type PlanRule = z.infer<typeof PlanRule>;

/** One failed rule: which, about what (an activity, indicator, priority or pillar id), and why, in words. */
export const PlanIssue = z.strictObject({ rule: PlanRule, id: z.string(), message: z.string() });
export type PlanIssue = z.infer<typeof PlanIssue>;

export const PlanValidation = z.strictObject({
  /** True when there are no errors: the stage may be submitted. Warnings never block. */
  submittable: z.boolean(),
  errors: z.array(PlanIssue),
  warnings: z.array(PlanIssue),
});
export type PlanValidation = z.infer<typeof PlanValidation>;

/** Money in one currency: all budgets, and the part already funded or not. */
export const Amounts = z.strictObject({ total: z.number(), funded: z.number(), unfunded: z.number() });
export type Amounts = z.infer<typeof Amounts>;
/** Amounts by ISO 4217 currency: currencies are never added together. */
export const ByCurrency = z.record(z.string(), Amounts);
export type ByCurrency = z.infer<typeof ByCurrency>;

export const CatalogueBucket = z.enum(["TIP", "SOM", "both", "none"]);
export type CatalogueBucket = z.infer<typeof CatalogueBucket>;

/**
 * Budget totals. Each activity with a budget counts once in every breakdown: a joint activity serving measures of
 * both catalogues is under `both`, never under TIP and SOM.
 */
export const PlanTotals = z.strictObject({
  plan: ByCurrency,
  /** By the pillar of each activity's objective. */
  byPillar: z.record(PillarCode, ByCurrency),
  byObjective: z.array(z.strictObject({ objectiveId: z.string(), title: z.string(), amounts: ByCurrency })),
  bySource: z.strictObject({
    state: ByCurrency,
    donors: z.array(z.strictObject({ name: z.string(), amounts: ByCurrency })),
  }),
  /** Each budget spread over the calendar years its activity spans, pro rata by days. */
  byYear: z.array(z.strictObject({ year: z.int(), amounts: ByCurrency })),
  /** By the catalogues of the measures and priorities an activity serves. */
  byCatalogue: z.record(CatalogueBucket, ByCurrency),
  activities: z.strictObject({ budgeted: z.int(), unbudgeted: z.int() }),
});
export type PlanTotals = z.infer<typeof PlanTotals>;

export const ActivityTree = ActivityView.extend({ indicators: z.array(IndicatorView) });
export type ActivityTree = z.infer<typeof ActivityTree>;
export const ObjectiveTree = ObjectiveView.extend({
  /** Indicators of the objective as a whole (outcomes). */
  indicators: z.array(IndicatorView),
  activities: z.array(ActivityTree),
});
export type ObjectiveTree = z.infer<typeof ObjectiveTree>;

export const PlanView = z.strictObject({
  stage: StageView,
  planPeriod: PlanPeriod,
  settings: SettingsView,
  objectives: z.array(ObjectiveTree),
  /** Activities whose objective, and indicators whose activity or objective, no longer exist (normally none). */
  unassigned: z.strictObject({ activities: z.array(ActivityTree), indicators: z.array(IndicatorView) }),
  validation: PlanValidation,
  totals: PlanTotals,
});
export type PlanView = z.infer<typeof PlanView>;

export function objectiveView({ kind: _k, country: _c, cycleId: _i, ...rest }: PlanObjective): ObjectiveView {
  return rest;
}
export function activityView({ kind: _k, country: _c, cycleId: _i, ...rest }: Activity): ActivityView {
  return rest;
}
export function indicatorView({ kind: _k, country: _c, cycleId: _i, ...rest }: Indicator): IndicatorView {
  return rest;
}

export function settingsView(settings: PlanSettings | undefined): SettingsView {
  if (!settings)
    return { pillarJustifications: {}, suppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD, version: 0 };
  const { pillarJustifications, population, suppressionThreshold, version, updatedAt } = settings;
  return {
    pillarJustifications,
    ...(population ? { population } : {}),
    suppressionThreshold,
    version,
    updatedAt,
  };
}
