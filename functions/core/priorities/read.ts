import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { NotFoundError } from "../errors.js";
import { cycleMeasures } from "../measures.js";
import type { Principal } from "../principal.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { stageView } from "../views.js";
import { SETTINGS_ID } from "./candidates.js";
import type { PriorityFilter } from "./inputs.js";
import { type Criterion, DEFAULT_CRITERIA, type Priority, type PrioritySettings } from "./schema.js";
import { criteriaView, type PrioritiesView, type PriorityView, rankedViews, summaryOf } from "./views.js";

// Reading the priorities: every answer is ranked over all of the cycle's candidates with its current criteria.

/** The ranked candidates (filtered; ranks count every candidate), the criteria and the counts. */
export async function getPriorities(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  filter: PriorityFilter = {},
): Promise<PrioritiesView> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  const { settings, priorities } = await readContent(deps, cycle);
  const views = rankedViews(criteriaOf(settings), priorities, cycleMeasures(cycle));
  return {
    stage: stageView(cycle, stageOf(stages, "priorities", cycleId)),
    criteria: criteriaView(settings, DEFAULT_CRITERIA),
    summary: summaryOf(views),
    items: views.filter((v) => matches(v, filter)),
  };
}

export async function getPriority(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  measureId: string,
): Promise<PriorityView> {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  const { settings, priorities } = await readContent(deps, cycle);
  return viewOf(cycle, criteriaOf(settings), priorities, candidateIn(priorities, measureId, cycleId));
}

export async function readContent(deps: Pick<CoreDeps, "store">, cycle: Cycle) {
  const [settings, priorities] = await Promise.all([
    deps.store.getRecord(cycle.country, cycle.id, "prioritySettings", SETTINGS_ID),
    deps.store.listRecords(cycle.country, cycle.id, "priority"),
  ]);
  return { settings, priorities };
}

export function criteriaOf(settings: PrioritySettings | undefined): Criterion[] {
  return settings?.criteria ?? DEFAULT_CRITERIA;
}

export function candidateIn(priorities: readonly Priority[], measureId: string, cycleId: string): Priority {
  const found = priorities.find((p) => p.id === measureId);
  if (!found) throw new NotFoundError(`${measureId} is not a candidate priority of cycle ${cycleId}`);
  return found;
}

/** One candidate's view, ranked among all of them (with `changed` standing in for its stored version). */
export function viewOf(
  cycle: Cycle,
  criteria: Criterion[],
  priorities: readonly Priority[],
  changed: Priority,
): PriorityView {
  const all = priorities.map((p) => (p.id === changed.id ? changed : p));
  const view = rankedViews(criteria, all, cycleMeasures(cycle)).find(
    (v) => v.measureId === changed.measureId,
  );
  if (!view) throw new Error(`${changed.measureId} vanished from its own ranking`);
  return view;
}

function matches(v: PriorityView, f: PriorityFilter): boolean {
  if (f.decision && (v.decision?.outcome ?? "undecided") !== f.decision) return false;
  if (f.catalogue && v.catalogue !== f.catalogue) return false;
  if (f.pillar && v.pillarId !== f.pillar && !v.pillarId.endsWith(`.${f.pillar}`)) return false;
  if (f.mandatory && v.mandatory !== (f.mandatory === "true")) return false;
  return true;
}
