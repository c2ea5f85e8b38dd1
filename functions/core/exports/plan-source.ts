import { loadPlan } from "../action-plan/plan-data.js";
import { Activity, Indicator, PlanObjective, PlanSettings } from "../action-plan/schema.js";
import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { NotFoundError } from "../errors.js";
import type { Principal } from "../principal.js";
import type { StageState } from "../stage.js";
import type { StageSnapshot } from "../stage-content.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { getVersion, listVersions } from "../versions/read.js";
import type { Audience } from "../versions/views.js";

// Which plan an export shows, decided by who reads it. Government roles get the plan as it stands now (work in
// progress, `draft.read`) or a version they name; donors only ever get an approved version (the latest unless they
// name one), read through the versions use case, which leaves out every person and suppresses small baselines.

export type PlanSource =
  | { kind: "current"; stage: StageState }
  | { kind: "version"; number: number; approvedAt: string; amendmentReason?: string };

export type PlanExport = {
  cycle: Pick<
    Cycle,
    "id" | "country" | "title" | "frameworks" | "planPeriod" | "reportingCadence" | "status"
  >;
  audience: Audience;
  source: PlanSource;
  settings: PlanSettings | undefined;
  objectives: PlanObjective[];
  activities: Activity[];
  indicators: Indicator[];
  /** Indicators whose baseline value was suppressed for this audience (a count under the threshold), by id: the year. */
  suppressedBaselines: ReadonlyMap<string, number | null>;
};

export function audienceOf(principal: Principal): Audience {
  return principal.role === "donor" ? "donor" : "government";
}

export async function loadPlanExport(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  version?: number,
): Promise<PlanExport> {
  const audience = audienceOf(principal);
  if (version === undefined && audience === "government") {
    const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "draft.read");
    const plan = await loadPlan(deps, cycle);
    return {
      cycle,
      audience,
      source: { kind: "current", stage: stageOf(stages, "action_plan", cycleId).state },
      settings: plan.settings,
      objectives: plan.objectives,
      activities: plan.activities,
      indicators: plan.indicators,
      suppressedBaselines: new Map(),
    };
  }
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "cycle.read");
  const number = version ?? (await latestVersion(deps, principal, country, cycleId));
  const frozen = await getVersion(deps, principal, country, cycleId, "action_plan", number);
  return {
    cycle,
    audience,
    source: {
      kind: "version",
      number: frozen.number,
      approvedAt: frozen.approvedAt,
      ...(frozen.amendmentReason === undefined ? {} : { amendmentReason: frozen.amendmentReason }),
    },
    ...planFromSnapshot(cycle, frozen.content),
  };
}

async function latestVersion(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<number> {
  const { items } = await listVersions(deps, principal, country, cycleId, "action_plan");
  const latest = Math.max(0, ...items.map((v) => v.number));
  if (latest === 0) {
    throw new NotFoundError(
      `the action plan of cycle ${cycleId} has no approved version yet: exports outside the government show approved plans only`,
    );
  }
  return latest;
}

type SnapshotPlan = Pick<
  PlanExport,
  "settings" | "objectives" | "activities" | "indicators" | "suppressedBaselines"
>;

/**
 * A frozen plan's items (`<kind>/<id>` -> the record without tenant and cycle) parsed back into records. A baseline
 * suppressed for donors (`{ value: null, suppressed: true }`) is dropped from the record and its indicator named in
 * `suppressedBaselines`, so that every writer can say it was withheld rather than show a blank.
 */
export function planFromSnapshot(cycle: Pick<Cycle, "id" | "country">, content: StageSnapshot): SnapshotPlan {
  const plan: SnapshotPlan & { suppressedBaselines: Map<string, number | null> } = {
    settings: undefined,
    objectives: [],
    activities: [],
    indicators: [],
    suppressedBaselines: new Map(),
  };
  for (const [key, item] of Object.entries(content)) {
    const record: Record<string, unknown> = { ...item, country: cycle.country, cycleId: cycle.id };
    const kind = key.slice(0, key.indexOf("/"));
    if (kind === "indicator") {
      const baseline = record.baseline;
      if (typeof baseline === "object" && baseline !== null && "suppressed" in baseline) {
        const year = "year" in baseline && typeof baseline.year === "number" ? baseline.year : null;
        delete record.baseline;
        plan.suppressedBaselines.set(String(record.id), year);
      }
      plan.indicators.push(Indicator.parse(record));
    } else if (kind === "activity") plan.activities.push(Activity.parse(record));
    else if (kind === "objective") plan.objectives.push(PlanObjective.parse(record));
    else if (kind === "planSettings") plan.settings = PlanSettings.parse(record);
  }
  return plan;
}
