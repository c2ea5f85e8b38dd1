import type { Activity, PlanObjective } from "../action-plan/schema.js";
import type { AssessmentEntry } from "../assessment.js";
import type { Cycle } from "../cycle.js";
import type { MeasureInfo } from "../measures.js";
import type { ActivityStatus } from "../monitoring/schema.js";
import type { Actor } from "../principal.js";
import { candidateOf } from "../priorities/candidates.js";
import type { Priority } from "../priorities/schema.js";

// What a next cycle takes over from a closed one, as pure functions: the answers to re-verify and the priorities
// the closed cycle did not meet.

/**
 * An answer of the closed cycle, copied into the next one for re-verification. It is written by the coordinator who
 * started the next cycle, now; `carriedOverFrom` keeps when a person last gave the answer (an answer that was itself
 * carried over and never re-verified keeps its original date).
 */
export function carriedEntry(
  from: AssessmentEntry,
  next: Pick<Cycle, "country" | "id">,
  actor: Actor,
  at: string,
): AssessmentEntry {
  return {
    country: next.country,
    cycleId: next.id,
    measureId: from.measureId,
    status: from.status,
    severity: from.severity,
    evidence: from.evidence,
    source: from.source,
    ...(from.agency ? { agency: from.agency } : {}),
    answeredBy: actor,
    answeredAt: at,
    carriedOverFrom: {
      cycleId: from.cycleId,
      answeredAt: from.carriedOverFrom?.answeredAt ?? from.answeredAt,
    },
    version: 1,
  };
}

/**
 * The closed cycle's unmet priorities: the deferred ones, and the accepted ones whose activities were not all
 * completed as last reported (an accepted priority with no activity at all was not met either). An activity serves
 * a priority it names, or one its objective names.
 */
export function unmetPriorities(
  priorities: readonly Priority[],
  objectives: readonly PlanObjective[],
  activities: readonly Activity[],
  statuses: ReadonlyMap<string, ActivityStatus>,
): Priority[] {
  const objectivePriorities = new Map(objectives.map((o) => [o.id, o.priorityIds]));
  const serving = new Map<string, Activity[]>();
  for (const activity of activities) {
    const ids = new Set([...activity.priorityIds, ...(objectivePriorities.get(activity.objectiveId) ?? [])]);
    for (const id of ids) serving.set(id, [...(serving.get(id) ?? []), activity]);
  }
  return priorities.filter((p) => {
    const outcome = p.decision?.outcome;
    if (outcome === "deferred") return true;
    if (outcome !== "accepted") return false;
    const acts = serving.get(p.id) ?? [];
    return acts.length === 0 || acts.some((a) => statuses.get(a.id) !== "completed");
  });
}

/**
 * An unmet priority as a candidate of the next cycle, undecided and unrated (the working group decides again, on
 * the re-verified assessment), its measure placed in the next cycle's catalogue versions.
 */
export function carriedPriority(
  from: Priority,
  next: Pick<Cycle, "country" | "id">,
  info: MeasureInfo,
  entry: AssessmentEntry | undefined,
  at: string,
): Priority {
  return { ...candidateOf(next, from.measureId, info, entry, at), carriedOver: true };
}
