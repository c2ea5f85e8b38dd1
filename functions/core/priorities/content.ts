import { frozen, NOTHING_TO_OPEN, type StageContent } from "../stage-content.js";

/** Priorities: candidates from the assessment's gaps, scored, ranked and decided. */
export const prioritiesContent: StageContent = {
  onOpen: NOTHING_TO_OPEN,
  async assertSubmittable() {},
  async snapshot(deps, cycle) {
    const [settings, priorities] = await Promise.all([
      deps.store.listRecords(cycle.country, cycle.id, "prioritySettings"),
      deps.store.listRecords(cycle.country, cycle.id, "priority"),
    ]);
    return Object.fromEntries([...settings, ...priorities].map((r) => [`${r.kind}/${r.id}`, frozen(r)]));
  },
};
