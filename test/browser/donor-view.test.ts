import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { newCycleRef } from "../support/fixtures.js";
import { seedSharedCycle } from "../unit/pages/donor-fixtures.js";
import {
  type Chromium,
  launchChromium,
  newPersona,
  screenshot,
  signInAs,
  unlabelledControls,
} from "./chromium.js";

// A donor and the working group follow monitoring in Chromium against the whole local stack. The cycle is stored
// as monitoring leaves it after its first report (the plan approved and frozen as version 1, shared with the EU
// delegation, Q3 2026 open, the police's report in with 3 victims identified, under the threshold of 5): the donor
// sees the approved plan and the small count as suppressed, comments on the period, and cannot open the draft plan;
// the police correct their report through the form; the coordinator reads the monitoring page.

describe("the donors' view and the monitoring pages in the browser", () => {
  let stack: LocalStack;
  let stateDir: string;
  let chromium: Chromium;
  const ref = newCycleRef();
  const shots: string[] = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-browser-donor-"));
    [stack, chromium] = await Promise.all([
      startLocalStack({ port: 0, dataDir: "memory", stateDir }),
      launchChromium(),
    ]);
    await seedSharedCycle(stack.deps, ref, { organisation: "eu-delegation" });
  });

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
    console.info(`screenshots:\n${shots.join("\n")}`);
  });

  it("shows a donor the approved plan and a count under the threshold as suppressed, then takes its comment", async () => {
    const { page: donor } = await newPersona(chromium.browser, stack.url);
    await signInAs(donor, "Sofia Rossi");
    await donor.goto(`/app/cycles/${ref.cycleId}/donor`);
    await expect(donor.getByTestId("approved-version").textContent()).resolves.toMatch(
      /^Version 1, approved on/,
    );
    await expect(donor.locator("g.gantt-row").count()).resolves.toBe(4);

    const chart = donor.locator("#indicators-chart");
    await chart.getByText("The figures as a table").click();
    const victims = chart.locator("tr", { hasText: "Indicator ind-victims" });
    await expect(victims.locator("td").nth(1).textContent()).resolves.toBe("suppressed (<5)");
    await expect(victims.textContent()).resolves.not.toMatch(/\b3\b/);
    // In the drawing too: the row's words, and no bar.
    await expect(chart.locator("svg text.chart-value", { hasText: "suppressed (<5)" }).count()).resolves.toBe(
      1,
    );
    shots.push(await screenshot(donor, "donor-01-approved-plan-and-progress"));

    await donor.getByRole("link", { name: "Q3 2026" }).click();
    await donor.waitForURL(/\/donor\/periods\/0$/);
    const report = donor.locator("#report-national-police tr", { hasText: "Indicator ind-victims" });
    await expect(report.textContent()).resolves.toContain("suppressed (<5)");
    expect(await unlabelledControls(donor)).toEqual([]);
    await donor
      .getByLabel("Your comment")
      .fill("Could the police report the training by county next quarter?");
    await donor.getByRole("button", { name: "Post the comment" }).click();
    await donor.waitForURL(/\/donor\/periods\/0#comments$/);
    await expect(donor.getByRole("status").first().textContent()).resolves.toContain(
      "Your comment is posted.",
    );
    const comments = donor.getByTestId("comments");
    await expect(comments.textContent()).resolves.toContain("by county next quarter");
    await expect(comments.textContent()).resolves.toContain("Donor, eu-delegation");
    shots.push(await screenshot(donor, "donor-02-period-comment"));

    // The draft plan is not the donor's to read.
    const draft = await donor.goto(`/app/cycles/${ref.cycleId}/plan`);
    expect(draft?.status()).toBe(403);
  });

  it("lets a lead agency correct its report through the form", async () => {
    const { page: police } = await newPersona(chromium.browser, stack.url);
    await signInAs(police, "Peter Mwangi");
    await police.goto(`/app/cycles/${ref.cycleId}/monitoring/periods/0/report`);
    expect(await unlabelledControls(police)).toEqual([]);
    await police.getByLabel("Per cent complete of Activity act-train").fill("65");
    await police.getByLabel("Value of Indicator ind-victims for this period").fill("8");
    await police
      .locator("#f-indicatorActuals-1-disaggregation-sex")
      .getByLabel("Female", { exact: true })
      .fill("5");
    await police
      .locator("#f-indicatorActuals-1-disaggregation-sex")
      .getByLabel("Male", { exact: true })
      .fill("3");
    shots.push(await screenshot(police, "monitoring-01-report-form"));
    await police.getByRole("button", { name: "Submit the corrected report" }).click();
    await police.waitForURL(/\/monitoring\/periods\/0$/);
    await expect(police.getByRole("status").first().textContent()).resolves.toContain("is saved");
    const row = police.locator("#report-national-police tr", { hasText: "Indicator ind-victims" });
    await expect(row.textContent()).resolves.toContain("Sex: Female 5, Male 3");
  });

  it("shows the coordinator the periods and progress against the targets, with the figures donors do not see", async () => {
    const { page: coordinator } = await newPersona(chromium.browser, stack.url);
    await signInAs(coordinator, "Amina Otieno");
    await coordinator.goto(`/app/cycles/${ref.cycleId}/monitoring`);
    await expect(coordinator.locator("#periods tr[data-period]").count()).resolves.toBe(16);
    // The government sees the count the donor does not.
    await expect(
      coordinator
        .locator("#indicators-chart svg text.chart-value", { hasText: "8 of 20 victims (40%)" })
        .count(),
    ).resolves.toBe(1);
    shots.push(await screenshot(coordinator, "monitoring-02-overview"));
  });
});
