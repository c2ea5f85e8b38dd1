import { allMeasures, getCatalogue } from "../../frameworks/index.js";
import type { Catalogue, Measure } from "../../frameworks/schema.js";
import { type AssessmentEntry, type Score, type ScoreMeasure, scoreOf } from "./assessment.js";
import type { Cycle } from "./cycle.js";
import type { AssessmentScores } from "./views.js";

export type MeasureInfo = {
  catalogue: string;
  pillar: { id: string; title: string };
  objective: { id: string; title: string };
  measure: Measure;
};

/** The catalogues a cycle pinned, loaded at those exact versions (never the latest: a cycle's basis is frozen). */
export function cycleCatalogues(cycle: Pick<Cycle, "frameworks">): Catalogue[] {
  return cycle.frameworks.map((ref) => {
    const catalogue = getCatalogue(ref.id, ref.version);
    // A pinned version is never removed from the bundle; its absence is a deployment error, not a user error.
    if (!catalogue)
      throw new Error(`catalogue ${ref.id} ${ref.version} is pinned by a cycle but not bundled`);
    return catalogue;
  });
}

/** Every measure of the cycle's catalogues, in catalogue order, keyed by measure id. */
export function cycleMeasures(cycle: Pick<Cycle, "frameworks">): Map<string, MeasureInfo> {
  const out = new Map<string, MeasureInfo>();
  for (const catalogue of cycleCatalogues(cycle)) {
    for (const { pillar, objective, measure } of allMeasures(catalogue)) {
      out.set(measure.id, {
        catalogue: catalogue.id,
        pillar: { id: pillar.id, title: pillar.title },
        objective: { id: objective.id, title: objective.title },
        measure,
      });
    }
  }
  return out;
}

/** Completeness and implementation scores per objective, pillar, catalogue and overall. */
export function assessmentScores(
  cycle: Pick<Cycle, "frameworks">,
  entries: readonly AssessmentEntry[],
): AssessmentScores {
  const byId = new Map(entries.map((e) => [e.measureId, e]));
  const toScore = (ms: readonly Measure[]): ScoreMeasure[] =>
    ms.map((m) => ({ measureId: m.id, mandatory: m.mandatory }));
  const everything: ScoreMeasure[] = [];
  const catalogues = cycleCatalogues(cycle).map((catalogue) => {
    const catalogueMeasures: ScoreMeasure[] = [];
    const pillars = catalogue.pillars.map((pillar) => {
      const pillarMeasures: ScoreMeasure[] = [];
      const objectives = pillar.objectives.map((objective) => {
        const ms = toScore(objective.measures);
        pillarMeasures.push(...ms);
        return { id: objective.id, title: objective.title, score: scoreOf(ms, byId) };
      });
      catalogueMeasures.push(...pillarMeasures);
      return { id: pillar.id, title: pillar.title, score: scoreOf(pillarMeasures, byId), objectives };
    });
    everything.push(...catalogueMeasures);
    return { id: catalogue.id, version: catalogue.version, score: scoreOf(catalogueMeasures, byId), pillars };
  });
  const overall: Score = scoreOf(everything, byId);
  return { overall, catalogues };
}
