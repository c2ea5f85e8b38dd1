import { describe, expect, it } from "vitest";
import { RuleViolationError } from "../../../functions/core/errors.js";
import { cycleMeasures } from "../../../functions/core/measures.js";
import { candidateOf } from "../../../functions/core/priorities/candidates.js";
import { assertPrioritiesSubmittable, submissionFailures } from "../../../functions/core/priorities/rules.js";
import type { Priority, PriorityOutcome } from "../../../functions/core/priorities/schema.js";
import { aCycle, anEntry, coordinator, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";

const ref = newCycleRef();
const cycle = aCycle(ref);
const measures = cycleMeasures(cycle);

/** TIP.PROS.1.1 is a treaty obligation, TIP.PREV.1.1 is not. */
function candidate(
  measureId: string,
  outcome?: PriorityOutcome,
  reason = "agreed by the working group",
): Priority {
  const info = measures.get(measureId);
  if (!info) throw new Error(`no measure ${measureId}`);
  const p = candidateOf(
    cycle,
    measureId,
    info,
    anEntry(ref, measureId, { status: "absent", severity: 3 }),
    FIXTURE_TIME,
  );
  return outcome ? { ...p, decision: { outcome, reason, by: coordinator, at: FIXTURE_TIME } } : p;
}

function violation(list: Priority[]): RuleViolationError {
  try {
    assertPrioritiesSubmittable(list);
  } catch (error) {
    if (error instanceof RuleViolationError) return error;
    throw error;
  }
  throw new Error("expected the priorities to be refused");
}

describe("submitting the priorities", () => {
  it("passes when every candidate is decided and one is accepted", () => {
    const list = [candidate("TIP.PROS.1.1", "accepted"), candidate("TIP.PREV.1.1", "deferred")];
    expect(submissionFailures(list)).toEqual([]);
    expect(() => assertPrioritiesSubmittable(list)).not.toThrow();
  });

  it("names every undecided candidate", () => {
    const error = violation([
      candidate("TIP.PROS.1.1", "accepted"),
      candidate("TIP.PREV.1.1"),
      candidate("TIP.PREV.1.2"),
    ]);
    expect(error.code).toBe("priorities_incomplete");
    expect(error.details.failures).toEqual([
      { measureId: "TIP.PREV.1.1", rule: "undecided", message: "TIP.PREV.1.1 has no decision" },
      { measureId: "TIP.PREV.1.2", rule: "undecided", message: "TIP.PREV.1.2 has no decision" },
    ]);
  });

  it("refuses a list where nothing is accepted", () => {
    const error = violation([candidate("TIP.PREV.1.1", "deferred"), candidate("TIP.PREV.1.2", "rejected")]);
    expect(error.details.failures).toEqual([expect.objectContaining({ rule: "none_accepted" })]);
    expect(violation([]).details.failures).toEqual([expect.objectContaining({ rule: "none_accepted" })]);
  });

  it("refuses a rejected unmet obligation whose reason is under 20 characters, flagging it mandatory", () => {
    const error = violation([
      candidate("TIP.PREV.1.1", "accepted"),
      candidate("TIP.PROS.1.1", "rejected", "not now, later"),
    ]);
    expect(error.details.failures).toEqual([
      expect.objectContaining({
        measureId: "TIP.PROS.1.1",
        rule: "obligation_rejection_unjustified",
        mandatory: true,
      }),
    ]);
    expect(error.message).toContain("TIP.PROS.1.1 is an unmet treaty obligation");
  });

  it("accepts a rejected obligation with a reason of 20 characters or more, and a short one for a non-obligation", () => {
    const list = [
      candidate("TIP.PREV.1.1", "accepted"),
      candidate("TIP.PROS.1.1", "rejected", "covered by the 2025 penal code reform"),
      candidate("TIP.PREV.1.2", "rejected", "later"),
    ];
    expect(submissionFailures(list)).toEqual([]);
  });

  it("lists every failure at once, in one error", () => {
    const error = violation([candidate("TIP.PROS.1.1", "rejected", "too costly"), candidate("TIP.PREV.1.1")]);
    const failures = error.details.failures as { rule: string; measureId?: string }[];
    expect(failures.map((f) => [f.rule, f.measureId])).toEqual([
      ["obligation_rejection_unjustified", "TIP.PROS.1.1"],
      ["undecided", "TIP.PREV.1.1"],
      ["none_accepted", undefined],
    ]);
  });
});
