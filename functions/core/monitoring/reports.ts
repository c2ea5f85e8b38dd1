import type { Activity, Indicator } from "../action-plan/schema.js";
import type { PeriodSlot } from "../period.js";
import type { MonitoredPlan } from "./approved-plan.js";
import type { ActivityProgress, Disaggregation, IndicatorActual, PeriodReport } from "./schema.js";

// The rules of a report round, pure: who is expected to report for a period, and whether a report fits the plan.

/** The report id: one report per agency and period, replaced on resubmission. */
export function reportId(periodIndex: number, agency: string): string {
  return `${String(periodIndex).padStart(3, "0")}:${agency}`;
}

/** Overlaps the period: starts before it ends and ends after it starts (dates are inclusive ISO days). */
export function runsDuring(
  activity: Pick<Activity, "start" | "end">,
  slot: Pick<PeriodSlot, "start" | "end">,
) {
  return activity.start <= slot.end && activity.end >= slot.start;
}

/** Activities whose latest status in a report of an earlier period is `cancelled`: nobody reports on them again. */
export function cancelledBefore(reports: readonly PeriodReport[], periodIndex: number): Set<string> {
  const latest = new Map<string, { index: number; status: ActivityProgress["status"] }>();
  for (const report of reports) {
    if (report.periodIndex >= periodIndex) continue;
    for (const a of report.activities) {
      const seen = latest.get(a.activityId);
      if (!seen || seen.index <= report.periodIndex) {
        latest.set(a.activityId, { index: report.periodIndex, status: a.status });
      }
    }
  }
  return new Set([...latest].filter(([, v]) => v.status === "cancelled").map(([id]) => id));
}

/** The activities a period's round asks about: led by an agency, running in the period, not cancelled earlier. */
export function dueActivities(
  activities: readonly Activity[],
  reports: readonly PeriodReport[],
  slot: PeriodSlot,
): Activity[] {
  const cancelled = cancelledBefore(reports, slot.index);
  return activities.filter((a) => a.leadAgency && runsDuring(a, slot) && !cancelled.has(a.id));
}

/** The lead agencies whose reports the round waits for, sorted. */
export function expectedAgencies(
  activities: readonly Activity[],
  reports: readonly PeriodReport[],
  slot: PeriodSlot,
): string[] {
  const agencies = dueActivities(activities, reports, slot).flatMap((a) =>
    a.leadAgency ? [a.leadAgency] : [],
  );
  return [...new Set(agencies)].sort();
}

export type ReportIssue = { path: string; message: string };

/**
 * Checks a report against the approved plan: it covers exactly what the agency leads in the period (every due
 * activity, nothing it does not lead), and its actuals belong to those activities or their objectives, with
 * disaggregation only on the indicator's declared dimensions and category counts within the value.
 */
export function reportIssues(
  plan: Pick<MonitoredPlan, "activities" | "indicators">,
  earlier: readonly PeriodReport[],
  slot: PeriodSlot,
  agency: string,
  report: { activities: readonly ActivityProgress[]; indicatorActuals: readonly IndicatorActual[] },
): ReportIssue[] {
  const issues: ReportIssue[] = [];
  const byId = new Map(plan.activities.map((a) => [a.id, a]));
  const reported = new Set<string>();
  report.activities.forEach((entry, i) => {
    const path = `activities[${i}].activityId`;
    const activity = byId.get(entry.activityId);
    if (!activity)
      issues.push({ path, message: `${entry.activityId} is not an activity of the approved plan` });
    else if (activity.leadAgency !== agency) {
      issues.push({
        path,
        message: `${entry.activityId} is led by ${activity.leadAgency ?? "nobody"}, not ${agency}`,
      });
    } else if (!runsDuring(activity, slot)) {
      issues.push({
        path,
        message: `${entry.activityId} runs ${activity.start} to ${activity.end}, outside ${slot.label} (${slot.start} to ${slot.end})`,
      });
    } else reported.add(entry.activityId);
  });
  const missing = dueActivities(plan.activities, earlier, slot)
    .filter((a) => a.leadAgency === agency && !reported.has(a.id))
    .map((a) => a.id);
  if (missing.length > 0) {
    issues.push({
      path: "activities",
      message: `the report must cover every activity ${agency} leads in ${slot.label}; missing: ${missing.join(", ")}`,
    });
  }

  const objectives = new Set([...reported].flatMap((id) => byId.get(id)?.objectiveId ?? []));
  const indicators = new Map(plan.indicators.map((ind) => [ind.id, ind]));
  report.indicatorActuals.forEach((actual, i) => {
    const indicator = indicators.get(actual.indicatorId);
    const path = `indicatorActuals[${i}]`;
    if (!indicator) {
      issues.push({
        path: `${path}.indicatorId`,
        message: `${actual.indicatorId} is not an indicator of the approved plan`,
      });
      return;
    }
    const { kind, id } = indicator.attachedTo;
    if (!(kind === "activity" ? reported.has(id) : objectives.has(id))) {
      issues.push({
        path: `${path}.indicatorId`,
        message: `${actual.indicatorId} measures ${kind} ${id}, which is not among the activities of this report or their objectives`,
      });
    }
    issues.push(...actualIssues(indicator, actual, path));
  });
  return issues;
}

function actualIssues(indicator: Indicator, actual: IndicatorActual, path: string): ReportIssue[] {
  const issues: ReportIssue[] = [];
  if (indicator.isCount && !(Number.isInteger(actual.value) && actual.value >= 0)) {
    issues.push({
      path: `${path}.value`,
      message: `${indicator.id} counts ${indicator.unit}: a whole number of 0 or more`,
    });
  }
  for (const [dimension, cells] of entries(actual.disaggregation)) {
    const at = `${path}.disaggregation.${dimension}`;
    if (!indicator.disaggregation.includes(dimension)) {
      const declared = indicator.disaggregation.join(", ") || "none";
      issues.push({
        path: at,
        message: `${indicator.id} is not disaggregated by ${dimension} (declared: ${declared})`,
      });
      continue;
    }
    const sum = Object.values(cells).reduce<number>((s, n) => s + (n ?? 0), 0);
    if (sum > actual.value) {
      issues.push({
        path: at,
        message: `the ${dimension} counts add up to ${sum}, more than the value ${actual.value}`,
      });
    }
  }
  return issues;
}

/** The dimensions present in a disaggregation, with their category counts. */
export function entries(d: Disaggregation): [keyof Disaggregation, Record<string, number>][] {
  return Object.entries(d).flatMap(([dimension, cells]) =>
    cells ? [[dimension as keyof Disaggregation, cells as Record<string, number>]] : [],
  );
}
