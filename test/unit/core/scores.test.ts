import { describe, expect, it } from "vitest";
import { type AssessmentEntry, EntryAnswer, scoreOf } from "../../../functions/core/assessment.js";

const entry = (measureId: string, status: AssessmentEntry["status"], severity: number): AssessmentEntry => ({
  country: "KEN",
  cycleId: "01JABCDEFGHJKMNPQRSTVWXYZ0",
  measureId,
  status,
  severity,
  evidence: "",
  source: "",
  answeredBy: { type: "user", sub: "c", role: "coordinator" },
  answeredAt: "2027-01-01T00:00:00.000Z",
  version: 1,
});

const measures = [
  { measureId: "TIP.PROS.1.1", mandatory: true },
  { measureId: "TIP.PROS.1.2", mandatory: true },
  { measureId: "TIP.PROS.1.3", mandatory: false },
  { measureId: "TIP.PROS.1.4", mandatory: false },
];

describe("assessment scores", () => {
  it("counts completeness, implementation, gaps and severity over the measures that apply", () => {
    const entries = new Map([
      ["TIP.PROS.1.1", entry("TIP.PROS.1.1", "partial", 3)],
      ["TIP.PROS.1.2", entry("TIP.PROS.1.2", "in_place", 0)],
      ["TIP.PROS.1.3", entry("TIP.PROS.1.3", "not_applicable", 0)],
    ]);
    const score = scoreOf(measures, entries);
    expect(score).toMatchObject({
      measures: 4,
      answered: 3,
      completeness: 75,
      // partial (0.5) + in place (1) over the two measures that apply; not_applicable is left out.
      implementation: 75,
      gaps: 1,
      mandatoryGaps: 1,
      maxSeverity: 3,
      severitySum: 3,
    });
    expect(score.byStatus).toEqual({ in_place: 1, partial: 1, absent: 0, unknown: 0, not_applicable: 1 });
  });

  it("keeps an unanswered mandatory obligation visible as a mandatory gap", () => {
    const score = scoreOf(measures, new Map());
    expect(score).toMatchObject({ answered: 0, completeness: 0, implementation: null, mandatoryGaps: 2 });
  });

  it("rejects answers whose severity contradicts their status, naming severity", () => {
    const inPlace = EntryAnswer.safeParse({ status: "in_place", severity: 2 });
    expect(inPlace.error?.issues[0]).toMatchObject({
      path: ["severity"],
      message: "must be 0 when status is in_place",
    });
    const absent = EntryAnswer.safeParse({ status: "absent", severity: 0 });
    expect(absent.error?.issues[0]?.path).toEqual(["severity"]);
    expect(EntryAnswer.safeParse({ status: "partial", severity: 4 }).success).toBe(false);
    expect(EntryAnswer.safeParse({ status: "unknown", severity: 1, surprise: true }).success).toBe(false);
  });
});
