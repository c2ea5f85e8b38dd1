import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import { Population } from "../action-plan/schema.js";
import { addDays } from "../changes.js";
import {
  type PeriodSlot,
  PeriodState,
  REPORTING_WINDOW_DAYS,
  type ReportingPeriod,
  roundOpensAt,
} from "../period.js";
import { Actor } from "../principal.js";
import { ActivityProgress, ActivityStatus, type PeriodReport } from "./schema.js";

// What the monitoring API answers. Counts are nullable: in a view meant for donors or the public a small count (and
// whatever would reveal it) is null, and the object holding it says so with `suppressed: true` and the fields.

const Percent = z.number();
/** Counts per category of each dimension, as shown: null where suppressed. */
export const ShownDisaggregation = z.record(z.string(), z.record(z.string(), z.number().nullable()));
export type ShownDisaggregation = z.infer<typeof ShownDisaggregation>;
const Suppressed = {
  suppressed: z.literal(true).optional(),
  /** Which fields of this object were suppressed, e.g. `actual`, `disaggregation.sex.female`. */
  suppressedFields: z.array(z.string()).optional(),
};

export const PeriodView = z.strictObject({
  index: z.int(),
  label: z.string(),
  start: z.iso.date(),
  end: z.iso.date(),
  /** When the period's report round opens (the day after it ends) and when its reports are due. */
  opensAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  state: PeriodState,
  openedAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  reportsComplete: z.boolean(),
  expectedAgencies: z.array(z.string()),
  reportedAgencies: z.array(z.string()),
  /** Expected agencies whose report is still missing. */
  missingAgencies: z.array(z.string()),
  overdueAgencies: z.array(z.string()),
  escalatedAgencies: z.array(z.string()),
  reminders: z.int(),
  /** Absent until the round opened (the period is then only scheduled). */
  version: z.int().optional(),
});
export type PeriodView = z.infer<typeof PeriodView>;

export const ShownActual = z.strictObject({
  indicatorId: z.string(),
  value: z.number().nullable(),
  disaggregation: ShownDisaggregation,
  ...Suppressed,
});
export type ShownActual = z.infer<typeof ShownActual>;

export const ReportView = z.strictObject({
  id: z.string(),
  periodIndex: z.int(),
  agency: z.string(),
  activities: z.array(ActivityProgress),
  indicatorActuals: z.array(ShownActual),
  narrative: z.string(),
  /** Omitted for donors: a government official's identity is not theirs to see. */
  submittedBy: Actor.optional(),
  submittedAt: z.iso.datetime(),
  version: z.int(),
});
export type ReportView = z.infer<typeof ReportView>;

export const PeriodDetail = z.strictObject({ period: PeriodView, reports: z.array(ReportView) });
export type PeriodDetail = z.infer<typeof PeriodDetail>;

export const BudgetLine = z.strictObject({
  currency: z.string(),
  planned: z.number(),
  spent: z.number(),
  /** Spent as a share of planned; null when nothing was planned. */
  spentPercent: Percent.nullable(),
});
export type BudgetLine = z.infer<typeof BudgetLine>;

export const StatusCounts = z.strictObject({
  not_reported: z.int(),
  not_started: z.int(),
  on_track: z.int(),
  delayed: z.int(),
  completed: z.int(),
  cancelled: z.int(),
});
export type StatusCounts = z.infer<typeof StatusCounts>;

/** Progress of a set of activities: weighted % complete (cancelled activities left out), statuses, budget. */
export const Progress = z.strictObject({
  activities: z.int(),
  progress: Percent,
  statuses: StatusCounts,
  budget: z.array(BudgetLine),
});
export type Progress = z.infer<typeof Progress>;

export const ActivityRollup = z.strictObject({
  id: z.string(),
  title: z.string(),
  objectiveId: z.string(),
  pillar: PillarCode.nullable(),
  leadAgency: z.string().nullable(),
  /** The catalogues its measures belong to; a joint activity lists both and still counts once. */
  catalogues: z.array(z.enum(["TIP", "SOM"])),
  start: z.iso.date(),
  end: z.iso.date(),
  /** As last reported; null until a report covered it. */
  status: ActivityStatus.nullable(),
  percentComplete: Percent,
  lastReportedPeriod: z.int().nullable(),
  /** Reported spend summed over the periods, against the activity's budget. */
  budget: BudgetLine.nullable(),
});
export type ActivityRollup = z.infer<typeof ActivityRollup>;

export const ObjectiveRollup = Progress.extend({
  id: z.string(),
  title: z.string(),
  pillar: PillarCode,
});
export type ObjectiveRollup = z.infer<typeof ObjectiveRollup>;

export const PillarRollup = Progress.extend({ pillar: PillarCode });
export type PillarRollup = z.infer<typeof PillarRollup>;

export const PlanRollup = Progress.extend({
  /** How progress is weighted: by budget when every activity has one in one currency, else equally. */
  weighting: z.enum(["budget", "equal"]),
  /** Per catalogue; a joint activity appears under both, which is why these may add up to more than the plan. */
  catalogues: z.array(
    z.strictObject({
      catalogue: z.enum(["TIP", "SOM"]),
      activities: z.int(),
      jointActivities: z.int(),
      progress: Percent,
    }),
  ),
});
export type PlanRollup = z.infer<typeof PlanRollup>;

export const IndicatorYear = z.strictObject({
  year: z.int(),
  /** Count indicators: the year's periods summed; others: the latest value reported in the year. */
  actual: z.number().nullable(),
  target: z.number().nullable(),
  percentAchieved: Percent.nullable(),
  /** How many reported values the year's actual rests on. */
  reports: z.int(),
  disaggregation: ShownDisaggregation,
  ...Suppressed,
});
export type IndicatorYear = z.infer<typeof IndicatorYear>;

export const IndicatorRollup = z.strictObject({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  type: z.enum(["process", "output", "outcome"]),
  isCount: z.boolean(),
  sdg: z.literal("16.2.2").optional(),
  attachedTo: z.strictObject({ kind: z.enum(["activity", "objective"]), id: z.string() }),
  /** Null when the plan has none, or outside government when a count's is below the threshold (then suppressed). */
  baseline: z.strictObject({ value: z.number(), year: z.int() }).nullable(),
  /** The value of the latest period reported on; withheld (null) for count indicators outside government. */
  latest: z.strictObject({ periodIndex: z.int(), value: z.number().nullable(), ...Suppressed }).nullable(),
  years: z.array(IndicatorYear),
  ...Suppressed,
});
export type IndicatorRollup = z.infer<typeof IndicatorRollup>;

const SdgCell = z.strictObject({
  victims: z.number().nullable(),
  population: z.int(),
  /** Per 100,000 of the group's population. */
  rate: z.number().nullable(),
});

export const SdgYear = z.strictObject({
  year: z.int(),
  victims: z.number().nullable(),
  rate: z.number().nullable(),
  bySex: z.strictObject({ female: SdgCell, male: SdgCell }).nullable(),
  byAge: z.strictObject({ child: SdgCell, adult: SdgCell }).nullable(),
  ...Suppressed,
});
export type SdgYear = z.infer<typeof SdgYear>;

/** SDG indicator 16.2.2: detected victims of trafficking per 100,000 population, by sex and age. */
export const Sdg1622 = z.strictObject({
  indicator: z.literal("16.2.2"),
  /** The indicators whose actuals count as detected victims. */
  indicatorIds: z.array(z.string()),
  population: Population.nullable(),
  years: z.array(SdgYear),
  /** Why there is no figure, when there is none. */
  unavailable: z.string().optional(),
});
export type Sdg1622 = z.infer<typeof Sdg1622>;

export const MonitoringView = z.strictObject({
  cycleId: z.string(),
  plan: z.strictObject({
    source: z.enum(["version", "approved", "none"]),
    /** The frozen version of the action plan the roll-ups follow. */
    versionNumber: z.int().optional(),
  }),
  /** The latest period any report was received for. */
  reportedThrough: z.int().nullable(),
  totals: PlanRollup,
  pillars: z.array(PillarRollup),
  objectives: z.array(ObjectiveRollup),
  activities: z.array(ActivityRollup),
  indicators: z.array(IndicatorRollup),
  sdg: Sdg1622,
  /** Applied in views for donors and the public: counts under the threshold are null. */
  suppression: z.strictObject({ applied: z.boolean(), threshold: z.int() }),
});
export type MonitoringView = z.infer<typeof MonitoringView>;

/** A period as the API shows it: stored once its round opened, otherwise the scheduled slot. No task token. */
export function periodView(slot: PeriodSlot, period: ReportingPeriod | undefined): PeriodView {
  const opensAt = roundOpensAt(slot);
  const base = { index: slot.index, label: slot.label, start: slot.start, end: slot.end, opensAt };
  if (!period) {
    return {
      ...base,
      dueAt: addDays(opensAt, REPORTING_WINDOW_DAYS),
      state: "scheduled",
      reportsComplete: false,
      expectedAgencies: [],
      reportedAgencies: [],
      missingAgencies: [],
      overdueAgencies: [],
      escalatedAgencies: [],
      reminders: 0,
    };
  }
  return {
    ...base,
    dueAt: period.dueAt,
    state: period.state,
    ...(period.openedAt ? { openedAt: period.openedAt } : {}),
    ...(period.closedAt ? { closedAt: period.closedAt } : {}),
    reportsComplete: period.reportsComplete,
    expectedAgencies: period.expectedAgencies,
    reportedAgencies: period.reportedAgencies,
    missingAgencies: period.expectedAgencies.filter((a) => !period.reportedAgencies.includes(a)),
    overdueAgencies: period.overdueAgencies,
    escalatedAgencies: period.escalatedAgencies,
    reminders: period.reminders,
    version: period.version,
  };
}

export function reportView(report: PeriodReport): ReportView {
  return {
    id: report.id,
    periodIndex: report.periodIndex,
    agency: report.agency,
    activities: report.activities,
    indicatorActuals: report.indicatorActuals.map((a) => ({
      indicatorId: a.indicatorId,
      value: a.value,
      disaggregation: a.disaggregation as ShownDisaggregation,
    })),
    narrative: report.narrative,
    submittedBy: report.submittedBy,
    submittedAt: report.submittedAt,
    version: report.version,
  };
}
