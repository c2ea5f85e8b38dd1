import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCycleRef } from "../../support/fixtures.js";
import { seedSharedCycle } from "./donor-fixtures.js";
import { count, element, rowWith, textOf } from "./html.js";
import { createPageHarness, type PageHarness } from "./page-harness.js";

// The monitoring pages: the periods with their deadlines, the charts with their tables, a lead agency's report form
// (its activities and indicators, the errors of the schema and of the plan's rules on their fields), resubmission.

describe("the monitoring pages", () => {
  let h: PageHarness;
  const ref = newCycleRef();
  const base = () => `/app/cycles/${ref.cycleId}/monitoring`;
  /** The police's report for Q3 2026, as the form posts it. */
  const policeForm = (fields: Record<string, string> = {}) => ({
    expectedVersion: "1",
    "activities.0.activityId": "act-train",
    "activities.0.status": "on_track",
    "activities.0.percentComplete": "55",
    "activities.0.spend": "4000",
    "activities.0.narrative": "Third course held",
    "activities.1.activityId": "act-border",
    "activities.1.status": "delayed",
    "activities.1.percentComplete": "15",
    "activities.1.spend": "0",
    "activities.1.narrative": "",
    "indicatorActuals.0.indicatorId": "ind-victims",
    "indicatorActuals.0.value": "7",
    "indicatorActuals.0.disaggregation.sex.female": "4",
    "indicatorActuals.0.disaggregation.sex.male": "3",
    "indicatorActuals.1.indicatorId": "ind-trained",
    "indicatorActuals.1.value": "",
    narrative: "Courses on schedule; the border operation waits for boats.",
    ...fields,
  });

  beforeAll(async () => {
    h = await createPageHarness();
    await seedSharedCycle(h.deps, ref);
  });
  afterAll(() => h.cleanup());

  it("lists every reporting period with its state, due date and reports, linking the open one", async () => {
    const page = await h.get(base(), "coordinator");
    expect(page.status).toBe(200);
    const periods = element(page.html, "table", "periods");
    // Quarterly over four years.
    expect(count(periods, /<tr data-period=/g)).toBe(16);
    expect(textOf(rowWith(periods, 'data-period="0"'))).toMatch(
      /^Q3 2026 .* Open for reports .* 1 of 1 received None Report for Q3 2026$/,
    );
    expect(rowWith(periods, 'data-period="0"')).toContain(`href="${base()}/periods/0"`);
    expect(textOf(rowWith(periods, 'data-period="1"'))).toContain("Scheduled");
  });

  it("draws progress and spending as charts, each with the same figures as a table", async () => {
    const page = await h.get(base(), "coordinator");
    const progress = element(page.html, "figure", "progress-chart");
    expect(progress).toContain('role="img"');
    expect(textOf(rowWith(progress, "Whole plan"))).toMatch(/^Whole plan 4 /);
    const budget = element(page.html, "figure", "spend-chart-USD");
    expect(textOf(rowWith(budget, "Whole plan"))).toBe("Whole plan 550,000 3,000 0.5%");
    // The government sees the small count itself.
    expect(
      textOf(rowWith(element(page.html, "figure", "indicators-chart"), "Indicator ind-victims")),
    ).toContain("2026 3 20 15%");
  });

  it("gives a lead agency the form for its own activities and their indicators, with the declared breakdowns", async () => {
    const page = await h.get(`${base()}/periods/0/report`, "police");
    expect(page.status).toBe(200);
    const form = element(page.html, "form", "report-form");
    const activities = [...form.matchAll(/name="activities\.\d+\.activityId" value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(activities.sort()).toEqual(["act-border", "act-train"]);
    const indicators = [...form.matchAll(/name="indicatorActuals\.(\d+)\.indicatorId" value="([^"]+)"/g)];
    expect(indicators.map((m) => m[2]).sort()).toEqual(["ind-trained", "ind-victims"]);
    const victims = indicators.find((m) => m[2] === "ind-victims")?.[1];
    // ind-victims is broken down by sex, age and form of exploitation; each category is a labelled number field.
    expect(form).toContain(`name="indicatorActuals.${victims}.disaggregation.exploitation.forced_labour"`);
    expect(textOf(form)).toContain("Sex breakdown of Indicator ind-victims");
    // It starts from the report already in, at its version.
    expect(form).toContain('name="expectedVersion" value="1"');
    expect(form).toMatch(
      new RegExp(
        `name="indicatorActuals\\.${victims}\\.disaggregation\\.sex\\.female" type="number" value="2"`,
      ),
    );
  });

  it("puts the schema's errors and the plan's rule errors on the fields they are about", async () => {
    const bad = await h.post(
      `${base()}/periods/0/report`,
      policeForm({ "activities.0.percentComplete": "150" }),
      "police",
    );
    expect(bad.status).toBe(400);
    expect(textOf(element(bad.html, "span", "f-activities-0-percentComplete-error"))).toContain(
      "Error: Too big",
    );

    const rule = await h.post(
      `${base()}/periods/0/report`,
      policeForm({ "indicatorActuals.0.disaggregation.sex.male": "9" }),
      "police",
    );
    expect(rule.status).toBe(400);
    expect(textOf(rule.html)).toContain("the sex counts add up to 13, more than the value 7");
    expect(rule.html).toContain('href="#f-indicatorActuals-0-disaggregation-sex"');
  });

  it("replaces the agency's report from the form and shows the new figures on the period's page", async () => {
    const saved = await h.post(`${base()}/periods/0/report`, policeForm(), "police");
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${base()}/periods/0`);
    const period = await h.get(`${base()}/periods/0`, "coordinator");
    const report = element(period.html, "article", "report-national-police");
    expect(textOf(rowWith(report, 'data-indicator="ind-victims"'))).toBe(
      "Indicator ind-victims 7 Sex: Female 4, Male 3",
    );
    expect(textOf(rowWith(report, "Activity act-train"))).toBe(
      "Activity act-train On track 55% 4,000 Third course held",
    );
    // An indicator left empty is not reported this time.
    expect(report).not.toContain('data-indicator="ind-trained"');
  });

  it("lets the coordinator choose the agency to report for", async () => {
    const page = await h.get(`${base()}/periods/0/report`, "coordinator");
    expect(textOf(element(page.html, "ul", "agencies", "data-testid"))).toBe("Report for national-police");
  });
});
