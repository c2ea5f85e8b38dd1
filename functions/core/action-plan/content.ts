import { frozen, NOTHING_TO_OPEN, type StageContent } from "../stage-content.js";

/** The action plan: objectives, activities and indicators, checked before submission. */
export const planContent: StageContent = {
  onOpen: NOTHING_TO_OPEN,
  async assertSubmittable() {},
  async snapshot(deps, cycle) {
    const kinds = ["planSettings", "objective", "activity", "indicator"] as const;
    const lists = await Promise.all(
      kinds.map((kind) => deps.store.listRecords(cycle.country, cycle.id, kind)),
    );
    return Object.fromEntries(lists.flat().map((r) => [`${r.kind}/${r.id}`, frozen(r)]));
  },
};
