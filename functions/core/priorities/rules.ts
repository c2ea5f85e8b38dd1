import { RuleViolationError } from "../errors.js";
import type { Priority } from "./schema.js";
import { isUnmetObligation } from "./scoring.js";

/** Rejecting a binding treaty obligation needs more than a word: the ministries will ask why. */
export const OBLIGATION_REASON_MIN = 20;

export type SubmissionFailure = {
  /** The candidate at fault; absent for a rule about the list as a whole. */
  measureId?: string;
  rule: "undecided" | "none_accepted" | "obligation_rejection_unjustified";
  message: string;
  mandatory?: boolean;
};

/** Every reason the priorities cannot be submitted yet, candidate by candidate; empty when they can. */
export function submissionFailures(priorities: readonly Priority[]): SubmissionFailure[] {
  const failures: SubmissionFailure[] = [];
  for (const p of priorities) {
    if (!p.decision) {
      failures.push({ measureId: p.measureId, rule: "undecided", message: `${p.measureId} has no decision` });
    } else if (
      p.decision.outcome === "rejected" &&
      isUnmetObligation(p) &&
      p.decision.reason.trim().length < OBLIGATION_REASON_MIN
    ) {
      failures.push({
        measureId: p.measureId,
        rule: "obligation_rejection_unjustified",
        message: `${p.measureId} is an unmet treaty obligation: rejecting it needs a reason of at least ${OBLIGATION_REASON_MIN} characters`,
        mandatory: true,
      });
    }
  }
  if (!priorities.some((p) => p.decision?.outcome === "accepted")) {
    failures.push({
      rule: "none_accepted",
      message: "no candidate is accepted: a plan needs at least one priority",
    });
  }
  return failures;
}

/** Throws one RuleViolationError naming every failure, so the group fixes them all in one pass. */
export function assertPrioritiesSubmittable(priorities: readonly Priority[]): void {
  const failures = submissionFailures(priorities);
  if (failures.length === 0) return;
  const shown = failures
    .slice(0, 5)
    .map((f) => f.message)
    .join("; ");
  const more = failures.length > 5 ? `; and ${failures.length - 5} more (see details)` : "";
  throw new RuleViolationError(
    "priorities_incomplete",
    `the priorities cannot be submitted: ${shown}${more}`,
    { failures },
  );
}
