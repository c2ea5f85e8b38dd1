import { describe, expect, it } from "vitest";
import { activityCatalogue, planTotals, spreadByYear } from "../../../functions/core/action-plan/totals.js";
import type { ByCurrency } from "../../../functions/core/action-plan/views.js";
import { newCycleRef } from "../../support/fixtures.js";
import { planRecords } from "../../support/plan-fixtures.js";

const ref = newCycleRef();
const money = (total: number, funded: number) => ({ total, funded, unfunded: total - funded });

/** Adds up a breakdown per currency, to check that it accounts for the plan total exactly once. */
function sum(parts: ByCurrency[]): ByCurrency {
  const out: ByCurrency = {};
  for (const part of parts) {
    for (const [currency, a] of Object.entries(part)) {
      const s = out[currency] ?? { total: 0, funded: 0, unfunded: 0 };
      out[currency] = {
        total: s.total + a.total,
        funded: s.funded + a.funded,
        unfunded: s.unfunded + a.unfunded,
      };
    }
  }
  return out;
}

describe("action plan budget totals", () => {
  const plan = planRecords(ref);
  const totals = planTotals(plan);

  it("total the plan per currency, split funded and unfunded, never adding USD to EUR", () => {
    expect(totals.plan).toEqual({
      EUR: money(30_000, 30_000),
      KES: money(8_000_000, 8_000_000),
      USD: money(455_000, 165_000),
    });
    expect(totals.activities).toEqual({ budgeted: 6, unbudgeted: 0 });
  });

  it("total by the pillar of each activity's objective", () => {
    expect(totals.byPillar).toEqual({
      PROS: { USD: money(165_000, 165_000) },
      PROT: { USD: money(200_000, 0) },
      PREV: { KES: money(8_000_000, 8_000_000) },
      NCC: { USD: money(90_000, 0) },
      ICC: { EUR: money(30_000, 30_000) },
    });
  });

  it("total by objective, listing objectives without budget too", () => {
    expect(totals.byObjective.map((o) => [o.objectiveId, o.amounts])).toEqual([
      ["pros", { USD: money(165_000, 165_000) }],
      ["prot", { USD: money(200_000, 0) }],
      ["prev", { KES: money(8_000_000, 8_000_000) }],
      ["ncc", { USD: money(90_000, 0) }],
      ["icc", { EUR: money(30_000, 30_000) }],
    ]);
  });

  it("total by source: the state, and each donor by name", () => {
    expect(totals.bySource).toEqual({
      state: { KES: money(8_000_000, 8_000_000), USD: money(135_000, 45_000) },
      donors: [
        { name: "European Union", amounts: { USD: money(120_000, 120_000) } },
        { name: "GIZ", amounts: { EUR: money(30_000, 30_000) } },
        { name: "IOM", amounts: { USD: money(200_000, 0) } },
      ],
    });
  });

  it("treat donor names that differ only in case as one donor", () => {
    const renamed = planRecords(ref);
    const referral = renamed.activities.find((a) => a.id === "referral");
    if (!referral?.budget) throw new Error("the fixture's referral activity has a budget");
    referral.budget = { ...referral.budget, donorName: "european union", funded: true };
    const donors = planTotals(renamed).bySource.donors;
    expect(donors.map((d) => [d.name, d.amounts])).toEqual([
      ["European Union", { USD: money(320_000, 320_000) }],
      ["GIZ", { EUR: money(30_000, 30_000) }],
    ]);
  });

  it("spread each budget over the years its activity spans, adding up to the plan total", () => {
    expect(totals.byYear.map((y) => y.year)).toEqual([2027, 2028, 2029]);
    expect(sum(totals.byYear.map((y) => y.amounts))).toEqual(totals.plan);
    // The central authority's EUR budget runs through 2028 only.
    expect(totals.byYear.map((y) => y.amounts.EUR?.total)).toEqual([undefined, 30_000, undefined]);
  });

  it("split a budget pro rata by days, across a leap year", () => {
    // 2027-07-01..2027-12-31 is 184 days; 2028-01-01..2028-06-30 is 182 days (2028 is a leap year).
    expect(spreadByYear(36_600, "2027-07-01", "2028-06-30")).toEqual([
      { year: 2027, cents: 18_400 },
      { year: 2028, cents: 18_200 },
    ]);
  });

  it("hand out rounding remainders so the years add up exactly", () => {
    const parts = spreadByYear(10_001, "2027-01-01", "2029-12-31");
    // 365, 366 and 365 days: 3330.625, 3339.75 and 3330.625 cents; the two cents left go to the largest remainders.
    expect(parts.map((p) => p.cents)).toEqual([3331, 3340, 3330]);
    expect(parts.reduce((s, p) => s + p.cents, 0)).toBe(10_001);
    expect(spreadByYear(1e14, "2027-01-01", "2036-12-31").reduce((s, p) => s + p.cents, 0)).toBe(1e14);
  });

  it("put reversed dates in the start year instead of losing the budget", () => {
    expect(spreadByYear(500, "2028-03-01", "2027-03-01")).toEqual([{ year: 2028, cents: 500 }]);
  });

  it("keep cents exact where floating-point sums would drift", () => {
    const cents = planRecords(ref);
    for (const a of cents.activities) if (a.budget) a.budget = { ...a.budget, amount: 0.1, currency: "USD" };
    expect(planTotals(cents).plan.USD?.total).toBe(0.6);
  });

  it("count activities without a budget apart, and an orphan activity in the plan but in no pillar", () => {
    const partial = planRecords(ref);
    delete partial.activities[0]?.budget;
    const orphan = partial.activities.find((a) => a.id === "data");
    if (!orphan) throw new Error("the fixture has a data activity");
    orphan.objectiveId = "gone";
    const t = planTotals(partial);
    expect(t.activities).toEqual({ budgeted: 5, unbudgeted: 1 });
    expect(t.plan.USD).toEqual(money(410_000, 120_000));
    expect(t.byPillar.NCC).toEqual({});
    expect(t.byPillar.PROS).toEqual({ USD: money(120_000, 120_000) });
  });

  describe("on a combined plan (both catalogues)", () => {
    const combined = planRecords(ref, { catalogues: ["TIP", "SOM"] });
    const t = planTotals(combined);

    it("count the joint border training once, under `both`", () => {
      expect(t.plan.USD).toEqual(money(530_000, 240_000));
      expect(t.byCatalogue.both).toEqual({ USD: money(75_000, 75_000) });
      expect(t.byCatalogue.TIP.USD).toEqual(money(455_000, 165_000));
      expect(t.byCatalogue.SOM).toEqual({});
      expect(t.byCatalogue.none).toEqual({});
    });

    it("keep every breakdown equal to the plan total", () => {
      expect(sum(Object.values(t.byCatalogue))).toEqual(t.plan);
      expect(sum(Object.values(t.byPillar))).toEqual(t.plan);
      expect(sum(t.byObjective.map((o) => o.amounts))).toEqual(t.plan);
      expect(sum(t.byYear.map((y) => y.amounts))).toEqual(t.plan);
      expect(sum([t.bySource.state, ...t.bySource.donors.map((d) => d.amounts)])).toEqual(t.plan);
    });
  });

  it("classify an activity by the catalogues of its measures and priorities", () => {
    expect(activityCatalogue({ measureIds: ["TIP.PREV.5.1", "SOM.PREV.4.1"], priorityIds: [] })).toBe("both");
    expect(activityCatalogue({ measureIds: ["SOM.PREV.4.1"], priorityIds: ["SOM.PREV.4.1"] })).toBe("SOM");
    expect(activityCatalogue({ measureIds: [], priorityIds: ["TIP.PROS.1.1"] })).toBe("TIP");
    expect(activityCatalogue({ measureIds: [], priorityIds: [] })).toBe("none");
  });
});
