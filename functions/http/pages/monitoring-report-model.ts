import type { Activity, Indicator } from "../../core/action-plan/schema.js";
import { runsDuring } from "../../core/monitoring/reports.js";
import type { ActivityRollup, PeriodView, ReportView } from "../../core/monitoring/views.js";

// What a lead agency's report form asks for, pure: the activities it leads that run in the period and were not
// cancelled in an earlier one (the rule the core checks the report against), the indicators of those activities
// and of their objectives, and what it reported before (to start from, and the version to replace).

export type ReportFormModel = {
  agency: string;
  period: PeriodView;
  activities: Pick<Activity, "id" | "title" | "start" | "end" | "objectiveId">[];
  indicators: Pick<Indicator, "id" | "name" | "unit" | "isCount" | "disaggregation" | "attachedTo">[];
  existing: ReportView | undefined;
};

/** The agencies that lead an activity running in the period (a coordinator reports for one of them). */
export function leadAgenciesIn(
  activities: readonly Activity[],
  period: Pick<PeriodView, "start" | "end">,
): string[] {
  return [
    ...new Set(
      activities.filter((a) => runsDuring(a, period)).flatMap((a) => (a.leadAgency ? [a.leadAgency] : [])),
    ),
  ].sort();
}

export function reportFormModel(input: {
  agency: string;
  period: PeriodView;
  plan: { activities: readonly Activity[]; indicators: readonly Indicator[] };
  /** The latest status of each activity, for the ones cancelled in an earlier period. */
  rollups: readonly Pick<ActivityRollup, "id" | "status" | "lastReportedPeriod">[];
  reports: readonly ReportView[];
}): ReportFormModel {
  const { agency, period, plan } = input;
  const cancelledBefore = new Set(
    input.rollups
      .filter(
        (r) =>
          r.status === "cancelled" && r.lastReportedPeriod !== null && r.lastReportedPeriod < period.index,
      )
      .map((r) => r.id),
  );
  const activities = plan.activities.filter(
    (a) => a.leadAgency === agency && runsDuring(a, period) && !cancelledBefore.has(a.id),
  );
  const ids = new Set(activities.map((a) => a.id));
  const objectives = new Set(activities.map((a) => a.objectiveId));
  const indicators = plan.indicators.filter((i) =>
    i.attachedTo.kind === "activity" ? ids.has(i.attachedTo.id) : objectives.has(i.attachedTo.id),
  );
  return {
    agency,
    period,
    activities,
    indicators,
    existing: input.reports.find((r) => r.agency === agency),
  };
}
