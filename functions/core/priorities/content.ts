import { frozen, type StageContent } from "../stage-content.js";
import { openPriorities } from "./open.js";
import { assertPrioritiesSubmittable } from "./rules.js";

/** Priorities: candidates from the assessment's gaps, scored, ranked and decided. */
export const prioritiesContent: StageContent = {
  onOpen: openPriorities,

  async assertSubmittable(deps, cycle) {
    assertPrioritiesSubmittable(await deps.store.listRecords(cycle.country, cycle.id, "priority"));
  },

  async snapshot(deps, cycle) {
    const [settings, priorities] = await Promise.all([
      deps.store.listRecords(cycle.country, cycle.id, "prioritySettings"),
      deps.store.listRecords(cycle.country, cycle.id, "priority"),
    ]);
    return Object.fromEntries([...settings, ...priorities].map((r) => [`${r.kind}/${r.id}`, frozen(r)]));
  },
};
