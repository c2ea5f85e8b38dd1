import type { CoreDeps } from "../changes.js";
import type { Cycle, PlanPeriod } from "../cycle.js";
import { cycleMeasures } from "../measures.js";
import type { Activity, Indicator, PlanObjective, PlanSettings } from "./schema.js";

/** The settings record's id: one per cycle. */
export const SETTINGS_ID = "settings";

/** Everything the plan's rules and totals look at, read once per request. */
export type PlanData = {
  period: PlanPeriod;
  settings: PlanSettings | undefined;
  objectives: PlanObjective[];
  activities: Activity[];
  indicators: Indicator[];
  /** Ids (= measure ids) of the cycle's priorities decided `accepted`. */
  acceptedPriorities: ReadonlySet<string>;
  /** Ids of the measures of the catalogues the cycle pinned. */
  measures: ReadonlySet<string>;
};

/** Reads the plan in a fixed number of queries, whatever its size (each listing pages internally). */
export async function loadPlan(deps: Pick<CoreDeps, "store">, cycle: Cycle): Promise<PlanData> {
  const { country, id } = cycle;
  const [settings, objectives, activities, indicators, priorities] = await Promise.all([
    deps.store.getRecord(country, id, "planSettings", SETTINGS_ID),
    deps.store.listRecords(country, id, "objective"),
    deps.store.listRecords(country, id, "activity"),
    deps.store.listRecords(country, id, "indicator"),
    deps.store.listRecords(country, id, "priority"),
  ]);
  return {
    period: cycle.planPeriod,
    settings,
    objectives,
    activities,
    indicators,
    acceptedPriorities: new Set(
      priorities.filter((p) => p.decision?.outcome === "accepted").map((p) => p.id),
    ),
    measures: new Set(cycleMeasures(cycle).keys()),
  };
}
