import { describe, expect, it } from "vitest";
import {
  type Criterion,
  DEFAULT_CRITERIA,
  type Priority,
} from "../../../functions/core/priorities/schema.js";
import {
  CriteriaSet,
  isUnmetObligation,
  rankPriorities,
  scorePriority,
} from "../../../functions/core/priorities/scoring.js";

type Candidate = Pick<Priority, "measureId" | "mandatory" | "gapStatus" | "severity" | "ratings">;

const candidate = (measureId: string, overrides: Partial<Candidate> = {}): Candidate => ({
  measureId,
  mandatory: false,
  gapStatus: "partial",
  severity: 2,
  ratings: { impact: 2, feasibility: 2, urgency: 2 },
  ...overrides,
});

const criterion = (id: string, weight: number, source: Criterion["source"] = "rating"): Criterion => ({
  id,
  label: `The ${id}`,
  weight,
  source,
});

describe("scoring a candidate", () => {
  it("is 100 × Σ(weight × norm) / Σ weight, with severity / 3 and (rating - 1) / 2", () => {
    // severity 3 -> 1, impact 3 -> 1, feasibility 1 -> 0, urgency 2 -> 0.5: (3 + 3 + 0 + 1) / 10
    const scored = scorePriority(
      DEFAULT_CRITERIA,
      candidate("TIP.PROS.1.1", { severity: 3, ratings: { impact: 3, feasibility: 1, urgency: 2 } }),
    );
    expect(scored).toEqual({ score: 70, unrated: [] });
  });

  it("scores the extremes 0 and 100", () => {
    const none = candidate("A", { severity: 0, ratings: { impact: 1, feasibility: 1, urgency: 1 } });
    const full = candidate("B", { severity: 3, ratings: { impact: 3, feasibility: 3, urgency: 3 } });
    expect(scorePriority(DEFAULT_CRITERIA, none).score).toBe(0);
    expect(scorePriority(DEFAULT_CRITERIA, full).score).toBe(100);
  });

  it("counts an unrated rating criterion as 0 and names it", () => {
    const scored = scorePriority(DEFAULT_CRITERIA, candidate("A", { severity: 3, ratings: { impact: 3 } }));
    expect(scored).toEqual({ score: 60, unrated: ["feasibility", "urgency"] });
  });

  it("does not call a criterion of weight 0 unrated: it cannot change the score", () => {
    const criteria = [criterion("severity", 1, "assessment_severity"), criterion("cost", 0)];
    expect(scorePriority(criteria, candidate("A", { ratings: {} })).unrated).toEqual([]);
  });

  it("ignores ratings of criteria the cycle no longer uses", () => {
    const criteria = [criterion("severity", 1, "assessment_severity")];
    expect(scorePriority(criteria, candidate("A", { severity: 3, ratings: { retired: 1 } })).score).toBe(100);
  });

  it("rounds to one decimal", () => {
    // severity 1 -> 3 × 1/3 = 1, then 1.5 + 1 + 1 from the ratings of 2: 4.5 / 10
    const scored = scorePriority(DEFAULT_CRITERIA, candidate("A", { severity: 1 }));
    expect(scored.score).toBe(45);
    const third = scorePriority(
      [criterion("severity", 1, "assessment_severity")],
      candidate("A", { severity: 1 }),
    );
    expect(third.score).toBe(33.3);
  });

  it("refuses criteria whose weights are all 0", () => {
    expect(() => scorePriority([criterion("impact", 0)], candidate("A"))).toThrow(/weight above 0/);
  });
});

describe("the criteria a coordinator sets", () => {
  it("accepts the defaults", () => {
    expect(CriteriaSet.safeParse(DEFAULT_CRITERIA).success).toBe(true);
  });

  it("rejects criteria whose weights are all 0", () => {
    const result = CriteriaSet.safeParse([criterion("impact", 0), criterion("urgency", 0)]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("at least one criterion needs a weight above 0");
  });

  it("rejects a criterion id used twice, pointing at the second", () => {
    const result = CriteriaSet.safeParse([criterion("impact", 1), criterion("impact", 2)]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: [1, "id"], message: "impact appears twice" });
  });
});

describe("ranking the candidates", () => {
  const order = (criteria: readonly Criterion[], list: Candidate[]) =>
    rankPriorities(criteria, list).map((r) => `${r.rank}:${r.priority.measureId}`);

  it("puts unmet treaty obligations first, even below others on score", () => {
    const list = [
      candidate("TIP.PREV.1.1", { severity: 3, ratings: { impact: 3, feasibility: 3, urgency: 3 } }),
      candidate("TIP.PROS.1.4", { mandatory: true, gapStatus: "absent", severity: 1, ratings: {} }),
    ];
    const ranked = rankPriorities(DEFAULT_CRITERIA, list);
    expect(ranked.map((r) => [r.priority.measureId, r.rank, r.unmetObligation])).toEqual([
      ["TIP.PROS.1.4", 1, true],
      ["TIP.PREV.1.1", 2, false],
    ]);
    expect(ranked[1]?.score).toBeGreaterThan(ranked[0]?.score ?? 100);
  });

  it("ranks a mandatory measure that is in place like any other: only an unmet obligation comes first", () => {
    expect(isUnmetObligation({ mandatory: true, gapStatus: "in_place" })).toBe(false);
    expect(isUnmetObligation({ mandatory: true, gapStatus: "unknown" })).toBe(true);
    expect(isUnmetObligation({ mandatory: false, gapStatus: "absent" })).toBe(false);
    const list = [
      candidate("TIP.PROS.1.1", { mandatory: true, gapStatus: "in_place", severity: 0, ratings: {} }),
      candidate("TIP.PREV.1.1", { severity: 3 }),
    ];
    expect(order(DEFAULT_CRITERIA, list)).toEqual(["1:TIP.PREV.1.1", "2:TIP.PROS.1.1"]);
  });

  it("orders by score, highest first, and changes the order when the weights change", () => {
    // Severe but hard to do, against mild but easy.
    const severe = candidate("TIP.PROT.4.1", { severity: 3, ratings: { feasibility: 1 } });
    const easy = candidate("TIP.PREV.2.1", { severity: 1, ratings: { feasibility: 3 } });
    const bySeverity = [criterion("severity", 3, "assessment_severity"), criterion("feasibility", 1)];
    const byFeasibility = [criterion("severity", 1, "assessment_severity"), criterion("feasibility", 3)];
    expect(order(bySeverity, [easy, severe])).toEqual(["1:TIP.PROT.4.1", "2:TIP.PREV.2.1"]);
    expect(order(byFeasibility, [severe, easy])).toEqual(["1:TIP.PREV.2.1", "2:TIP.PROT.4.1"]);
  });

  it("breaks ties by measure id in natural order", () => {
    const list = ["TIP.PROS.1.10", "TIP.PROS.1.2", "SOM.PROS.1.1"].map((id) => candidate(id));
    expect(order(DEFAULT_CRITERIA, list)).toEqual(["1:SOM.PROS.1.1", "2:TIP.PROS.1.2", "3:TIP.PROS.1.10"]);
  });

  it("ranks obligations among themselves by score", () => {
    const list = [
      candidate("TIP.PROS.1.1", { mandatory: true, severity: 1 }),
      candidate("TIP.PROS.1.2", { mandatory: true, severity: 3 }),
      candidate("TIP.PREV.1.1", { severity: 3 }),
    ];
    expect(order(DEFAULT_CRITERIA, list)).toEqual(["1:TIP.PROS.1.2", "2:TIP.PROS.1.1", "3:TIP.PREV.1.1"]);
  });
});
