import { describe, expect, it } from "vitest";
import { rollups } from "../../../functions/core/monitoring/rollups.js";
import type { IndicatorActual } from "../../../functions/core/monitoring/schema.js";
import { sdg1622 } from "../../../functions/core/monitoring/sdg.js";
import {
  suppressForDonors,
  suppressReportForDonors,
  suppressTable,
} from "../../../functions/core/monitoring/suppression.js";
import { type MonitoringView, reportView } from "../../../functions/core/monitoring/views.js";
import { newCycleRef } from "../../support/fixtures.js";
import { indicator, planRecords, report, SLOTS, settings } from "./monitoring-fixtures.js";

describe("suppressing one table", () => {
  it("replaces a count below the threshold with null, and the smallest other cell of its dimension with it", () => {
    // Scenario 3: 14 victims, female 9 / male 5, children 4 / adults 10. Children 4 < 5; alone suppressed, 14 - 10
    // would give it back, so adults go too. The sex cells are both 5 or more and stay.
    const shown = suppressTable(
      { total: 14, cells: { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } } },
      5,
    );
    expect(shown).toEqual({
      total: 14,
      cells: { sex: { female: 9, male: 5 }, age: { child: null, adult: null } },
      fields: ["age.child", "age.adult"],
    });
  });

  it("keeps two small cells of one dimension without suppressing a third", () => {
    const shown = suppressTable(
      { total: 30, cells: { exploitation: { sexual: 3, forced_labour: 2, other: 25 } } },
      5,
    );
    expect(shown.cells.exploitation).toEqual({ sexual: null, forced_labour: null, other: 25 });
  });

  it("suppresses a total below the threshold with every cell", () => {
    const shown = suppressTable({ total: 4, cells: { sex: { female: 4 } } }, 5);
    expect(shown).toEqual({ total: null, cells: { sex: { female: null } }, fields: ["total", "sex.female"] });
  });

  it("follows the cycle's threshold", () => {
    expect(suppressTable({ total: 9, cells: {} }, 10).total).toBeNull();
    expect(suppressTable({ total: 9, cells: {} }, 3).total).toBe(9);
  });

  it("suppresses a cell it is told to, as if it were small (an addend suppressed elsewhere)", () => {
    const shown = suppressTable(
      { total: 40, cells: { sex: { female: 20, male: 20 } } },
      5,
      new Set(["sex.female"]),
    );
    expect(shown.cells.sex).toEqual({ female: null, male: null });
  });
});

describe("the monitoring view for donors", () => {
  const ref = newCycleRef();
  const plan = planRecords(ref);
  const withActuals = (
    actuals: Record<number, IndicatorActual[]>,
    indicators = plan.indicators,
  ): MonitoringView => {
    const reports = Object.entries(actuals).map(([index, indicatorActuals]) =>
      report(ref, Number(index), "national-police", {
        activities: [
          { activityId: "act-train", status: "on_track", percentComplete: 30, spend: 500, narrative: "" },
          { activityId: "act-border", status: "delayed", percentComplete: 5, spend: 100, narrative: "" },
        ],
        indicatorActuals,
      }),
    );
    const figures = rollups({ ...plan, indicators, reports, slots: SLOTS });
    return {
      cycleId: ref.cycleId,
      plan: { source: "approved" },
      reportedThrough: figures.reportedThrough,
      totals: figures.totals,
      pillars: figures.pillars,
      objectives: figures.objectives,
      activities: figures.activities,
      indicators: figures.indicators,
      sdg: sdg1622(figures.indicators, settings(ref).population),
      suppression: { applied: false, threshold: 5 },
    };
  };

  it("suppresses small yearly counts and the % achieved that would reveal them, and marks them", () => {
    const view = withActuals({
      0: [
        { indicatorId: "ind-victims", value: 3, disaggregation: { sex: { female: 2, male: 1 } } },
        { indicatorId: "ind-trained", value: 40, disaggregation: {} },
      ],
    });
    const shown = suppressForDonors(view, 5);
    const victims = shown.indicators.find((i) => i.id === "ind-victims");
    expect(victims?.years[0]).toEqual({
      year: 2026,
      actual: null,
      target: 20,
      percentAchieved: null,
      reports: 1,
      disaggregation: { sex: { female: null, male: null } },
      suppressed: true,
      suppressedFields: ["actual", "disaggregation.sex.female", "disaggregation.sex.male", "percentAchieved"],
    });
    expect(shown.indicators.find((i) => i.id === "ind-trained")?.years[0]).toMatchObject({
      actual: 40,
      percentAchieved: 40,
    });
    expect(shown.suppression).toEqual({ applied: true, threshold: 5 });
  });

  it("withholds per-period counts (a period next to its year's total would reveal the others), not levels", () => {
    const view = withActuals({
      0: [{ indicatorId: "ind-victims", value: 30, disaggregation: {} }],
      1: [{ indicatorId: "ind-victims", value: 2, disaggregation: {} }],
    });
    const victims = suppressForDonors(view, 5).indicators.find((i) => i.id === "ind-victims");
    expect(victims?.latest).toEqual({
      periodIndex: 1,
      value: null,
      suppressed: true,
      suppressedFields: ["value"],
    });
    expect(victims?.years[0]?.actual).toBe(32);
  });

  it("suppresses the SDG figures built on a small count: victims, their rate, and the cell that reveals another", () => {
    const view = withActuals({
      0: [
        {
          indicatorId: "ind-victims",
          value: 14,
          disaggregation: { sex: { female: 10, male: 4 }, age: { child: 6, adult: 8 } },
        },
      ],
    });
    const year = suppressForDonors(view, 5).sdg.years[0];
    expect(year).toMatchObject({
      victims: 14,
      rate: 0.028,
      bySex: {
        female: { victims: null, rate: null, population: 25_000_000 },
        male: { victims: null, rate: null },
      },
      byAge: { child: { victims: 6 }, adult: { victims: 8 } },
      suppressed: true,
      suppressedFields: ["bySex.female.victims", "bySex.male.victims"],
    });
  });

  it("suppresses an SDG total that adds a suppressed count, however large the total", () => {
    const indicators = [
      ...plan.indicators,
      indicator(ref, "ind-assisted", { sdg: "16.2.2", attachedTo: { kind: "activity", id: "act-border" } }),
    ];
    const view = withActuals(
      {
        0: [
          { indicatorId: "ind-victims", value: 40, disaggregation: {} },
          { indicatorId: "ind-assisted", value: 2, disaggregation: {} },
        ],
      },
      indicators,
    );
    expect(view.sdg.years[0]?.victims).toBe(42);
    expect(suppressForDonors(view, 5).sdg.years[0]).toMatchObject({ victims: null, rate: null });
  });

  it("leaves roll-ups of progress and budget as they are", () => {
    const view = withActuals({ 0: [{ indicatorId: "ind-victims", value: 1, disaggregation: {} }] });
    const shown = suppressForDonors(view, 5);
    expect(shown.totals).toEqual(view.totals);
    expect(shown.activities).toEqual(view.activities);
  });

  it("shows donors a period's report without its counts or the official who sent it", () => {
    const one = report(ref, 0, "national-police", {
      activities: [
        { activityId: "act-train", status: "on_track", percentComplete: 30, spend: 500, narrative: "" },
      ],
      indicatorActuals: [
        { indicatorId: "ind-victims", value: 40, disaggregation: { sex: { female: 30, male: 10 } } },
        { indicatorId: "ind-sheltered", value: 55, disaggregation: {} },
      ],
    });
    const shown = suppressReportForDonors(reportView(one), new Map(plan.indicators.map((i) => [i.id, i])));
    expect(shown.submittedBy).toBeUndefined();
    expect(shown.indicatorActuals).toEqual([
      {
        indicatorId: "ind-victims",
        value: null,
        disaggregation: {},
        suppressed: true,
        suppressedFields: ["value", "disaggregation"],
      },
      { indicatorId: "ind-sheltered", value: 55, disaggregation: {} },
    ]);
    expect(shown.activities).toEqual(one.activities);
  });
});
