import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import type { ActivityView, IndicatorView, ObjectiveTree } from "../../core/action-plan/views.js";
import {
  ActivityView as ActivitySchema,
  IndicatorView as IndicatorSchema,
  ObjectiveView,
} from "../../core/action-plan/views.js";
import type { StageSnapshot } from "../../core/stage-content.js";

// The action plan as a document: pillar -> objective -> activity -> indicator. The editor, the printable plan and
// the donors' view all show it; the first two from the live plan (PlanView), the last from a frozen version, whose
// content is the records by `<kind>/<id>` and, for donors, with small count baselines suppressed (value null).

/** A baseline as shown: its value is null where it was suppressed for donors. */
export const ShownBaseline = z.object({
  value: z.number().nullable(),
  year: z.int(),
  suppressed: z.literal(true).optional(),
});
export type DocIndicator = Omit<IndicatorView, "baseline"> & { baseline?: z.infer<typeof ShownBaseline> };
export type DocActivity = ActivityView & { indicators: DocIndicator[] };
export type DocObjective = Omit<ObjectiveTree, "indicators" | "activities"> & {
  indicators: DocIndicator[];
  activities: DocActivity[];
};
export type DocPillar = { pillar: PillarCode; objectives: DocObjective[] };

/** Objectives grouped under their pillar, pillars in the Framework's order, empty pillars left out. */
export function byPillar(objectives: readonly DocObjective[]): DocPillar[] {
  return PillarCode.options
    .map((pillar) => ({ pillar, objectives: objectives.filter((o) => o.pillar === pillar) }))
    .filter((p) => p.objectives.length > 0);
}

// A version's items carry their kind; the views leave it out. Parsing each with its view schema keeps a version
// frozen under an older schema from putting unexpected fields on a page (unknown fields are dropped, not shown).
const VersionIndicator = IndicatorSchema.omit({ baseline: true }).extend({
  baseline: ShownBaseline.optional(),
});
const kinds = {
  objective: ObjectiveView,
  activity: ActivitySchema,
  indicator: VersionIndicator,
} as const;

function parseItem<K extends keyof typeof kinds>(
  kind: K,
  item: Record<string, unknown>,
): z.infer<(typeof kinds)[K]> | undefined {
  const { kind: _k, ...rest } = item;
  const parsed = kinds[kind].safeParse(rest);
  return parsed.success ? (parsed.data as z.infer<(typeof kinds)[K]>) : undefined;
}

/**
 * The plan tree of a frozen action plan version. Items that do not parse (a version frozen under an older schema)
 * are counted in `skipped` rather than shown half-read.
 */
export function treeFromVersion(content: StageSnapshot): { objectives: DocObjective[]; skipped: number } {
  const objectives: z.infer<typeof ObjectiveView>[] = [];
  const activities: ActivityView[] = [];
  const indicators: DocIndicator[] = [];
  let skipped = 0;
  for (const [key, item] of Object.entries(content).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kind = key.slice(0, key.indexOf("/"));
    if (kind === "objective" || kind === "activity" || kind === "indicator") {
      const parsed = parseItem(kind, item);
      if (!parsed) skipped++;
      else if (kind === "objective") objectives.push(parsed as z.infer<typeof ObjectiveView>);
      else if (kind === "activity") activities.push(parsed as ActivityView);
      else indicators.push(parsed as DocIndicator);
    }
  }
  const of = (kind: "activity" | "objective", id: string) =>
    indicators.filter((i) => i.attachedTo.kind === kind && i.attachedTo.id === id);
  return {
    objectives: objectives.map((o) => ({
      ...o,
      indicators: of("objective", o.id),
      activities: activities
        .filter((a) => a.objectiveId === o.id)
        .map((a) => ({ ...a, indicators: of("activity", a.id) })),
    })),
    skipped,
  };
}

/** The settings of a frozen plan that the donors' view needs: the suppression threshold. */
export function thresholdOf(content: StageSnapshot, fallback: number): number {
  const value = content["planSettings/settings"]?.suppressionThreshold;
  return typeof value === "number" ? value : fallback;
}
