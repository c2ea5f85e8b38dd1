import { RuleViolationError } from "./errors.js";
import { cycleMeasures } from "./measures.js";
import { frozen, NOTHING_TO_OPEN, type StageContent } from "./stage-content.js";

/** The needs assessment: complete when every measure of the cycle's catalogues has an answer. */
export const assessmentContent: StageContent = {
  onOpen: NOTHING_TO_OPEN,

  async assertSubmittable(deps, cycle) {
    const answered = new Set((await deps.store.listEntries(cycle.country, cycle.id)).map((e) => e.measureId));
    const missing = [...cycleMeasures(cycle).keys()].filter((id) => !answered.has(id));
    if (missing.length > 0) {
      throw new RuleViolationError(
        "assessment_incomplete",
        `the assessment cannot be submitted: ${missing.length} measures have no answer yet (first: ${missing.slice(0, 5).join(", ")}); answer them, with status unknown or not_applicable where that is the truth`,
        { missing: missing.length, first: missing.slice(0, 20) },
      );
    }
  },

  async snapshot(deps, cycle) {
    const entries = await deps.store.listEntries(cycle.country, cycle.id);
    return Object.fromEntries(entries.map((e) => [e.measureId, frozen(e)]));
  },
};
