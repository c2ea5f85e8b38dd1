import { describe, expect, it } from "vitest";
import {
  latestActivityStatuses,
  type SummaryInput,
  summarise,
} from "../../../functions/core/donors/summary.js";
import { type ReportingPeriod, reportingPeriods } from "../../../functions/core/period.js";
import { aPeriod, newCycleRef } from "../../support/fixtures.js";
import { anActivity, anIndicator, aReport } from "./donors-fixtures.js";

const ref = newCycleRef();
const police = "national-police-service";
const labour = "ministry-of-labour";
// Six quarters, Q3 2026 to Q4 2027: periods 0-1 fall in 2026, 2-5 in 2027.
const slots = reportingPeriods({ start: "2026-07-01", end: "2027-12-31" }, "quarterly");

const kes = (amount: number) => ({ amount, currency: "KES", source: "state" as const, funded: true });

const activities = [
  anActivity(ref, "act-1", { budget: kes(4_200_000) }),
  anActivity(ref, "act-2", { leadAgency: labour, budget: kes(2_000_000), end: "2027-12-31" }),
  anActivity(ref, "act-4", { budget: kes(500_000), end: "2027-06-30" }),
  anActivity(ref, "act-5", { budget: kes(800_000), start: "2027-01-01", end: "2027-06-30" }),
  anActivity(ref, "act-6", { budget: kes(1_500_000), start: "2027-01-01" }),
];

const indicators = [
  // Victims identified (a count): 2027 target 300; 2027 quarters report 80 + 70 + 90 + 75 = 315.
  anIndicator(ref, "ind-1"),
  // Share of cases with a victim-witness measure (a level): from 40% to 70% in 2027; last reported 65%.
  anIndicator(ref, "ind-2", {
    unit: "percent",
    isCount: false,
    baseline: { value: 40, year: 2025 },
    targets: [{ year: 2027, value: 70 }],
  }),
  // Days from identification to referral (a reduction): from 30 to 15 in 2027; last reported 12.
  anIndicator(ref, "ind-3", {
    unit: "days",
    isCount: false,
    baseline: { value: 30, year: 2025 },
    targets: [{ year: 2027, value: 15 }],
  }),
  // Never reported on.
  anIndicator(ref, "ind-4"),
  // No target set: nothing to judge against.
  anIndicator(ref, "ind-5", { targets: [] }),
];

const reports = [
  aReport(ref, 0, police, [
    { activityId: "act-1", status: "on_track", spend: 1_000_000 },
    { activityId: "act-4", status: "on_track" },
  ]),
  aReport(ref, 0, labour, [{ activityId: "act-2", status: "on_track", spend: 200_000 }]),
  aReport(
    ref,
    1,
    police,
    [{ activityId: "act-1", status: "on_track", spend: 1_500_000 }],
    [{ indicatorId: "ind-1", value: 60 }],
  ),
  aReport(ref, 1, labour, [{ activityId: "act-2", status: "on_track", spend: 100_000 }]),
  aReport(
    ref,
    2,
    police,
    [{ activityId: "act-1", status: "on_track", spend: 1_200_000 }],
    [
      { indicatorId: "ind-1", value: 80 },
      { indicatorId: "ind-2", value: 50 },
    ],
  ),
  aReport(
    ref,
    2,
    labour,
    [{ activityId: "act-2", status: "delayed", spend: 100_000 }],
    [{ indicatorId: "ind-3", value: 20 }],
  ),
  aReport(
    ref,
    3,
    police,
    [
      { activityId: "act-1", status: "on_track" },
      { activityId: "act-4", status: "cancelled" },
    ],
    [{ indicatorId: "ind-1", value: 70 }],
  ),
  // Period 3: labour never reported.
  aReport(
    ref,
    4,
    police,
    [
      { activityId: "act-1", status: "completed", spend: 300_000 },
      { activityId: "act-6", status: "on_track" },
    ],
    [
      { indicatorId: "ind-1", value: 90 },
      { indicatorId: "ind-2", value: 65 },
    ],
  ),
  aReport(
    ref,
    4,
    labour,
    [{ activityId: "act-2", status: "delayed", spend: 100_000 }],
    [{ indicatorId: "ind-3", value: 12 }],
  ),
  aReport(
    ref,
    5,
    police,
    [{ activityId: "act-6", status: "on_track" }],
    [{ indicatorId: "ind-1", value: 75 }],
  ),
  // Period 5: labour never reported either; that round recorded no expected agencies.
];

function periods(): Map<number, ReportingPeriod> {
  const out = new Map<number, ReportingPeriod>();
  for (const slot of slots) {
    const expectedAgencies = slot.index === 5 ? [] : [police, labour];
    out.set(slot.index, aPeriod(ref, slot.index, { state: "closed", expectedAgencies }));
  }
  return out;
}

const input = (overrides: Partial<SummaryInput> = {}): SummaryInput => ({
  activities,
  indicators,
  reports,
  slots,
  periods: periods(),
  ...overrides,
});

describe("the final summary", () => {
  it("counts activities by their last reported status; an activity never reported has not started", () => {
    expect(summarise(input()).activities).toEqual({
      total: 5,
      completed: 1,
      cancelled: 1,
      delayed: 1,
      notStarted: 1,
      onTrack: 1,
    });
  });

  it("adds up planned budgets and the spend reported in every period", () => {
    expect(summarise(input()).budget).toEqual({
      planned: 9_000_000,
      spent: 4_500_000,
      currency: "KES",
      byCurrency: [{ currency: "KES", planned: 9_000_000, spent: 4_500_000 }],
    });
  });

  it("judges each indicator on its final target: counts add up the year, levels take the latest, reductions must undercut", () => {
    // ind-1 met (315 >= 300), ind-2 not met (65 < 70), ind-3 met (12 <= 15), ind-4 and ind-5 no data.
    expect(summarise(input()).indicators).toEqual({ total: 5, met: 2, notMet: 1, noData: 2 });
  });

  it("does not count a count indicator's earlier years towards its final target", () => {
    const only2027 = reports.map((r) =>
      r.periodIndex === 5
        ? { ...r, indicatorActuals: [{ indicatorId: "ind-1", value: 0, disaggregation: {} }] }
        : r,
    );
    // 80 + 70 + 90 + 0 = 240 in 2027 (the 60 of 2026 does not count): not met.
    expect(
      summarise(input({ reports: only2027, indicators: [anIndicator(ref, "ind-1")] })).indicators,
    ).toEqual({
      total: 1,
      met: 0,
      notMet: 1,
      noData: 0,
    });
  });

  it("names the periods closed without a lead agency's report, falling back on the activities running in them", () => {
    expect(summarise(input()).periods).toEqual({
      total: 6,
      withMissingReports: 2,
      missing: [
        { index: 3, label: "Q2 2027", agencies: [labour] },
        { index: 5, label: "Q4 2027", agencies: [labour] },
      ],
    });
  });

  it("counts a late report as delivered", () => {
    const late = aReport(ref, 3, labour, [{ activityId: "act-2", status: "delayed" }]);
    expect(summarise(input({ reports: [...reports, late] })).periods.withMissingReports).toBe(1);
  });

  it("keeps currencies apart when budgets use several, and counts spend on a removed activity in the main one", () => {
    const mixed = [
      anActivity(ref, "act-1", { budget: kes(4_000_000) }),
      anActivity(ref, "act-9", {
        budget: { amount: 50_000, currency: "USD", source: "donor", donorName: "GIZ", funded: true },
      }),
    ];
    const spent = [
      aReport(ref, 0, police, [
        { activityId: "act-1", status: "on_track", spend: 1_000_000 },
        { activityId: "act-9", status: "on_track", spend: 10_000 },
        // act-7 was removed by an amendment after this report; the money was still spent.
        { activityId: "act-7", status: "cancelled", spend: 250_000 },
      ]),
    ];
    expect(summarise(input({ activities: mixed, reports: spent })).budget).toEqual({
      planned: 4_050_000,
      spent: 1_260_000,
      currency: null,
      byCurrency: [
        { currency: "KES", planned: 4_000_000, spent: 1_250_000 },
        { currency: "USD", planned: 50_000, spent: 10_000 },
      ],
    });
  });

  it("holds no counts of people and no person's name or id", () => {
    const json = JSON.stringify(summarise(input()));
    expect(json).not.toMatch(/"sub"|dev-member|submittedBy|"by"/);
  });
});

describe("the last reported status of an activity", () => {
  it("follows the periods, not the order reports were stored in", () => {
    const early = aReport(ref, 0, police, [{ activityId: "act-1", status: "on_track" }]);
    const later = aReport(ref, 4, police, [{ activityId: "act-1", status: "completed" }]);
    expect(latestActivityStatuses([later, early]).get("act-1")).toBe("completed");
  });
});
