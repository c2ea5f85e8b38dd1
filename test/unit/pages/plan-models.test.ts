import { describe, expect, it } from "vitest";
import { planTotals } from "../../../functions/core/action-plan/totals.js";
import { byPillar, treeFromVersion } from "../../../functions/http/pages/plan-document-model.js";
import {
  amountRows,
  pillarBudgetRows,
  totalsTables,
} from "../../../functions/http/pages/plan-totals-model.js";
import { newCycleRef } from "../../support/fixtures.js";
import { planRecords } from "../../support/plan-fixtures.js";

// The plan pages' pure parts: totals as table rows (never adding currencies), the budget chart's rows, and the plan
// tree of a frozen version (as donors get it, baselines suppressed).

describe("plan totals as tables and charts", () => {
  const records = planRecords(newCycleRef());
  const totals = planTotals(records);
  const labels = { pillar: (p: string) => p, state: "State", plan: "Plan" };

  it("gives one row per currency, never adding currencies together", () => {
    const tables = totalsTables(totals, labels);
    expect(tables.plan.map((r) => [r.currency, r.total])).toEqual([
      ["EUR", 30_000],
      ["KES", 8_000_000],
      ["USD", 455_000],
    ]);
    expect(tables.byPillar.find((r) => r.label === "PREV")).toEqual({
      label: "PREV",
      currency: "KES",
      total: 8_000_000,
      funded: 8_000_000,
      unfunded: 0,
    });
    expect(tables.bySource.map((r) => `${r.label} ${r.currency}`)).toEqual([
      "State KES",
      "State USD",
      "European Union USD",
      "GIZ EUR",
      "IOM USD",
    ]);
  });

  it("keeps a label with no money as one row with nothing in it", () => {
    expect(amountRows([{ label: "ICC", amounts: {} }])).toEqual([
      { label: "ICC", currency: "", total: 0, funded: 0, unfunded: 0 },
    ]);
  });

  it("stacks funded then unfunded money per pillar in one currency", () => {
    const rows = pillarBudgetRows(
      totals,
      "USD",
      (p) => p,
      (a) => `${a.total}`,
    );
    expect(rows.find((r) => r.label === "PROT")?.segments).toEqual([
      { value: 0, tone: "primary" },
      { value: 200_000, tone: "secondary" },
    ]);
    expect(rows.find((r) => r.label === "PREV")?.text).toBe("0");
  });
});

describe("the plan tree of a frozen version", () => {
  const base = { updatedAt: "2026-03-02T09:00:00.000Z", version: 1 };
  const content = {
    "objective/o1": {
      kind: "objective",
      id: "o1",
      title: "Protect",
      description: "",
      pillar: "PROT",
      priorityIds: [],
      ...base,
    },
    "objective/o0": {
      kind: "objective",
      id: "o0",
      title: "Prosecute",
      description: "",
      pillar: "PROS",
      priorityIds: [],
      ...base,
    },
    "activity/a1": {
      kind: "activity",
      id: "a1",
      objectiveId: "o1",
      title: "Shelters",
      description: "",
      partnerAgencies: [],
      start: "2027-01-01",
      end: "2027-12-31",
      measureIds: [],
      priorityIds: [],
      dependsOn: [],
      ...base,
    },
    "indicator/i1": {
      kind: "indicator",
      id: "i1",
      attachedTo: { kind: "activity", id: "a1" },
      name: "Victims sheltered",
      type: "output",
      unit: "persons",
      isCount: true,
      baseline: { value: null, year: 2026, suppressed: true },
      targets: [],
      disaggregation: [],
      meansOfVerification: "",
      ...base,
    },
    "activity/broken": { kind: "activity", id: "broken", title: 3 },
    "planSettings/settings": { kind: "planSettings", id: "settings", suppressionThreshold: 10 },
  };

  it("rebuilds objective -> activity -> indicator, keeps a suppressed baseline as null, and counts what it cannot read", () => {
    const { objectives, skipped } = treeFromVersion(content);
    expect(skipped).toBe(1);
    const protect = objectives.find((o) => o.id === "o1");
    expect(protect?.activities.map((a) => a.id)).toEqual(["a1"]);
    expect(protect?.activities[0]?.indicators[0]?.baseline).toEqual({
      value: null,
      year: 2026,
      suppressed: true,
    });
    // Pillars in the Framework's order, whatever the order of the version's keys.
    expect(byPillar(objectives).map((p) => p.pillar)).toEqual(["PROS", "PROT"]);
  });
});
