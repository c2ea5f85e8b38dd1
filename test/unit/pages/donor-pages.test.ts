import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCycleRef } from "../../support/fixtures.js";
import { seedSharedCycle } from "./donor-fixtures.js";
import { count, element, rowWith, textOf } from "./html.js";
import { createPageHarness, type PageHarness } from "./page-harness.js";

// The donors' pages: the approved plan from its frozen version, progress and budget charts with the small counts
// suppressed (in the chart and in its table), a period's reports with the per-period counts withheld, comments, and
// nothing for a cycle not shared with the donor.

describe("the donors' view of a shared cycle", () => {
  let h: PageHarness;
  const ref = newCycleRef();
  const donorPath = () => `/app/cycles/${ref.cycleId}/donor`;

  beforeAll(async () => {
    h = await createPageHarness();
    await seedSharedCycle(h.deps, ref);
  });
  afterAll(() => h.cleanup());

  it("shows the approved version of the plan with its timeline and totals", async () => {
    const page = await h.get(donorPath(), "donor");
    expect(page.status).toBe(200);
    expect(textOf(element(page.html, "p", "approved-version", "data-testid"))).toMatch(
      /^Version 1, approved on/,
    );
    expect(count(element(page.html, "section", "timeline"), /<g class="gantt-row" data-activity=/g)).toBe(4);
    expect(textOf(element(page.html, "table", "totals-pillar"))).toContain(
      "Protection USD 400,000 400,000 0",
    );
    expect(textOf(page.html)).toContain("Objective: Objective obj-pros");
  });

  it("shows a yearly count under the threshold as suppressed, in the chart and in its table, never the figure", async () => {
    const page = await h.get(donorPath(), "donor");
    const chart = element(page.html, "figure", "indicators-chart");
    const victims = [...chart.matchAll(/<g class="chart-row">[\s\S]*?<\/g>/g)]
      .map((m) => m[0])
      .find((row) => row.includes("Indicator ind-victims (2026)"));
    expect(victims).toBeDefined();
    // No bar for it, and its words say it is suppressed.
    expect(victims).not.toContain("<rect");
    expect(textOf(victims ?? "")).toContain("suppressed (<5)");
    const table = chart.slice(chart.indexOf("<table"));
    expect(textOf(rowWith(table, "Indicator ind-victims"))).toBe(
      "Indicator ind-victims (victims) 2026 suppressed (<5) 20 suppressed (<5) Sex: Female suppressed (<5), Male suppressed (<5)",
    );
    // A count above the threshold is shown.
    expect(textOf(table)).toContain("Indicator ind-trained (persons) 2026 60 100 60%");
  });

  it("withholds a period's counts from donors and names no official", async () => {
    const page = await h.get(`${donorPath()}/periods/0`, "donor");
    expect(page.status).toBe(200);
    const report = element(page.html, "article", "report-national-police");
    expect(textOf(rowWith(report, 'data-indicator="ind-victims"'))).toBe(
      "Indicator ind-victims suppressed (<5) suppressed (<5)",
    );
    expect(report).not.toContain("police-1");
    // The government sees the same report with its figures.
    const government = await h.get(`/app/cycles/${ref.cycleId}/monitoring/periods/0`, "coordinator");
    const shown = element(government.html, "article", "report-national-police");
    expect(textOf(rowWith(shown, 'data-indicator="ind-victims"'))).toBe(
      "Indicator ind-victims 3 Sex: Female 2, Male 1",
    );
  });

  it("posts a donor's comment on a period and shows it with the organisation, not the person", async () => {
    const posted = await h.post(
      `${donorPath()}/periods/0/comments`,
      { text: "Is the <border> training funded?" },
      "donor",
    );
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${donorPath()}/periods/0#comments`);
    const page = await h.get(`${donorPath()}/periods/0`, "donor");
    const comments = element(page.html, "ol", "comments", "data-testid");
    expect(textOf(comments)).toContain("Donor, giz");
    expect(comments).toContain("Is the &lt;border&gt; training funded?");
  });

  it("refuses an empty comment with the error next to the field", async () => {
    const res = await h.post(`${donorPath()}/periods/0/comments`, { text: "   " }, "donor");
    expect(res.status).toBe(400);
    expect(textOf(element(res.html, "span", "f-text-error"))).toBe("Error: must not be empty");
  });

  it("answers 404 for a cycle that is not shared with the donor's organisation", async () => {
    const other = newCycleRef();
    const unshared = await h.get(`/app/cycles/${other.cycleId}/donor`, "donor");
    expect(unshared.status).toBe(404);
  });
});
