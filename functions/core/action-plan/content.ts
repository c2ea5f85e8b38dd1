import { recordChange } from "../changes.js";
import { RuleViolationError } from "../errors.js";
import { frozen, type StageContent } from "../stage-content.js";
import { loadPlan, SETTINGS_ID } from "./plan-data.js";
import { validatePlan } from "./rules.js";
import { DEFAULT_SUPPRESSION_THRESHOLD, type PlanSettings } from "./schema.js";

/** How many failures the 422 message spells out; `details.failures` always lists every one. */
const MESSAGE_FAILURES = 5;

/** The action plan: objectives, activities and indicators, checked before submission. */
export const planContent: StageContent = {
  /** The plan opens with its default settings, so every later change of them names the version it read. */
  async onOpen(deps, cycle, at) {
    const existing = await deps.store.getRecord(cycle.country, cycle.id, "planSettings", SETTINGS_ID);
    if (existing) return { writes: [], changes: [] };
    const settings: PlanSettings = {
      kind: "planSettings",
      id: SETTINGS_ID,
      country: cycle.country,
      cycleId: cycle.id,
      pillarJustifications: {},
      suppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD,
      updatedAt: at,
      version: 1,
    };
    return {
      writes: [{ entity: "record", item: settings, expectedVersion: null }],
      changes: [recordChange(null, settings)],
    };
  },

  /** Every rule of `validatePlan` that fails, all named in one error; warnings never block. */
  async assertSubmittable(deps, cycle) {
    const { errors } = validatePlan(await loadPlan(deps, cycle));
    if (errors.length === 0) return;
    const shown = errors.slice(0, MESSAGE_FAILURES).map((e) => e.message);
    const more = errors.length > MESSAGE_FAILURES ? `; and ${errors.length - MESSAGE_FAILURES} more` : "";
    throw new RuleViolationError(
      "plan_incomplete",
      `the action plan cannot be submitted yet (${errors.length} ${errors.length === 1 ? "rule fails" : "rules fail"}): ${shown.join("; ")}${more}`,
      { failures: errors },
    );
  },

  async snapshot(deps, cycle) {
    const kinds = ["planSettings", "objective", "activity", "indicator"] as const;
    const lists = await Promise.all(
      kinds.map((kind) => deps.store.listRecords(cycle.country, cycle.id, kind)),
    );
    return Object.fromEntries(lists.flat().map((r) => [`${r.kind}/${r.id}`, frozen(r)]));
  },
};
