import { z } from "zod";
import type { MeasureStatus } from "../assessment.js";
import { ValidationError } from "../errors.js";
import { Criterion, type Priority } from "./schema.js";

/**
 * A cycle's criteria as a coordinator sets them. Ids must be unique (ratings are keyed by them) and at least one
 * weight must be above 0: a score is a weighted mean, and a mean over no weight at all means nothing.
 */
export const CriteriaSet = z
  .array(Criterion)
  .min(1)
  .max(10)
  .superRefine((criteria, ctx) => {
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `${c.id} appears twice` });
      seen.add(c.id);
    });
    if (!criteria.some((c) => c.weight > 0)) {
      ctx.addIssue({ code: "custom", path: [], message: "at least one criterion needs a weight above 0" });
    }
  });

const GAPS: ReadonlySet<MeasureStatus> = new Set(["absent", "partial", "unknown"]);

/** A binding treaty obligation the assessment found unmet: it is ranked first and may not drop out silently. */
export function isUnmetObligation(p: Pick<Priority, "mandatory" | "gapStatus">): boolean {
  return p.mandatory && GAPS.has(p.gapStatus);
}

export type Scored = {
  /** 0-100, one decimal. */
  score: number;
  /** Rating criteria (with a weight) this candidate has no rating for yet; each counted as 0. */
  unrated: string[];
};

/** How far a candidate goes on one criterion, 0-1: severity 0-3 from the assessment, a rating 1-3 from the group. */
function norm(criterion: Criterion, p: Pick<Priority, "severity" | "ratings">): number | undefined {
  if (criterion.source === "assessment_severity") return p.severity / 3;
  const rating = p.ratings[criterion.id];
  return rating === undefined ? undefined : (rating - 1) / 2;
}

/** `100 * Σ(weight × norm) / Σ weight`; an unrated criterion counts 0 and is named in `unrated`. */
export function scorePriority(
  criteria: readonly Criterion[],
  p: Pick<Priority, "severity" | "ratings">,
): Scored {
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight <= 0) {
    throw new ValidationError("criteria: at least one criterion needs a weight above 0", {
      field: "criteria",
    });
  }
  let weighted = 0;
  const unrated: string[] = [];
  for (const c of criteria) {
    const value = norm(c, p);
    if (value === undefined) {
      if (c.weight > 0) unrated.push(c.id);
      continue;
    }
    weighted += c.weight * value;
  }
  // Rounded before ranking so that the order never hangs on floating-point noise the reader cannot see.
  return { score: Math.round((1000 * weighted) / totalWeight) / 10, unrated };
}

type Rankable = Pick<Priority, "measureId" | "mandatory" | "gapStatus" | "severity" | "ratings">;

export type Ranked<P extends Rankable> = Scored & { priority: P; rank: number; unmetObligation: boolean };

const byMeasureId = new Intl.Collator("en", { numeric: true }).compare;

/**
 * The ranked list: unmet treaty obligations first whatever their score, then by score (highest first), then by
 * measure id in natural order (TIP.PROS.1.2 before TIP.PROS.1.10), so that equal scores always rank the same way.
 */
export function rankPriorities<P extends Rankable>(
  criteria: readonly Criterion[],
  priorities: readonly P[],
): Ranked<P>[] {
  return priorities
    .map((priority) => ({
      priority,
      unmetObligation: isUnmetObligation(priority),
      ...scorePriority(criteria, priority),
    }))
    .sort(
      (a, b) =>
        Number(b.unmetObligation) - Number(a.unmetObligation) ||
        b.score - a.score ||
        byMeasureId(a.priority.measureId, b.priority.measureId),
    )
    .map((scored, i) => ({ ...scored, rank: i + 1 }));
}
