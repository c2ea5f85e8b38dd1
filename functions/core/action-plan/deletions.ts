import { type CoreDeps, isoNow } from "../changes.js";
import { StateConflictError } from "../errors.js";
import type { Principal } from "../principal.js";
import {
  assertCoordinator,
  assertLeads,
  assertMayEditIndicator,
  commitChange,
  findTarget,
  openForEdit,
} from "./editing.js";
import type { PlanData } from "./plan-data.js";
import type { Activity, Indicator, PlanObjective } from "./schema.js";
import { activityView, indicatorView, objectiveView } from "./views.js";

export type PlanItemKind = "objective" | "activity" | "indicator";

/** What still refers to an item: deleting it would leave them dangling. */
export type Referrer = { kind: "activity" | "indicator"; id: string; title: string };

/**
 * Deletes an objective, activity or indicator at the version read. An item something still refers to (an objective
 * with activities or indicators, an activity others depend on or with indicators) answers 409 naming them: the
 * working group moves or deletes those first, so nothing is deleted by surprise.
 */
export async function deletePlanItem(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  kind: PlanItemKind,
  id: string,
  expectedVersion: number,
): Promise<void> {
  const { plan } = await openForEdit(deps, principal, country, cycleId);
  const target = { id, expectedVersion };
  let before: PlanObjective | Activity | Indicator | undefined;
  let label: string;
  switch (kind) {
    case "objective": {
      assertCoordinator(principal, "objectives");
      const found = findTarget(plan.objectives, kind, target, objectiveView);
      before = found;
      label = `objective "${found?.title}"`;
      break;
    }
    case "activity": {
      const found = findTarget(plan.activities, kind, target, activityView);
      if (found) assertLeads(principal, found);
      before = found;
      label = `activity "${found?.title}"`;
      break;
    }
    case "indicator": {
      const found = findTarget(plan.indicators, kind, target, indicatorView);
      if (found) assertMayEditIndicator(principal, plan, found.attachedTo);
      before = found;
      label = `indicator "${found?.name}"`;
      break;
    }
  }
  if (!before) throw new Error(`delete ${kind} ${id}: findTarget returns the item or throws`);
  const referrers = referrersOf(plan, kind, id);
  if (referrers.length > 0) {
    const names = referrers.map((r) => `${r.kind} ${r.id} ("${r.title}")`).join(", ");
    throw new StateConflictError(
      `${kind}_in_use`,
      `${label} is still referred to by ${names}: move or delete ${referrers.length === 1 ? "it" : "them"} first`,
      { referencedBy: referrers },
    );
  }
  const at = isoNow(deps);
  await commitChange(deps, principal, {
    before,
    after: null,
    at,
    action: `${kind}.deleted`,
    summary: `${label} deleted`,
  });
}

export function referrersOf(plan: PlanData, kind: PlanItemKind, id: string): Referrer[] {
  const indicators = (parent: "objective" | "activity") =>
    plan.indicators
      .filter((i) => i.attachedTo.kind === parent && i.attachedTo.id === id)
      .map((i) => ({ kind: "indicator" as const, id: i.id, title: i.name }));
  const activities = (test: (a: Activity) => boolean) =>
    plan.activities.filter(test).map((a) => ({ kind: "activity" as const, id: a.id, title: a.title }));
  switch (kind) {
    case "objective":
      return [...activities((a) => a.objectiveId === id), ...indicators("objective")];
    case "activity":
      return [...activities((a) => a.dependsOn.includes(id)), ...indicators("activity")];
    case "indicator":
      return [];
  }
}
