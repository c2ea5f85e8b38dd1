import { describe, expect, it } from "vitest";
import type {
  ActivityRollup,
  IndicatorRollup,
  PeriodView,
} from "../../../functions/core/monitoring/views.js";
import {
  activityProgressRows,
  budgetRows,
  elapsedPercent,
  indicatorRows,
  type Words,
} from "../../../functions/http/pages/monitoring-charts-model.js";
import { lateAgencies } from "../../../functions/http/pages/monitoring-periods.js";
import { reportFormModel } from "../../../functions/http/pages/monitoring-report-model.js";
import { newCycleRef } from "../../support/fixtures.js";
import { planRecords } from "../core/monitoring-fixtures.js";

// The monitoring pages' pure parts: chart rows (suppressed figures never drawn), expected progress, who is late,
// and what a lead agency's report form asks for.

const words: Words = {
  percentDone: (p) => `${p}% complete`,
  percentExpected: (p, e) => `${p}% (${e}% of time)`,
  ofTarget: (a, t, u, p) => `${a} of ${t} ${u} (${p}%)`,
  noTarget: (a, u, y) => `${a} ${u}, no target ${y}`,
  suppressed: "suppressed (<5)",
  spentOfPlanned: (l) => `${l.spent} of ${l.planned}`,
  pillar: (c) => c,
  plan: "Plan",
};

const year = (y: Partial<IndicatorRollup["years"][number]>) => ({
  year: 2027,
  actual: 10,
  target: 20,
  percentAchieved: 50,
  reports: 1,
  disaggregation: {},
  ...y,
});
const indicator = (id: string, years: IndicatorRollup["years"]): IndicatorRollup => ({
  id,
  name: `Indicator ${id}`,
  unit: "persons",
  type: "output",
  isCount: true,
  attachedTo: { kind: "activity", id: "a" },
  baseline: null,
  latest: null,
  years,
});

describe("monitoring chart rows", () => {
  it("draws each indicator's latest year as a share of its target, with a tick at 100%", () => {
    const { rows, max } = indicatorRows(
      [
        indicator("trained", [
          year({ year: 2026, actual: 5, percentAchieved: 25 }),
          year({ actual: 30, target: 20, percentAchieved: 150 }),
        ]),
      ],
      words,
    );
    expect(rows).toEqual([
      {
        label: "Indicator trained (2027)",
        segments: [{ value: 150, tone: "success" }],
        marker: 100,
        text: "30 of 20 persons (150%)",
      },
    ]);
    expect(max).toBe(150);
  });

  it("gives a suppressed count a row with words and no bar", () => {
    const { rows } = indicatorRows(
      [
        indicator("victims", [
          year({ actual: null, percentAchieved: null, suppressed: true, suppressedFields: ["actual"] }),
        ]),
      ],
      words,
    );
    expect(rows).toEqual([
      { label: "Indicator victims (2027)", segments: [], marker: 100, text: "suppressed (<5)" },
    ]);
  });

  it("leaves out an indicator nobody reported on yet, and caps far over-achievement on the axis", () => {
    const { rows, max } = indicatorRows(
      [indicator("none", []), indicator("far", [year({ actual: 90, target: 10, percentAchieved: 900 })])],
      words,
    );
    expect(rows.map((r) => r.label)).toEqual(["Indicator far (2027)"]);
    expect(max).toBe(200);
  });

  it("puts where an activity would stand if it ran evenly: half way through its days, 50%", () => {
    const a = { start: "2027-01-01", end: "2027-12-31" };
    expect(elapsedPercent(a, "2026-12-31")).toBe(0);
    expect(elapsedPercent(a, "2027-07-02")).toBe(50);
    expect(elapsedPercent(a, "2028-02-01")).toBe(100);
    const rollup = { title: "Train", percentComplete: 20, status: "delayed", ...a } as ActivityRollup;
    expect(activityProgressRows([rollup], "2027-07-02", words)).toEqual([
      { label: "Train", segments: [{ value: 20, tone: "warning" }], marker: 50, text: "20% (50% of time)" },
    ]);
  });

  it("draws spending over planning for the plan and each pillar with money in the currency", () => {
    const line = (planned: number, spent: number, currency = "USD") => ({
      currency,
      planned,
      spent,
      spentPercent: (spent / planned) * 100,
    });
    const progress = {
      activities: 1,
      progress: 0,
      statuses: { not_reported: 0, not_started: 0, on_track: 0, delayed: 0, completed: 0, cancelled: 0 },
    };
    const rows = budgetRows(
      {
        totals: {
          ...progress,
          weighting: "equal",
          catalogues: [],
          budget: [line(100, 40), line(50, 5, "EUR")],
        },
        pillars: [
          { ...progress, pillar: "PROS", budget: [line(100, 40)] },
          { ...progress, pillar: "ICC", budget: [line(50, 5, "EUR")] },
        ],
      },
      "USD",
      words,
    );
    expect(rows).toEqual([
      {
        label: "Plan",
        segments: [{ value: 100, tone: "muted" }],
        overlay: { value: 40, tone: "primary" },
        text: "40 of 100",
      },
      {
        label: "PROS",
        segments: [{ value: 100, tone: "muted" }],
        overlay: { value: 40, tone: "primary" },
        text: "40 of 100",
      },
    ]);
  });
});

describe("reporting periods and report forms", () => {
  const period = (p: Partial<PeriodView>): PeriodView => ({
    index: 2,
    label: "Q1 2027",
    start: "2027-01-01",
    end: "2027-03-31",
    opensAt: "2027-04-01T00:00:00.000Z",
    dueAt: "2027-05-01T00:00:00.000Z",
    state: "open",
    reportsComplete: false,
    expectedAgencies: ["labour", "police"],
    reportedAgencies: ["police"],
    missingAgencies: ["labour"],
    overdueAgencies: [],
    escalatedAgencies: [],
    reminders: 0,
    ...p,
  });

  it("counts an agency late once the due date passed without its report, or when the deadline marked it overdue", () => {
    expect(lateAgencies(period({}), "2027-04-30T23:00:00.000Z")).toEqual([]);
    expect(lateAgencies(period({}), "2027-05-02T00:00:00.000Z")).toEqual(["labour"]);
    expect(
      lateAgencies(period({ state: "closed", overdueAgencies: ["health"] }), "2028-01-01T00:00:00.000Z"),
    ).toEqual(["health"]);
  });

  it("asks a lead agency about its activities running in the period, not one cancelled earlier, and their indicators", () => {
    const plan = planRecords(newCycleRef());
    const model = reportFormModel({
      agency: "national-police",
      period: period({ index: 2, start: "2027-01-01", end: "2027-03-31" }),
      plan,
      rollups: [{ id: "act-border", status: "cancelled", lastReportedPeriod: 1 }],
      reports: [],
    });
    expect(model.activities.map((a) => a.id)).toEqual(["act-train"]);
    expect(model.indicators.map((i) => i.id).sort()).toEqual(["ind-trained", "ind-victims"]);
    expect(model.existing).toBeUndefined();
  });
});
