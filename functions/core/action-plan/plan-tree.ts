import type { PlanData } from "./plan-data.js";
import type { Indicator } from "./schema.js";
import {
  type ActivityTree,
  activityView,
  type IndicatorView,
  indicatorView,
  type ObjectiveTree,
  objectiveView,
  type PlanView,
} from "./views.js";

/**
 * Objectives with their activities and indicators, in creation order (ids are time-ordered). What has lost its
 * parent (only a concurrent deletion can do that; the rules flag it) is listed apart, never dropped.
 */
export function planTree(
  plan: Pick<PlanData, "objectives" | "activities" | "indicators">,
): Pick<PlanView, "objectives" | "unassigned"> {
  const indicatorsOf = new Map<string, IndicatorView[]>();
  for (const i of byId(plan.indicators)) {
    const key = parentKey(i.attachedTo);
    indicatorsOf.set(key, [...(indicatorsOf.get(key) ?? []), indicatorView(i)]);
  }
  const activityTree = (a: PlanData["activities"][number]): ActivityTree => ({
    ...activityView(a),
    indicators: indicatorsOf.get(parentKey({ kind: "activity", id: a.id })) ?? [],
  });
  const objectiveIds = new Set(plan.objectives.map((o) => o.id));
  const activityIds = new Set(plan.activities.map((a) => a.id));
  const activities = byId(plan.activities);
  const objectives: ObjectiveTree[] = byId(plan.objectives).map((o) => ({
    ...objectiveView(o),
    indicators: indicatorsOf.get(parentKey({ kind: "objective", id: o.id })) ?? [],
    activities: activities.filter((a) => a.objectiveId === o.id).map(activityTree),
  }));
  const attached = (i: Indicator) =>
    i.attachedTo.kind === "activity" ? activityIds.has(i.attachedTo.id) : objectiveIds.has(i.attachedTo.id);
  return {
    objectives,
    unassigned: {
      activities: activities.filter((a) => !objectiveIds.has(a.objectiveId)).map(activityTree),
      indicators: byId(plan.indicators)
        .filter((i) => !attached(i))
        .map(indicatorView),
    },
  };
}

function parentKey(ref: Indicator["attachedTo"]): string {
  return `${ref.kind}/${ref.id}`;
}

function byId<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
