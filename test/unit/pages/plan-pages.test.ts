import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlanViaApi, FIXTURE_PLAN_PERIOD, seedPlanStage } from "../../support/plan-fixtures.js";
import { newCycleBody } from "../http/harness.js";
import { count, element, rowWith, textOf } from "./html.js";
import { createPageHarness, type PageHarness } from "./page-harness.js";

// The action plan editor as pages: the plan page's structure (validation, timeline, totals, the plan by pillar),
// creating an activity through the form and seeing it on the timeline and in the totals, the form's errors, what a
// member may edit, and text always escaped.

describe("the action plan pages", () => {
  let h: PageHarness;
  let cycleId: string;
  let ids: Record<string, string>;
  const planPath = () => `/app/cycles/${cycleId}/plan`;
  const activityForm = (fields: Record<string, string> = {}) => ({
    objectiveId: ids.prot ?? "",
    title: "Open two shelters for adult victims",
    description: "",
    leadAgency: "social-protection-department",
    partnerAgencies: "ministry-of-health",
    start: "2028-01-01",
    end: "2028-12-31",
    "budget.amount": "250000",
    "budget.currency": "USD",
    "budget.source": "donor",
    "budget.donorName": "GIZ",
    "budget.funded": "no",
    measureIds: "TIP.PROT.1.3",
    "priority.TIP.PROT.1.3": "on",
    ...fields,
  });

  beforeAll(async () => {
    h = await createPageHarness();
    const created = await h.api(
      "POST",
      "/cycles",
      "coordinator",
      newCycleBody({ frameworks: [{ id: "TIP" }], planPeriod: FIXTURE_PLAN_PERIOD }),
    );
    cycleId = (created.body as { id: string }).id;
    await seedPlanStage(h.deps, { country: "KEN", cycleId });
    ids = await createPlanViaApi((method, path, body) => h.api(method, path, "coordinator", body), cycleId);
  });
  afterAll(() => h.cleanup());

  it("shows the validation, a timeline bar and a table row per activity, the totals and the plan by pillar", async () => {
    const page = await h.get(planPath(), "coordinator");
    expect(page.status).toBe(200);
    const timeline = element(page.html, "section", "timeline");
    expect(count(timeline, /<g class="gantt-row" data-activity=/g)).toBe(6);
    expect(count(element(timeline, "table", "timeline-table"), /<tr data-activity=/g)).toBe(6);
    expect(timeline).toMatch(
      /<svg[^>]*role="img"[^>]*aria-labelledby="timeline-svg-title timeline-svg-desc"/,
    );
    expect(textOf(rowWith(element(timeline, "table", "timeline-table"), `"${ids.law}"`))).toContain(
      "Q1 2027 – Q4 2027",
    );

    const totals = element(page.html, "section", "totals");
    expect(textOf(element(totals, "table", "totals-pillar"))).toContain("Prosecution USD 165,000 165,000 0");
    expect(textOf(element(totals, "table", "totals-pillar"))).toContain("Prevention KES 8,000,000");
    expect(textOf(element(totals, "table", "totals-source"))).toContain(
      "European Union USD 120,000 120,000 0",
    );
    expect(textOf(element(totals, "table", "totals-year"))).toContain("2027");
    // One budget chart per currency, each an image with a text equivalent.
    expect(count(totals, /<figure class="chart" id="budget-chart-/g)).toBe(3);

    const validation = textOf(element(page.html, "section", "validation"));
    expect(validation).toContain("No errors: the plan can be submitted to the ministries.");
    // The plan by pillar, in the Framework's order, with the coordinator's edit links.
    const doc = textOf(page.html.slice(page.html.indexOf('id="doc-title"')));
    expect(doc.indexOf("Prosecution")).toBeGreaterThan(-1);
    expect(doc.indexOf("Prosecution")).toBeLessThan(doc.indexOf("Protection"));
    expect(page.html).toContain(`href="/app/cycles/${cycleId}/plan/activity/${ids.law}"`);
    expect(page.html).toContain(`href="/app/cycles/${cycleId}/plan/objective/${ids.pros}"`);
  });

  it("creates an activity through the form; it appears on the timeline and in the totals", async () => {
    const before = await h.get(planPath(), "coordinator");
    expect(textOf(element(before.html, "table", "totals-source"))).not.toContain("GIZ USD");

    const saved = await h.post(`${planPath()}/activity/new`, activityForm(), "coordinator");
    expect(saved.status).toBe(303);
    const id = saved.location?.match(/#activity-(\w+)$/)?.[1] ?? "";
    expect(saved.location).toBe(`${planPath()}#activity-${id}`);

    expect(saved.headers.get("set-cookie")).toContain("ffa_flash=");
    const after = await h.get(planPath(), "coordinator");
    const timeline = element(after.html, "section", "timeline");
    expect(timeline).toContain(`<g class="gantt-row" data-activity="${id}">`);
    expect(count(timeline, /<g class="gantt-row" data-activity=/g)).toBe(7);
    expect(textOf(rowWith(element(timeline, "table", "timeline-table"), id))).toContain("Q1 2028 – Q4 2028");
    // Donor money, unfunded: under GIZ, and in the Protection pillar's unfunded column (200,000 + 250,000).
    expect(textOf(element(after.html, "table", "totals-source"))).toContain("GIZ USD 250,000 0 250,000");
    expect(textOf(element(after.html, "table", "totals-pillar"))).toContain(
      "Protection USD 450,000 0 450,000",
    );
  });

  it("gives the form back with each error next to its field and the values as typed", async () => {
    const res = await h.post(
      `${planPath()}/activity/new`,
      activityForm({ title: "Mobile <b>clinics</b>", end: "2027-12-31", "budget.currency": "dollars" }),
      "coordinator",
    );
    expect(res.status).toBe(400);
    expect(textOf(element(res.html, "span", "f-end-error"))).toBe("Error: must not be before start");
    expect(res.html).toMatch(
      /<input id="f-end" name="end" required="" aria-describedby="f-end-error" aria-invalid="true"/,
    );
    expect(textOf(res.html)).toContain("must be an ISO 4217 currency code like USD");
    // What the person typed is kept, escaped.
    expect(res.html).toContain('value="Mobile &lt;b&gt;clinics&lt;/b&gt;"');
    expect(res.html).not.toContain("<b>clinics</b>");
  });

  it("marks an activity that starts before its dependency ends, in the chart and in the table", async () => {
    const saved = await h.post(
      `${planPath()}/activity/new`,
      activityForm({
        title: "Early training",
        objectiveId: ids.pros ?? "",
        start: "2027-06-01",
        end: "2027-09-30",
        [`dependsOn.${ids.law}`]: "on",
        "budget.amount": "",
        "budget.currency": "",
        "budget.donorName": "",
      }),
      "coordinator",
    );
    expect(saved.status).toBe(303);
    const id = saved.location?.match(/#activity-(\w+)$/)?.[1] ?? "";
    const page = await h.get(planPath(), "coordinator");
    const bar = element(page.html, "g", id, "data-activity");
    expect(bar).toContain('class="gantt-bar gantt-warn"');
    expect(textOf(bar)).toContain("⚠");
    const row = rowWith(element(page.html, "table", "timeline-table"), id);
    expect(textOf(row)).toMatch(
      /Warning: activity "Early training" starts 2027-06-01, before "Draft amendment/,
    );
    // The dependency itself, by its title.
    expect(textOf(row)).toContain(
      "Q2 2027 – Q3 2027 Draft amendment covering all forms of exploitation Warning",
    );
    // No budget is an error of the plan: the validation says the plan cannot be submitted.
    expect(textOf(element(page.html, "section", "validation"))).toContain(
      'activity "Early training" has no budget',
    );
    // Each finding links to the item it is about.
    expect(element(page.html, "ul", "validation-errors", "data-testid")).toContain(
      `<a href="#activity-${id}">activity &quot;Early training&quot; has no budget</a>`,
    );
  });

  it("edits an indicator from its own page, at the version read, then deletes it", async () => {
    const path = `${planPath()}/indicator/${ids["mla-requests"]}`;
    const form = await h.get(path, "coordinator");
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Mutual legal assistance requests executed"');
    const version = form.html.match(/id="item-form"[\s\S]*?name="expectedVersion" value="(\d+)"/)?.[1] ?? "";
    const fields = {
      expectedVersion: version,
      attachedTo: `activity:${ids["central-authority"]}`,
      name: "Mutual legal assistance requests answered",
      type: "output",
      unit: "requests",
      isCount: "yes",
      "baseline.value": "0",
      "baseline.year": "2026",
      "target.2028": "12",
      meansOfVerification: "Central authority register",
    };
    expect((await h.post(path, fields, "coordinator")).status).toBe(303);
    const after = await h.get(planPath(), "coordinator");
    expect(textOf(element(after.html, "tr", `indicator-${ids["mla-requests"]}`))).toContain(
      "Mutual legal assistance requests answered",
    );
    // The version read is now stale: saving again with it is refused, not silently overwritten.
    expect((await h.post(path, fields, "coordinator")).status).toBe(409);
    const deleted = await h.post(
      `${path}/delete`,
      { expectedVersion: String(Number(version) + 1) },
      "coordinator",
    );
    expect(deleted.status).toBe(303);
    expect((await h.get(planPath(), "coordinator")).html).not.toContain(`indicator-${ids["mla-requests"]}`);
  });

  it("lets a member edit only the activities its agency leads, and no objective", async () => {
    const page = await h.get(planPath(), "police");
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/app/cycles/${cycleId}/plan/activity/${ids.training}"`);
    expect(page.html).not.toContain(`href="/app/cycles/${cycleId}/plan/activity/${ids.law}"`);
    expect(page.html).not.toContain(`/plan/objective/`);
  });

  it("escapes what people wrote wherever the plan shows it", async () => {
    const saved = await h.post(
      `${planPath()}/objective/new`,
      {
        title: '<script>alert("x")</script> & more',
        description: "<img src=x onerror=alert(1)>",
        pillar: "PREV",
      },
      "coordinator",
    );
    expect(saved.status).toBe(303);
    const page = await h.get(planPath(), "coordinator");
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).not.toContain("<img src=x");
    expect(page.html).toContain("Objective: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
  });
});
