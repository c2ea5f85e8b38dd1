import { describe, expect, it } from "vitest";
import { reportingPeriods, roundOpensAt } from "../../../functions/core/period.js";

describe("reporting periods", () => {
  it("cuts a three-year plan into twelve calendar quarters named as people name them", () => {
    const periods = reportingPeriods({ start: "2027-01-01", end: "2029-12-31" }, "quarterly");
    expect(periods).toHaveLength(12);
    expect(periods[0]).toEqual({ index: 0, label: "Q1 2027", start: "2027-01-01", end: "2027-03-31" });
    expect(periods[11]).toEqual({ index: 11, label: "Q4 2029", start: "2029-10-01", end: "2029-12-31" });
  });

  it("aligns on the plan's start and shortens the last period to the plan's end", () => {
    const periods = reportingPeriods({ start: "2027-02-15", end: "2027-12-31" }, "semiannual");
    expect(periods.map((p) => [p.start, p.end, p.label])).toEqual([
      ["2027-02-15", "2027-08-14", "Period 1"],
      ["2027-08-15", "2027-12-31", "Period 2"],
    ]);
  });

  it("handles monthly and annual cadences", () => {
    expect(reportingPeriods({ start: "2027-01-01", end: "2027-12-31" }, "monthly")).toHaveLength(12);
    const annual = reportingPeriods({ start: "2027-01-01", end: "2029-12-31" }, "annual");
    expect(annual.map((p) => p.label)).toEqual(["2027", "2028", "2029"]);
  });

  it("opens a period's report round the day after it ends", () => {
    const [first] = reportingPeriods({ start: "2027-01-01", end: "2027-12-31" }, "quarterly");
    expect(first && roundOpensAt(first)).toBe("2027-04-01T00:00:00.000Z");
  });
});
