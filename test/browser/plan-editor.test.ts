import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { openStage } from "../../functions/workflow/tasks/stage-tasks.js";
import { apiClient, expectStatus } from "../support/api-client.js";
import { createPlanViaApi, FIXTURE_PLAN_PERIOD, seedPlanStage } from "../support/plan-fixtures.js";
import {
  type Chromium,
  launchChromium,
  newPersona,
  screenshot,
  signInAs,
  unlabelledControls,
} from "./chromium.js";

// The action plan editor and the priorities in Chromium against the whole local stack. A cycle is brought to its
// action plan stage in the store (the earlier stages have their own browser test) with the realistic plan written
// through the API; the coordinator then adds an activity through the form and finds it on the timeline and in the
// budget totals, prints the plan, reads it right-to-left, and decides a candidate priority of another cycle.

describe("the action plan editor in the browser", () => {
  let stack: LocalStack;
  let stateDir: string;
  let chromium: Chromium;
  let coordinator: Page;
  let cycleId = "";
  const shots: string[] = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-browser-plan-"));
    [stack, chromium] = await Promise.all([
      startLocalStack({ port: 0, dataDir: "memory", stateDir }),
      launchChromium(),
    ]);
    const api = apiClient(stack.url);
    const token = await stack.issuer.mint({ role: "coordinator", country: "KEN", name: "Amina Otieno" });
    const created = await api.post<{ id: string }>("/cycles", token, {
      title: "National action plan against trafficking 2027-2029",
      frameworks: [{ id: "TIP" }],
      planPeriod: FIXTURE_PLAN_PERIOD,
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
    });
    expectStatus(created, 201);
    cycleId = created.body.id;
    await seedPlanStage(stack.deps, { country: "KEN", cycleId });
    await createPlanViaApi(
      async (method, path, body) =>
        method === "GET"
          ? api.get(path, token)
          : method === "PUT"
            ? api.put(path, token, body)
            : api.post(path, token, body),
      cycleId,
    );
    coordinator = (await newPersona(chromium.browser, stack.url)).page;
    await signInAs(coordinator, "Amina Otieno");
  });

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
    console.info(`screenshots:\n${shots.join("\n")}`);
  });

  it("creates an activity through the form and shows it on the timeline and in the totals", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}/plan`);
    await expect(coordinator.getByTestId("validation-status").textContent()).resolves.toContain(
      "can be submitted",
    );
    shots.push(await screenshot(coordinator, "plan-01-editor"));

    await coordinator.getByRole("link", { name: "Add an activity", exact: true }).click();
    await coordinator
      .getByLabel(/^Objective/)
      .selectOption({ label: "Identify every victim and refer them to assistance" });
    await coordinator.getByLabel("Title").fill("Open two shelters for adult victims");
    await coordinator.getByLabel("Lead agency").fill("social-protection-department");
    await coordinator.getByLabel("Partner agencies").fill("ministry-of-health");
    await coordinator.getByLabel("Start date").fill("2028-01-01");
    await coordinator.getByLabel("End date (the last day)").fill("2028-12-31");
    await coordinator.getByLabel("Amount").fill("250000");
    await coordinator.getByLabel("Currency").fill("USD");
    await coordinator.getByLabel("Source").selectOption("donor");
    await coordinator.getByLabel("Donor", { exact: true }).fill("Norway");
    await coordinator.getByLabel("Framework measures served").fill("TIP.PROT.1.3");
    await coordinator.getByLabel(/^TIP\.PROT\.1\.3 /).check();
    expect(await unlabelledControls(coordinator)).toEqual([]);
    shots.push(await screenshot(coordinator, "plan-02-activity-form"));
    await coordinator.getByRole("button", { name: "Save" }).click();

    await coordinator.waitForURL(/\/plan#activity-/);
    const id = new URL(coordinator.url()).hash.replace("#activity-", "");
    await expect(coordinator.getByRole("status").first().textContent()).resolves.toContain(
      "Saved: Open two shelters",
    );
    // On the timeline: its bar in the chart, and its row in the schedule.
    await expect(
      coordinator.locator(`g.gantt-row[data-activity="${id}"] rect.gantt-bar`).count(),
    ).resolves.toBe(1);
    const row = coordinator.locator(`#timeline-table tr[data-activity="${id}"]`);
    await expect(row.textContent()).resolves.toContain("Q1 2028 – Q4 2028");
    // In the totals: its donor, unfunded.
    const norway = coordinator.locator("#totals-source tr", { hasText: "Norway" });
    await expect(norway.textContent()).resolves.toMatch(/Norway\s*USD\s*250,000\s*0\s*250,000/);
    await coordinator.locator("#timeline").scrollIntoViewIfNeeded();
    shots.push(await screenshot(coordinator, "plan-03-timeline-after", false));
  });

  it("prints the plan without navigation or forms, pillar by pillar", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}/plan/print`);
    await coordinator.emulateMedia({ media: "print" });
    await expect(coordinator.locator("nav.main-nav").isVisible()).resolves.toBe(false);
    await expect(coordinator.locator("nav.cycle-nav").isVisible()).resolves.toBe(false);
    await expect(coordinator.getByRole("heading", { name: "Prosecution" }).isVisible()).resolves.toBe(true);
    await expect(coordinator.getByTestId("print-status").textContent()).resolves.toContain("Working draft");
    shots.push(await screenshot(coordinator, "plan-04-print"));
    await coordinator.emulateMedia({ media: "screen" });
  });

  it("lays the plan out right to left in Arabic", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}/plan?lang=ar`);
    await expect(coordinator.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    // The first bar starts at the right edge of the plot in a right-to-left page.
    const bar = coordinator.locator("g.gantt-row rect.gantt-bar").first();
    const box = await bar.boundingBox();
    const svg = await coordinator.locator("svg.gantt").boundingBox();
    expect(box && svg && box.x + box.width).toBeGreaterThan((svg?.x ?? 0) + (svg?.width ?? 0) / 2);
    shots.push(await screenshot(coordinator, "plan-05-editor-rtl", false));
    await coordinator.goto(`/app/cycles/${cycleId}/plan?lang=en`);
  });

  it("ranks the candidate priorities of another cycle and records a decision with its reason", async () => {
    const api = apiClient(stack.url);
    const token = await stack.issuer.mint({ role: "coordinator", country: "KEN", name: "Amina Otieno" });
    const created = await api.post<{ id: string }>("/cycles", token, {
      title: "Smuggling of migrants action plan 2027-2029",
      frameworks: [{ id: "SOM" }],
      planPeriod: FIXTURE_PLAN_PERIOD,
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
    });
    expectStatus(created, 201);
    const other = created.body.id;
    await openStage(stack.deps, { country: "KEN", cycleId: other, stage: "priorities", generation: 0 });

    await coordinator.goto(`/app/cycles/${other}/priorities`);
    const first = coordinator.locator("#ranked tbody tr").first();
    await expect(first.textContent()).resolves.toContain("Unmet obligation");
    expect(await unlabelledControls(coordinator)).toEqual([]);
    shots.push(await screenshot(coordinator, "priorities-01-ranked"));

    await first.getByRole("link").click();
    await coordinator.getByLabel("Expected impact").selectOption("3");
    await coordinator.getByRole("button", { name: "Save the ratings" }).click();
    await expect(coordinator.getByRole("status").first().textContent()).resolves.toContain("saved");
    await coordinator.getByLabel("Accept").check();
    await coordinator.getByRole("button", { name: "Record the decision" }).click();
    // The reason is mandatory: the browser's own check holds the form back while it is empty.
    await expect(coordinator.locator("#f-reason:invalid").count()).resolves.toBe(1);
    await coordinator.getByLabel("Reason").fill("A binding obligation the assessment found absent.");
    shots.push(await screenshot(coordinator, "priorities-02-candidate"));
    await coordinator.getByRole("button", { name: "Record the decision" }).click();
    await coordinator.waitForURL(/\/priorities#candidate-/);
    await expect(coordinator.getByRole("status").first().textContent()).resolves.toMatch(/: Accepted\.$/);
  });
});
