import { describe, expect, it } from "vitest";
import { rollups } from "../../../functions/core/monitoring/rollups.js";
import type { ActivityProgress } from "../../../functions/core/monitoring/schema.js";
import { newCycleRef } from "../../support/fixtures.js";
import { activity, indicator, objective, planRecords, report, SLOTS } from "./monitoring-fixtures.js";

const ref = newCycleRef();
const plan = planRecords(ref);
const step = (
  activityId: string,
  percentComplete: number,
  spend: number,
  status: ActivityProgress["status"] = "on_track",
): ActivityProgress => ({ activityId, status, percentComplete, spend, narrative: "" });

const compute = (reports: ReturnType<typeof report>[], overrides: Partial<typeof plan> = {}) =>
  rollups({ ...plan, ...overrides, reports, slots: SLOTS });

describe("activity roll-ups", () => {
  const reports = [
    report(ref, 0, "national-police", {
      activities: [step("act-train", 20, 10_000), step("act-border", 10, 2_000)],
    }),
    report(ref, 1, "national-police", {
      activities: [step("act-train", 45, 15_000, "delayed"), step("act-border", 20, 3_000)],
    }),
  ];

  it("takes the latest status and % complete, and sums spend over the periods against the budget", () => {
    const train = compute(reports).activities.find((a) => a.id === "act-train");
    expect(train).toMatchObject({
      status: "delayed",
      percentComplete: 45,
      lastReportedPeriod: 1,
      pillar: "PROS",
      budget: { currency: "USD", planned: 100_000, spent: 25_000, spentPercent: 25 },
    });
  });

  it("shows an activity nobody reported on yet as not reported, at 0 %", () => {
    const shelter = compute(reports).activities.find((a) => a.id === "act-shelter");
    expect(shelter).toMatchObject({ status: null, percentComplete: 0, lastReportedPeriod: null });
  });

  it("weighs objective progress by budget", () => {
    const twoActivities = [
      activity(ref, "small", { budget: { amount: 10_000, currency: "USD", source: "state", funded: true } }),
      activity(ref, "large", { budget: { amount: 90_000, currency: "USD", source: "state", funded: true } }),
    ];
    const figures = compute(
      [report(ref, 0, "national-police", { activities: [step("small", 100, 0), step("large", 0, 0)] })],
      { activities: twoActivities, objectives: [objective(ref, "obj-pros", "PROS")] },
    );
    expect(figures.objectives[0]).toMatchObject({ id: "obj-pros", progress: 10, activities: 2 });
    expect(figures.totals.weighting).toBe("budget");
  });

  it("weighs equally when budgets are in more than one currency, and leaves cancelled activities out", () => {
    const mixed = [
      activity(ref, "usd", { budget: { amount: 10_000, currency: "USD", source: "state", funded: true } }),
      activity(ref, "eur", { budget: { amount: 90_000, currency: "EUR", source: "state", funded: true } }),
      activity(ref, "dropped"),
    ];
    const figures = compute(
      [
        report(ref, 0, "national-police", {
          activities: [step("usd", 100, 5_000), step("eur", 0, 1_000), step("dropped", 0, 0, "cancelled")],
        }),
      ],
      { activities: mixed },
    );
    expect(figures.totals).toMatchObject({ weighting: "equal", progress: 50, activities: 3 });
    expect(figures.totals.statuses).toMatchObject({ on_track: 2, cancelled: 1 });
    expect(figures.totals.budget).toEqual([
      { currency: "EUR", planned: 90_000, spent: 1_000, spentPercent: 1.1 },
      { currency: "USD", planned: 110_000, spent: 5_000, spentPercent: 4.5 },
    ]);
  });

  it("rolls activities up to objectives, pillars and the plan, counting a joint TIP+SOM activity once", () => {
    const figures = compute(reports);
    // 100k at 45 %, 300k at 0 %, 50k at 20 %, 100k at 0 %: (45,000 + 10,000) / 550,000.
    expect(figures.totals).toMatchObject({ activities: 4, progress: 10 });
    expect(figures.totals.budget).toEqual([
      { currency: "USD", planned: 550_000, spent: 30_000, spentPercent: 5.5 },
    ]);
    expect(figures.pillars.map((p) => [p.pillar, p.activities, p.progress])).toEqual([
      ["ICC", 1, 20],
      ["PROS", 1, 45],
      ["PROT", 2, 0],
    ]);
    expect(figures.totals.catalogues).toEqual([
      { catalogue: "TIP", activities: 4, jointActivities: 1, progress: 10 },
      { catalogue: "SOM", activities: 1, jointActivities: 1, progress: 20 },
    ]);
    expect(figures.activities.find((a) => a.id === "act-border")?.catalogues).toEqual(["TIP", "SOM"]);
    expect(figures.reportedThrough).toBe(1);
  });
});

describe("indicator roll-ups", () => {
  const police = (index: number, victims: number, sex: Record<string, number>) =>
    report(ref, index, "national-police", {
      activities: [step("act-train", 10, 0), step("act-border", 10, 0)],
      indicatorActuals: [{ indicatorId: "ind-victims", value: victims, disaggregation: { sex } }],
    });

  it("sums a count over the periods of its year and compares it with that year's target", () => {
    // Q3 and Q4 2026 count in 2026, Q1 2027 in 2027.
    const figures = compute([
      police(0, 6, { female: 4, male: 2 }),
      police(1, 8, { female: 5, male: 3 }),
      police(2, 12, { female: 12 }),
    ]);
    const victims = figures.indicators.find((i) => i.id === "ind-victims");
    expect(victims?.years).toEqual([
      {
        year: 2026,
        actual: 14,
        target: 20,
        percentAchieved: 70,
        reports: 2,
        disaggregation: { sex: { female: 9, male: 5 } },
      },
      {
        year: 2027,
        actual: 12,
        target: 60,
        percentAchieved: 20,
        reports: 1,
        disaggregation: { sex: { female: 12 } },
      },
    ]);
    expect(victims?.latest).toEqual({ periodIndex: 2, value: 12 });
  });

  it("takes the latest value of a level indicator (not a count) in its year", () => {
    const labour = (index: number, value: number) =>
      report(ref, index, "ministry-of-labour", {
        activities: [step("act-shelter", 10, 0)],
        indicatorActuals: [{ indicatorId: "ind-sheltered", value, disaggregation: {} }],
      });
    const figures = compute([labour(2, 30), labour(3, 55)]);
    expect(figures.indicators.find((i) => i.id === "ind-sheltered")?.years).toEqual([
      { year: 2027, actual: 55, target: 80, percentAchieved: 68.8, reports: 2, disaggregation: {} },
    ]);
  });

  it("has no % achieved for a year without a target", () => {
    const figures = compute([], {
      indicators: [indicator(ref, "t", { targets: [] })],
    });
    expect(figures.indicators[0]?.years).toEqual([]);
    const reported = compute(
      [
        report(ref, 0, "national-police", {
          activities: [step("act-train", 1, 0), step("act-border", 1, 0)],
          indicatorActuals: [{ indicatorId: "t", value: 3, disaggregation: {} }],
        }),
      ],
      { indicators: [indicator(ref, "t", { targets: [] })] },
    );
    expect(reported.indicators[0]?.years[0]).toMatchObject({
      actual: 3,
      target: null,
      percentAchieved: null,
    });
  });
});
