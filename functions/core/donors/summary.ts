import type { Activity, Indicator } from "../action-plan/schema.js";
import type { ActivityStatus, PeriodReport } from "../monitoring/schema.js";
import type { PeriodSlot, ReportingPeriod } from "../period.js";
import type { FinalSummary } from "./schema.js";

/** What the final summary is computed from: the plan as it stands at closing, every report, every period. */
export type SummaryInput = {
  activities: readonly Activity[];
  indicators: readonly Indicator[];
  reports: readonly PeriodReport[];
  /** The cycle's reporting periods, as cut from its plan period and cadence. */
  slots: readonly PeriodSlot[];
  /** The stored periods, by index (a period never opened is absent). */
  periods: ReadonlyMap<number, ReportingPeriod>;
};

export type SummaryFigures = Pick<FinalSummary, "activities" | "budget" | "indicators" | "periods">;

/** Reports in the order they happened: by period, then by submission time. */
function chronological(reports: readonly PeriodReport[]): PeriodReport[] {
  return [...reports].sort(
    (a, b) => a.periodIndex - b.periodIndex || a.submittedAt.localeCompare(b.submittedAt),
  );
}

/** Each activity's status as last reported; an activity nobody reported on is absent. */
export function latestActivityStatuses(reports: readonly PeriodReport[]): Map<string, ActivityStatus> {
  const out = new Map<string, ActivityStatus>();
  for (const report of chronological(reports)) {
    for (const a of report.activities) out.set(a.activityId, a.status);
  }
  return out;
}

export function summarise(input: SummaryInput): SummaryFigures {
  return {
    activities: activityCounts(input),
    budget: budgetTotals(input),
    indicators: indicatorResults(input),
    periods: periodGaps(input),
  };
}

function activityCounts({ activities, reports }: SummaryInput): FinalSummary["activities"] {
  const latest = latestActivityStatuses(reports);
  const counts = {
    total: activities.length,
    completed: 0,
    cancelled: 0,
    delayed: 0,
    notStarted: 0,
    onTrack: 0,
  };
  for (const activity of activities) {
    const status = latest.get(activity.id) ?? "not_started";
    if (status === "not_started") counts.notStarted++;
    else if (status === "on_track") counts.onTrack++;
    else counts[status]++;
  }
  return counts;
}

/**
 * Reported spend is what was spent during the period, so a plan's spending is the sum over its reports; it is
 * counted in the currency of the activity's budget. Spend on an activity the plan no longer has (an amendment
 * removed it) was still spent: it is counted in the plan's main currency.
 */
function budgetTotals({ activities, reports }: SummaryInput): FinalSummary["budget"] {
  const byCurrency = new Map<string, { planned: number; spent: number }>();
  const bucket = (currency: string) => {
    let b = byCurrency.get(currency);
    if (!b) {
      b = { planned: 0, spent: 0 };
      byCurrency.set(currency, b);
    }
    return b;
  };
  const currencyOf = new Map<string, string>();
  for (const activity of activities) {
    if (!activity.budget) continue;
    bucket(activity.budget.currency).planned += activity.budget.amount;
    currencyOf.set(activity.id, activity.budget.currency);
  }
  const main = [...byCurrency.entries()].sort(([, a], [, b]) => b.planned - a.planned)[0]?.[0] ?? "XXX";
  for (const report of reports) {
    for (const a of report.activities) {
      if (a.spend > 0) bucket(currencyOf.get(a.activityId) ?? main).spent += a.spend;
    }
  }
  const rows = [...byCurrency.entries()]
    .map(([currency, b]) => ({ currency, planned: round2(b.planned), spent: round2(b.spent) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return {
    planned: round2(rows.reduce((s, r) => s + r.planned, 0)),
    spent: round2(rows.reduce((s, r) => s + r.spent, 0)),
    currency: rows.length === 1 ? (rows[0]?.currency ?? null) : null,
    byCurrency: rows,
  };
}

/**
 * An indicator is judged on its final target (the latest year it has one for) against what was reported for that
 * year: a count (cases, persons) adds up its periods, any other unit takes the latest value. A target above the
 * baseline is met when reached or exceeded, one below it (a reduction) when reached or undercut. No target, or
 * nothing reported for the target's year, is "no data": the summary does not guess.
 */
function indicatorResults({ indicators, reports, slots }: SummaryInput): FinalSummary["indicators"] {
  const yearOf = new Map(slots.map((s) => [s.index, Number(s.end.slice(0, 4))]));
  // One value per indicator and period: a later report for the same period replaces an earlier one.
  const values = new Map<string, Map<number, number>>();
  for (const report of chronological(reports)) {
    for (const actual of report.indicatorActuals) {
      let byPeriod = values.get(actual.indicatorId);
      if (!byPeriod) {
        byPeriod = new Map();
        values.set(actual.indicatorId, byPeriod);
      }
      byPeriod.set(report.periodIndex, actual.value);
    }
  }
  const result = { total: indicators.length, met: 0, notMet: 0, noData: 0 };
  for (const indicator of indicators) {
    const target = [...indicator.targets].sort((a, b) => b.year - a.year)[0];
    const inYear = [...(values.get(indicator.id) ?? new Map<number, number>()).entries()]
      .filter(([period]) => yearOf.get(period) === target?.year)
      .sort(([a], [b]) => a - b)
      .map(([, value]) => value);
    if (!target || inYear.length === 0) {
      result.noData++;
      continue;
    }
    const achieved = indicator.isCount ? inYear.reduce((s, v) => s + v, 0) : (inYear.at(-1) ?? 0);
    // Without a baseline (only possible in a plan approved before baselines were required) more is better.
    const higherIsBetter = target.value >= (indicator.baseline?.value ?? Number.NEGATIVE_INFINITY);
    const met = higherIsBetter ? achieved >= target.value : achieved <= target.value;
    if (met) result.met++;
    else result.notMet++;
  }
  return result;
}

/**
 * A period misses reports when a lead agency it waited for never reported (a late report still counts). The
 * agencies waited for are the period's own list when the round recorded one, otherwise the lead agencies of the
 * activities running in it.
 */
function periodGaps({ activities, reports, slots, periods }: SummaryInput): FinalSummary["periods"] {
  const reported = new Map<number, Set<string>>();
  for (const period of periods.values()) reported.set(period.index, new Set(period.reportedAgencies));
  for (const r of reports) {
    const set = reported.get(r.periodIndex) ?? new Set<string>();
    set.add(r.agency);
    reported.set(r.periodIndex, set);
  }
  const missing: FinalSummary["periods"]["missing"] = [];
  for (const slot of slots) {
    const period = periods.get(slot.index);
    const expected =
      period && period.expectedAgencies.length > 0
        ? period.expectedAgencies
        : activities.flatMap((a) =>
            a.leadAgency && a.start <= slot.end && a.end >= slot.start ? [a.leadAgency] : [],
          );
    const got = reported.get(slot.index) ?? new Set<string>();
    const agencies = [...new Set(expected)].filter((a) => !got.has(a)).sort();
    if (agencies.length > 0)
      missing.push({ index: slot.index, label: period?.label ?? slot.label, agencies });
  }
  return { total: slots.length, withMissingReports: missing.length, missing };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
