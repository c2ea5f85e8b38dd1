import { describe, expect, it } from "vitest";
import { AssessmentEntry } from "../../../functions/core/assessment.js";
import { carriedEntry, carriedPriority, unmetPriorities } from "../../../functions/core/donors/carry-over.js";
import { cycleMeasures } from "../../../functions/core/measures.js";
import type { ActivityStatus } from "../../../functions/core/monitoring/schema.js";
import { Priority } from "../../../functions/core/priorities/schema.js";
import { aCycle, anEntry, coordinator, newCycleRef } from "../../support/fixtures.js";
import { anActivity, anObjective, aPriority } from "./donors-fixtures.js";

const old = newCycleRef();
const next = aCycle(newCycleRef(), { title: "National Action Plan 2030-2034" });
const at = "2030-07-01T08:00:00.000Z";

describe("answers carried over to the next cycle", () => {
  it("are copies flagged for re-verification, written by who started the next cycle, remembering the original date", () => {
    const from = anEntry(old, "TIP.PROS.1.1");
    const copy = carriedEntry(from, next, coordinator, at);
    expect(AssessmentEntry.parse(copy)).toEqual({
      country: "KEN",
      cycleId: next.id,
      measureId: "TIP.PROS.1.1",
      status: from.status,
      severity: from.severity,
      evidence: from.evidence,
      source: from.source,
      agency: from.agency,
      answeredBy: coordinator,
      answeredAt: at,
      carriedOverFrom: { cycleId: old.cycleId, answeredAt: from.answeredAt },
      version: 1,
    });
  });

  it("keep the date a person last gave the answer when it was itself carried over and never re-verified", () => {
    const grandparent = { cycleId: newCycleRef().cycleId, answeredAt: "2022-03-01T00:00:00.000Z" };
    const from = anEntry(old, "TIP.PROS.1.1", { carriedOverFrom: grandparent });
    expect(carriedEntry(from, next, coordinator, at).carriedOverFrom).toEqual({
      cycleId: old.cycleId,
      answeredAt: "2022-03-01T00:00:00.000Z",
    });
  });
});

describe("the unmet priorities of a closed cycle", () => {
  const objectives = [anObjective(old, "obj-1", { priorityIds: ["TIP.PROS.2.1"] })];
  const activities = [
    // Serves TIP.PROS.2.1 through its objective and TIP.PROT.1.3 by name.
    anActivity(old, "act-1", { objectiveId: "obj-1", priorityIds: ["TIP.PROT.1.3"] }),
    anActivity(old, "act-2", { objectiveId: "obj-2", priorityIds: ["TIP.PROT.1.3"] }),
    anActivity(old, "act-3", { objectiveId: "obj-2", priorityIds: ["TIP.PREV.2.1"] }),
  ];
  const statuses = new Map<string, ActivityStatus>([
    ["act-1", "completed"],
    ["act-2", "cancelled"],
    ["act-3", "completed"],
  ]);
  const priorities = [
    aPriority(old, "TIP.PROS.2.1", "accepted"), // act-1 completed: met
    aPriority(old, "TIP.PROT.1.3", "accepted"), // act-1 completed, act-2 cancelled: not met
    aPriority(old, "TIP.PREV.2.1", "accepted"), // act-3 completed: met
    aPriority(old, "TIP.PREV.4.2", "accepted"), // no activity at all: not met
    aPriority(old, "TIP.NCC.3.1", "deferred"),
    aPriority(old, "TIP.ICC.1.1", "rejected"),
    aPriority(old, "TIP.PREV.1.1", undefined), // never decided
  ];

  it("are the accepted ones whose activities were not all completed, and the deferred ones", () => {
    const unmet = unmetPriorities(priorities, objectives, activities, statuses).map((p) => p.id);
    expect(unmet).toEqual(["TIP.PROT.1.3", "TIP.PREV.4.2", "TIP.NCC.3.1"]);
  });

  it("count an activity nobody reported on as not completed", () => {
    const unmet = unmetPriorities(priorities, objectives, activities, new Map()).map((p) => p.id);
    expect(unmet).toContain("TIP.PROS.2.1");
    expect(unmet).toContain("TIP.PREV.2.1");
  });

  it("become undecided, unrated candidates of the next cycle, flagged as carried over", () => {
    const info = cycleMeasures(next).get("TIP.PROT.1.3");
    if (!info) throw new Error("TIP.PROT.1.3 is not in the catalogue");
    const entry = carriedEntry(
      anEntry(old, "TIP.PROT.1.3", { status: "absent", severity: 3 }),
      next,
      coordinator,
      at,
    );
    const carried = Priority.parse(
      carriedPriority(aPriority(old, "TIP.PROT.1.3", "accepted"), next, info, entry, at),
    );
    expect(carried).toMatchObject({
      id: "TIP.PROT.1.3",
      cycleId: next.id,
      catalogue: "TIP",
      pillarId: info.pillar.id,
      objectiveId: info.objective.id,
      gapStatus: "absent",
      severity: 3,
      ratings: {},
      carriedOver: true,
      version: 1,
    });
    expect(carried.decision).toBeUndefined();
  });
});
