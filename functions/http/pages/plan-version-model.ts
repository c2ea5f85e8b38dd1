import { DEFAULT_SUPPRESSION_THRESHOLD } from "../../core/action-plan/schema.js";
import { planTotals } from "../../core/action-plan/totals.js";
import type { PlanTotals } from "../../core/action-plan/views.js";
import type { PlanPeriod } from "../../core/cycle.js";
import type { VersionView } from "../../core/versions/views.js";
import { type DocObjective, thresholdOf, treeFromVersion } from "./plan-document-model.js";
import { type TimelineModel, timelineModel } from "./plan-timeline-model.js";

// An approved (frozen) action plan as the pages show it: the tree, its budget totals (the same pure totals the live
// plan has) and its timeline. What a version holds is approved content, so there are no validation findings to mark.

export type ApprovedPlan = {
  number: number;
  approvedAt: string;
  objectives: DocObjective[];
  totals: PlanTotals;
  timeline: TimelineModel;
  /** The plan's own small-cell threshold, for the words about suppressed baselines. */
  threshold: number;
  /** Items of the version that could not be read (frozen under an older schema). */
  skipped: number;
};

export function approvedPlan(
  version: VersionView,
  cycle: { id: string; country: string; planPeriod: PlanPeriod },
): ApprovedPlan {
  const { objectives, skipped } = treeFromVersion(version.content);
  const records = { country: cycle.country, cycleId: cycle.id };
  const totals = planTotals({
    objectives: objectives.map(({ indicators: _i, activities: _a, ...o }) => ({
      ...o,
      ...records,
      kind: "objective" as const,
    })),
    activities: objectives.flatMap((o) =>
      o.activities.map(({ indicators: _i, ...a }) => ({ ...a, ...records, kind: "activity" as const })),
    ),
  });
  return {
    number: version.number,
    approvedAt: version.approvedAt,
    objectives,
    totals,
    timeline: timelineModel({
      planPeriod: cycle.planPeriod,
      objectives,
      unassigned: { activities: [] },
      validation: { errors: [], warnings: [] },
    }),
    threshold: thresholdOf(version.content, DEFAULT_SUPPRESSION_THRESHOLD),
    skipped,
  };
}
