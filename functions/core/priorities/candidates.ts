import { CatalogueId } from "../../../frameworks/index.js";
import type { AssessmentEntry } from "../assessment.js";
import type { Cycle } from "../cycle.js";
import { cycleMeasures, type MeasureInfo } from "../measures.js";
import { DEFAULT_CRITERIA, type Priority, type PrioritySettings } from "./schema.js";

/** The id of a cycle's one settings record. */
export const SETTINGS_ID = "settings";

/** The candidate record for one measure of the cycle; `entry` absent means nobody answered for the measure. */
export function candidateOf(
  cycle: Pick<Cycle, "id" | "country">,
  measureId: string,
  info: MeasureInfo,
  entry: AssessmentEntry | undefined,
  at: string,
  extra: Pick<Priority, "added"> = {},
): Priority {
  return {
    kind: "priority",
    id: measureId,
    country: cycle.country,
    cycleId: cycle.id,
    measureId,
    catalogue: CatalogueId.parse(info.catalogue),
    pillarId: info.pillar.id,
    objectiveId: info.objective.id,
    mandatory: info.measure.mandatory,
    // An obligation nobody vouched for is treated as unknown and critical until the group rates it: the worst case
    // is what keeps a binding obligation from slipping down the list unnoticed.
    gapStatus: entry?.status ?? "unknown",
    severity: entry ? entry.severity : 3,
    ratings: {},
    carriedOver: false,
    ...extra,
    updatedAt: at,
    version: 1,
  };
}

/**
 * One candidate per measure the assessment found lacking (absent, partial or unknown), in catalogue order, plus every
 * mandatory measure with no answer at all: a treaty obligation must not drop out because its entry is missing.
 */
export function gapCandidates(
  cycle: Pick<Cycle, "id" | "country" | "frameworks">,
  entries: readonly AssessmentEntry[],
  at: string,
): Priority[] {
  const byId = new Map(entries.map((e) => [e.measureId, e]));
  const out: Priority[] = [];
  for (const [measureId, info] of cycleMeasures(cycle)) {
    const entry = byId.get(measureId);
    const gap = entry
      ? entry.status === "absent" || entry.status === "partial" || entry.status === "unknown"
      : info.measure.mandatory;
    if (gap) out.push(candidateOf(cycle, measureId, info, entry, at));
  }
  return out;
}

/**
 * Carried-over candidates restated on the assessment they now stand on. They were copied with the closed cycle's
 * answers when the successor started; the working group has re-verified since, and a candidate must be scored (and
 * flagged as an unmet obligation, or not) on the re-verified answer, like every other candidate. Only the changed
 * ones are returned, so a retried opening finds nothing left to restate. Decided candidates are left alone.
 */
export function restatedCarriedOver(
  existing: readonly Priority[],
  entries: readonly AssessmentEntry[],
  at: string,
): Priority[] {
  const byId = new Map(entries.map((e) => [e.measureId, e]));
  return existing.flatMap((p) => {
    if (!p.carriedOver || p.decision) return [];
    const entry = byId.get(p.measureId);
    // As candidateOf: a measure nobody answered counts as unknown and critical.
    const gapStatus = entry?.status ?? "unknown";
    const severity = entry ? entry.severity : 3;
    if (gapStatus === p.gapStatus && severity === p.severity) return [];
    return [{ ...p, gapStatus, severity, updatedAt: at, version: p.version + 1 }];
  });
}

export function defaultSettings(cycle: Pick<Cycle, "id" | "country">, at: string): PrioritySettings {
  return {
    kind: "prioritySettings",
    id: SETTINGS_ID,
    country: cycle.country,
    cycleId: cycle.id,
    criteria: DEFAULT_CRITERIA.map((c) => ({ ...c })),
    updatedAt: at,
    version: 1,
  };
}
