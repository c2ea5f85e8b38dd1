import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NARRATIVE_WITH_MARKUP } from "../../support/export-fixtures.js";
import { createExportHarness, type ExportHarness } from "./export-harness.js";
import { cellOf, openWorkbook, records, sheet } from "./workbook.js";

// The monitoring report of a period and the final report of a cycle, read back. Q4 2027 is period 3: the data
// centre never reported for it (overdue, escalated); victims identified in 2027 are 28 + 35 + 31 = 94, of whom 4
// male, against a population of 55.1 million: 94 / 551 = 0.171 per 100,000.

describe("the monitoring report of a period", () => {
  let h: ExportHarness;
  const report = (index: number, query = "") =>
    `/cycles/${h.cycleId}/exports/periods/${index}/report${query}`;

  beforeAll(async () => {
    h = await createExportHarness();
  });
  afterAll(() => h.cleanup());

  it("is a printable document with progress, reporting, budget, indicators, SDG 16.2.2 and the narrative", async () => {
    const res = await h.download(report(3), "coordinator");
    const doc = res.text;

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(
      `monitoring-report-KEN-${h.cycleId}-Q4-2027.html`,
    );
    for (const heading of [
      "Progress by pillar and objective",
      "Activities: status as last reported, and spend against budget",
      "Reports for Q4 2027",
      "Budget: planned against reported spend",
      "Indicator performance tracking: targets and actuals per year",
      "SDG 16.2.2: victims of trafficking per 100,000 population",
      "What the lead agencies reported",
    ]) {
      expect(doc).toContain(`<h2>${heading}</h2>`);
    }
    expect(doc).toMatch(/<td>Reports missing<\/td><td>National Crime Research Centre<\/td>/);
    expect(doc).toMatch(/<td>Escalated to the coordinator<\/td><td>National Crime Research Centre<\/td>/);
    expect(doc).toContain("Third desk opened in Nairobi; guidelines &amp; forms &lt;revised&gt;.");
    expect(doc).not.toContain(NARRATIVE_WITH_MARKUP);
  });

  it("shows the figures as they stood at the end of the period, not as they stand today", async () => {
    const wb = await openWorkbook((await h.download(report(1, "?format=xlsx"), "coordinator")).bytes);
    const activities = sheet(wb, "Activities");

    // The amendment was 45 % done in Q2 2027; it was completed in Q4.
    expect(cellOf(activities, "Activity ID", "law", "% complete").value).toBeCloseTo(0.45, 5);
    expect(cellOf(activities, "Activity ID", "law", "Last reported").value).toBe("Q2 2027");
    expect(cellOf(activities, "Activity ID", "law", "Spent").value).toBe(15_000);
    const years = records(sheet(wb, "Tracking")).map((r) => r.Year);
    expect(new Set(years)).toEqual(new Set([2027]));
  });

  it("gives SDG 16.2.2 per 100,000, and suppresses the small male count for a donor", async () => {
    const government = await openWorkbook((await h.download(report(3, "?format=xlsx"), "coordinator")).bytes);
    const donor = await openWorkbook((await h.download(report(3, "?format=xlsx"), "donor")).bytes);
    const sdg2027 = (wb: typeof government) => records(sheet(wb, "SDG 16.2.2")).find((r) => r.Year === 2027);

    expect(sdg2027(government)).toMatchObject({ Victims: 94, "Rate per 100,000": 0.171, "Male victims": 4 });
    expect(sdg2027(donor)).toMatchObject({
      Victims: 94,
      "Rate per 100,000": 0.171,
      "Male victims": null,
      "Male rate": null,
    });
    expect(records(sheet(donor, "Notes")).map((r) => r.Note)).toContain(
      "Victim counts under 5 are suppressed, with the rates computed from them.",
    );
  });

  it("answers 404 for a period the plan does not have", async () => {
    expect((await h.download(report(40), "coordinator")).status).toBe(404);
  });

  it("answers 404 for the final report while the cycle is still running", async () => {
    const res = await h.download(`/cycles/${h.cycleId}/exports/final-report`, "coordinator");

    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).message).toContain("has no final summary yet");
  });
});

describe("the final report of a closed cycle", () => {
  let h: ExportHarness;
  const final = (query = "") => `/cycles/${h.cycleId}/exports/final-report${query}`;

  beforeAll(async () => {
    h = await createExportHarness({ closed: true });
  });
  afterAll(() => h.cleanup());

  it("states the cycle's stored final summary", async () => {
    const summary = await h.call("GET", `/cycles/${h.cycleId}/summary`, { as: "coordinator" });
    const wb = await openWorkbook((await h.download(final("?format=xlsx"), "coordinator")).bytes);
    const field = (name: string) => records(sheet(wb, "Summary")).find((r) => r.Field === name)?.Value;
    const body = summary.body as {
      activities: { total: number; completed: number };
      indicators: { met: number; noData: number };
      periods: { withMissingReports: number };
    };

    expect(summary.status).toBe(200);
    expect(field("Activities")).toBe(body.activities.total);
    expect(field("Activities completed")).toBe(body.activities.completed);
    expect(field("Indicators whose final target was met")).toBe(body.indicators.met);
    expect(field("Indicators without data for their final target")).toBe(body.indicators.noData);
    expect(field("Periods with missing reports")).toBe(body.periods.withMissingReports);
    expect(field("Closed at")).toBe("2030-02-15T12:00:00.000Z");
  });

  it("lists every reporting period with its missing and overdue reports", async () => {
    const wb = await openWorkbook((await h.download(final("?format=xlsx"), "coordinator")).bytes);
    const periods = records(sheet(wb, "Reporting"));

    expect(periods).toHaveLength(12);
    expect(periods.find((p) => p.Period === "Q3 2027")).toMatchObject({
      Overdue: "Ministry of Labour",
      Missing: "none",
    });
    expect(periods.find((p) => p.Period === "Q4 2027")).toMatchObject({
      Missing: "National Crime Research Centre",
      Escalated: "National Crime Research Centre",
    });
  });

  it("reaches a donor the cycle is shared with, as a document, with the narrative of every period", async () => {
    const res = await h.download(final(), "donor");

    expect(res.status).toBe(200);
    expect(res.text).toContain(
      "<h1>National Action Plan against Trafficking in Persons 2026-2030: final report</h1>",
    );
    expect(res.text).toContain("Drafting committee set up; consultations began.");
    expect(res.text).toContain("Central authority designated by decree.");
    expect(res.text).not.toContain("dev-member-ken");
  });
});
