import { Activity, Indicator, PlanObjective, PlanSettings } from "../action-plan/schema.js";
import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import type { Stage } from "../stage.js";
import { decodeContent } from "../versions/codec.js";
import type { StageVersion } from "../versions/schema.js";

/** The plan monitoring follows: activities, their objectives and indicators, and the plan-wide settings. */
export type MonitoredPlan = {
  /** Where it was read from: the latest frozen version of the action plan, or the approved records themselves. */
  source: { kind: "version"; number: number } | { kind: "approved" } | { kind: "none" };
  settings: PlanSettings | undefined;
  objectives: PlanObjective[];
  activities: Activity[];
  indicators: Indicator[];
};

const EMPTY: Omit<MonitoredPlan, "source"> = {
  settings: undefined,
  objectives: [],
  activities: [],
  indicators: [],
};

/**
 * Monitoring follows the approved action plan, never a draft: while an amendment is being drafted the records hold
 * work in progress, so the latest frozen version is what counts. Before any version exists, the records count only
 * while the stage stands approved (they are then read-only); otherwise there is no plan to monitor yet.
 */
export async function loadApprovedPlan(
  deps: Pick<CoreDeps, "store">,
  cycle: Cycle,
  stages: Stage[],
): Promise<MonitoredPlan> {
  const versions = await deps.store.listRecords(cycle.country, cycle.id, "version", "action_plan:");
  const latest = versions.filter((v) => v.stage === "action_plan").sort((a, b) => b.number - a.number)[0];
  if (latest) return { source: { kind: "version", number: latest.number }, ...fromVersion(cycle, latest) };
  const stage = stages.find((s) => s.stage === "action_plan");
  if (stage?.state !== "approved") return { source: { kind: "none" }, ...EMPTY };
  const { country, id } = cycle;
  const [settings, objectives, activities, indicators] = await Promise.all([
    deps.store.listRecords(country, id, "planSettings"),
    deps.store.listRecords(country, id, "objective"),
    deps.store.listRecords(country, id, "activity"),
    deps.store.listRecords(country, id, "indicator"),
  ]);
  return { source: { kind: "approved" }, settings: settings[0], objectives, activities, indicators };
}

/** A version's content holds `<kind>/<id>` -> the record without its tenant and cycle, which are put back here. */
function fromVersion(cycle: Cycle, version: StageVersion): Omit<MonitoredPlan, "source"> {
  const plan: Omit<MonitoredPlan, "source"> = { ...EMPTY, objectives: [], activities: [], indicators: [] };
  for (const [key, item] of Object.entries(decodeContent(version.content))) {
    const record = { ...item, country: cycle.country, cycleId: cycle.id };
    const kind = key.slice(0, key.indexOf("/"));
    if (kind === "activity") plan.activities.push(Activity.parse(record));
    else if (kind === "objective") plan.objectives.push(PlanObjective.parse(record));
    else if (kind === "indicator") plan.indicators.push(Indicator.parse(record));
    else if (kind === "planSettings") plan.settings = PlanSettings.parse(record);
  }
  return plan;
}
