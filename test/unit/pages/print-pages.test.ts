import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCycleRef } from "../../support/fixtures.js";
import { createPlanViaApi, FIXTURE_PLAN_PERIOD, seedPlanStage } from "../../support/plan-fixtures.js";
import { newCycleBody } from "../http/harness.js";
import { seedSharedCycle } from "./donor-fixtures.js";
import { element, textOf } from "./html.js";
import { createPageHarness, type PageHarness } from "./page-harness.js";

// The printable action plan: pillar -> objective -> activity -> indicator under one title, with its status (a working
// draft, or an approved version), totals and schedule, no forms; donors print only approved versions.

describe("the printable action plan", () => {
  let h: PageHarness;
  let draftId: string;
  const shared = newCycleRef();

  beforeAll(async () => {
    h = await createPageHarness();
    const created = await h.api(
      "POST",
      "/cycles",
      "coordinator",
      newCycleBody({ planPeriod: FIXTURE_PLAN_PERIOD }),
    );
    draftId = (created.body as { id: string }).id;
    await seedPlanStage(h.deps, { country: "KEN", cycleId: draftId });
    await createPlanViaApi((method, path, body) => h.api(method, path, "coordinator", body), draftId);
    await seedSharedCycle(h.deps, shared, { report: false });
  });
  afterAll(() => h.cleanup());

  it("prints the working draft pillar by pillar, objective, activity and indicator in that order", async () => {
    const page = await h.get(`/app/cycles/${draftId}/plan/print`, "coordinator");
    expect(page.status).toBe(200);
    expect(textOf(element(page.html, "dd", "print-status", "data-testid"))).toBe(
      "Working draft, not approved (Draft)",
    );
    const doc = textOf(page.html.slice(page.html.indexOf('id="print-doc-title"')));
    const order = [
      "Prosecution",
      "Objective: Bring the law and its enforcement in line with the Protocol",
      "Draft amendment covering all forms of exploitation",
      "Amendment adopted (Y/N)",
      "Protection",
      "Objective: Identify every victim",
    ].map((text) => doc.indexOf(text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // A document, not the editor: no forms and no edit links in it.
    const article = element(page.html, "article", "print-title", "aria-labelledby");
    expect(article).not.toContain("<form");
    expect(article).not.toContain("/plan/activity/");
    expect(article).toContain('id="totals-pillar"');
    expect(article).toContain('id="timeline-table"');
  });

  it("prints the approved version for a donor, with the version's number", async () => {
    const page = await h.get(`/app/cycles/${shared.cycleId}/plan/print`, "donor");
    expect(page.status).toBe(200);
    expect(textOf(element(page.html, "dd", "print-status", "data-testid"))).toMatch(
      /^Version 1, approved on/,
    );
    expect(textOf(page.html)).toContain("Activity act-train");
  });

  it("never prints a draft for a donor", async () => {
    // The draft cycle is not shared: to the donor it does not exist.
    expect((await h.get(`/app/cycles/${draftId}/plan/print`, "donor")).status).toBe(404);
  });

  it("puts the navigation and forms out of the printed page in the stylesheet's print section", async () => {
    const css = (await h.get("/assets/app.css")).html;
    const print = css.slice(css.indexOf("@media print"));
    expect(print).toMatch(
      /\.site-header, \.main-nav, \.cycle-nav, \.skip-link, \.no-print, form[^{]*\{ display: none !important; \}/,
    );
  });
});
