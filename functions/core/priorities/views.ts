import { z } from "zod";
import { MeasureStatus } from "../assessment.js";
import type { MeasureInfo } from "../measures.js";
import { Actor } from "../principal.js";
import { StageView } from "../views.js";
import { OBLIGATION_REASON_MIN } from "./rules.js";
import { Criterion, type Priority, PriorityOutcome, type PrioritySettings } from "./schema.js";
import { type Ranked, rankPriorities } from "./scoring.js";

// What the API returns about priorities: the stored record with its score, rank and flags, computed on every read
// from the current criteria (a change of weights re-ranks at once, and nothing stored can go stale).

export const PriorityView = z.strictObject({
  measureId: z.string(),
  catalogue: z.enum(["TIP", "SOM"]),
  pillarId: z.string(),
  objectiveId: z.string(),
  text: z.string(),
  /** The measure is a binding treaty obligation. */
  mandatory: z.boolean(),
  gapStatus: MeasureStatus,
  severity: z.int(),
  ratings: z.record(z.string(), z.int()),
  /** 0-100 on the cycle's criteria. */
  score: z.number(),
  /** 1 = first, over every candidate of the cycle (filters do not renumber). */
  rank: z.int().min(1),
  flags: z.strictObject({
    /** An unmet treaty obligation: ranked first, and rejecting it needs a fuller reason. */
    mandatory: z.boolean(),
    /** Some rating criteria are unrated (counted as 0): see `unrated`. */
    incompleteRatings: z.boolean(),
    carriedOver: z.boolean(),
    addedByHand: z.boolean(),
    /** Rejected unmet obligation whose reason is too short for the priorities to be submitted. */
    justificationNeeded: z.boolean(),
  }),
  unrated: z.array(z.string()),
  decision: z
    .strictObject({ outcome: PriorityOutcome, reason: z.string(), by: Actor, at: z.iso.datetime() })
    .nullable(),
  version: z.int(),
  updatedAt: z.iso.datetime(),
});
export type PriorityView = z.infer<typeof PriorityView>;

export const CriteriaView = z.strictObject({
  criteria: z.array(Criterion),
  /** The settings record's version, for expectedVersion; null before the stage opened. */
  version: z.int().nullable(),
});
export type CriteriaView = z.infer<typeof CriteriaView>;

export const PrioritiesSummary = z.strictObject({
  candidates: z.int(),
  accepted: z.int(),
  deferred: z.int(),
  rejected: z.int(),
  undecided: z.int(),
  unmetObligations: z.int(),
});

export const PrioritiesView = z.strictObject({
  stage: StageView,
  criteria: CriteriaView,
  /** Counts over every candidate, whatever the filters. */
  summary: PrioritiesSummary,
  items: z.array(PriorityView),
});
export type PrioritiesView = z.infer<typeof PrioritiesView>;

export function criteriaView(settings: PrioritySettings | undefined, fallback: Criterion[]): CriteriaView {
  return settings
    ? { criteria: settings.criteria, version: settings.version }
    : { criteria: fallback, version: null };
}

export function priorityView(r: Ranked<Priority>, info: MeasureInfo | undefined): PriorityView {
  const p = r.priority;
  return {
    measureId: p.measureId,
    catalogue: p.catalogue,
    pillarId: p.pillarId,
    objectiveId: p.objectiveId,
    text: info?.measure.text ?? "",
    mandatory: p.mandatory,
    gapStatus: p.gapStatus,
    severity: p.severity,
    ratings: p.ratings,
    score: r.score,
    rank: r.rank,
    flags: {
      mandatory: r.unmetObligation,
      incompleteRatings: r.unrated.length > 0,
      carriedOver: p.carriedOver,
      addedByHand: p.added !== undefined,
      justificationNeeded:
        r.unmetObligation &&
        p.decision?.outcome === "rejected" &&
        p.decision.reason.trim().length < OBLIGATION_REASON_MIN,
    },
    unrated: r.unrated,
    decision: p.decision ?? null,
    version: p.version,
    updatedAt: p.updatedAt,
  };
}

/** Every candidate ranked and viewed, in rank order. */
export function rankedViews(
  criteria: readonly Criterion[],
  priorities: readonly Priority[],
  measures: ReadonlyMap<string, MeasureInfo>,
): PriorityView[] {
  return rankPriorities(criteria, priorities).map((r) => priorityView(r, measures.get(r.priority.measureId)));
}

export function summaryOf(views: readonly PriorityView[]): z.infer<typeof PrioritiesSummary> {
  const count = (outcome: string | undefined) =>
    views.filter((v) => (v.decision?.outcome ?? undefined) === outcome).length;
  return {
    candidates: views.length,
    accepted: count("accepted"),
    deferred: count("deferred"),
    rejected: count("rejected"),
    undecided: count(undefined),
    unmetObligations: views.filter((v) => v.flags.mandatory).length,
  };
}
