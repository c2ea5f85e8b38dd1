import type { CoreDeps } from "../changes.js";
import { cycleMeasures } from "../measures.js";
import type { Principal } from "../principal.js";
import { loadCycle } from "../use-cases/load.js";
import type { Workbook } from "./cells.js";
import { activitiesTemplate, assessmentTemplate, objectivesReference } from "./templates.js";

// The import templates, filled with what is stored now. They show work in progress, so reading them takes
// draft.read (never a donor's); importing them back takes the edit rights of the stage.

export async function loadAssessmentTemplate(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<Workbook> {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  const entries = await deps.store.listEntries(country, cycleId);
  return {
    title: `${cycle.title}: needs assessment`,
    subject: "Import template: fill it in and import it back",
    sheets: [assessmentTemplate(cycleMeasures(cycle), entries)],
  };
}

export async function loadActivitiesTemplate(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<Workbook> {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  const [objectives, activities] = await Promise.all([
    deps.store.listRecords(country, cycleId, "objective"),
    deps.store.listRecords(country, cycleId, "activity"),
  ]);
  return {
    title: `${cycle.title}: action plan activities`,
    subject: "Import template: fill it in and import it back",
    sheets: [activitiesTemplate(objectives, activities), objectivesReference(objectives)],
  };
}
