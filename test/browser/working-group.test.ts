import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { fillAssessment } from "../e2e/cycle-fixtures.js";
import { apiClient, eventually, expectStatus } from "../support/api-client.js";
import {
  type Chromium,
  focused,
  launchChromium,
  newPersona,
  screenshot,
  signInAs,
  tabTo,
  unlabelledControls,
  validationMessage,
} from "./chromium.js";

// The working group's first stage in a real browser against the whole local stack: the coordinator creates a cycle
// and answers part of the assessment in the pages (the rest through the API, for speed), submits; a ministry
// returns it (the form refuses an empty reason), then both ministries approve; a donor reads the approved version
// and is refused the draft. One flow is done with the keyboard only.
describe("the working group in the browser", () => {
  let stack: LocalStack;
  let stateDir: string;
  let chromium: Chromium;
  let api: ReturnType<typeof apiClient>;
  let coordinator: Page;
  let cycleId = "";
  const shots: string[] = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-browser-"));
    [stack, chromium] = await Promise.all([
      startLocalStack({ port: 0, dataDir: "memory", stateDir }),
      launchChromium(),
    ]);
    api = apiClient(stack.url);
    coordinator = (await newPersona(chromium.browser, stack.url)).page;
  });

  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
    console.info(`screenshots:\n${shots.join("\n")}`);
  });

  const coordinatorToken = () =>
    stack.issuer.mint({ role: "coordinator", country: "KEN", name: "Amina Otieno" });

  it("signs the coordinator in and creates a cycle from the form", async () => {
    await coordinator.goto("/app");
    // Not signed in: the pages send people to the sign-in page, and back where they were afterwards.
    expect(new URL(coordinator.url()).pathname).toBe("/sign-in");
    shots.push(await screenshot(coordinator, "01-sign-in"));
    expect(await unlabelledControls(coordinator)).toEqual([]);
    await signInAs(coordinator, "Amina Otieno");
    await expect(coordinator.getByTestId("signed-in-as").textContent()).resolves.toContain(
      "National coordinator",
    );

    await coordinator.getByRole("link", { name: "New cycle" }).first().click();
    await coordinator
      .getByLabel("Title of the cycle")
      .fill("National action plan against trafficking 2027-2029");
    await coordinator.getByLabel(/Trafficking in persons/).check();
    await coordinator.getByLabel("Plan period: first day").fill("2027-01-01");
    await coordinator.getByLabel("Plan period: last day").fill("2029-12-31");
    await coordinator
      .getByLabel("Ministries that approve each stage")
      .fill("ministry-of-justice, ministry-of-interior");
    expect(await unlabelledControls(coordinator)).toEqual([]);
    await coordinator.getByRole("button", { name: "Create the cycle" }).click();
    await coordinator.waitForURL(/\/app\/cycles\/[0-9A-Z]{26}$/);
    cycleId = new URL(coordinator.url()).pathname.split("/").at(-1) ?? "";
    await expect(coordinator.getByRole("status").textContent()).resolves.toContain("is created");
    await expect(coordinator.getByTestId("waiting-on").textContent()).resolves.toContain("the working group");
    shots.push(await screenshot(coordinator, "03-cycle-overview"));

    await coordinator.getByRole("link", { name: "Home" }).first().click();
    await expect(
      coordinator.getByRole("link", { name: /National action plan against trafficking/ }).count(),
    ).resolves.toBe(1);
    shots.push(await screenshot(coordinator, "02-home"));
  });

  it("answers measures in the grid, with the server's errors next to the field", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}/assessment`);
    await coordinator.getByLabel("Pillar", { exact: true }).selectOption("PROS");
    await coordinator.getByRole("button", { name: "Filter" }).click();
    await coordinator.waitForURL(/pillar=PROS/);
    expect(await unlabelledControls(coordinator)).toEqual([]);

    await coordinator.getByRole("link", { name: "Answer TIP.PROS.1.1" }).click();
    await coordinator.getByLabel("Status").selectOption("absent");
    await coordinator.getByLabel("Gap severity").selectOption("0");
    await coordinator
      .getByLabel("Evidence")
      .fill("The penal code criminalises forced labour only (art. 266).");
    await coordinator.getByLabel("Source").fill("Penal code review, 2026");
    await coordinator.getByRole("button", { name: "Save the answer" }).click();
    // An absent measure cannot have severity 0: the server says so next to the field, and keeps what was typed.
    const severity = coordinator.getByLabel("Gap severity");
    await expect(severity.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(coordinator.locator("#f-severity-error").textContent()).resolves.toContain("must be 1-3");
    await expect(coordinator.getByLabel("Evidence").inputValue()).resolves.toContain("forced labour only");
    await severity.selectOption("3");
    await coordinator.getByRole("button", { name: "Save the answer" }).click();
    await coordinator.waitForURL(/\/assessment\?.*pillar=PROS/);
    await expect(coordinator.getByRole("status").textContent()).resolves.toContain("TIP.PROS.1.1 is saved");
    await expect(coordinator.locator('[id="m-TIP.PROS.1.1"]').textContent()).resolves.toContain("Absent");
    shots.push(await screenshot(coordinator, "04-assessment-grid", false));
  });

  it("answers a measure with the keyboard only", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}/assessment?pillar=PROS`);
    // The skip link is the first stop and moves the focus to the main content.
    await coordinator.keyboard.press("Tab");
    await expect(focused(coordinator)).resolves.toMatchObject({ text: "Skip to main content" });
    await coordinator.keyboard.press("Enter");
    await expect(focused(coordinator)).resolves.toMatchObject({ id: "main" });

    await tabTo(coordinator, coordinator.getByRole("link", { name: "Answer TIP.PROS.1.2" }), 200);
    await coordinator.keyboard.press("Enter");
    await coordinator.waitForURL(/TIP\.PROS\.1\.2/);
    await tabTo(coordinator, coordinator.getByLabel("Status"));
    await coordinator.keyboard.type("Partly");
    await coordinator.keyboard.press("Tab");
    await coordinator.keyboard.type("2");
    await coordinator.keyboard.press("Tab");
    await coordinator.keyboard.type("Covered for children, not for adults.");
    await tabTo(coordinator, coordinator.getByRole("button", { name: "Save the answer" }));
    await coordinator.keyboard.press("Enter");
    await coordinator.waitForURL(/\/assessment\?.*pillar=PROS/);
    const row = await coordinator.locator('[id="m-TIP.PROS.1.2"]').textContent();
    expect(row).toContain("Partly in place");
    expect(row).toContain("Covered for children");
  });

  it("submits the assessment once every measure is answered", async () => {
    const token = await coordinatorToken();
    await fillAssessment(api, token, cycleId);
    await coordinator.goto(`/app/cycles/${cycleId}/assessment`);
    await coordinator.getByRole("button", { name: "Submit the Needs assessment for approval" }).click();
    await coordinator.waitForURL(new RegExp(`/app/cycles/${cycleId}$`));
    await expect(coordinator.getByRole("status").textContent()).resolves.toContain("is submitted");
    await expect(coordinator.getByTestId("waiting-on").textContent()).resolves.toContain(
      "ministry-of-justice",
    );
  });

  it("lets a ministry return it only with a reason", async () => {
    const { page: justice, context } = await newPersona(chromium.browser, stack.url);
    await signInAs(justice, "John Kamau");
    await justice.getByRole("link", { name: "Approvals" }).click();
    shots.push(await screenshot(justice, "05-approvals"));
    await justice.getByRole("link", { name: /National action plan against trafficking/ }).click();
    await justice.waitForURL(/\/stages\/assessment\/review$/);
    await expect(
      justice.getByRole("heading", { name: "The content submitted for approval" }).count(),
    ).resolves.toBe(1);
    expect(await unlabelledControls(justice)).toEqual([]);
    shots.push(await screenshot(justice, "06-review", false));

    // An empty reason: the browser refuses to send the form.
    const url = justice.url();
    const reason = justice.getByLabel("Reason for returning");
    await justice.getByRole("button", { name: "Return with this reason" }).click();
    expect(justice.url()).toBe(url);
    await expect(validationMessage(reason)).resolves.not.toBe("");

    await reason.fill("Evidence for the prosecution pillar is missing sources.");
    await justice.getByRole("button", { name: "Return with this reason" }).click();
    await justice.waitForURL(/\/app\/approvals$/);
    await expect(justice.getByRole("status").textContent()).resolves.toContain("returned");
    await context.close();

    await coordinator.goto(`/app/cycles/${cycleId}`);
    await expect(coordinator.getByTestId("return-reason").textContent()).resolves.toContain(
      "missing sources",
    );
  });

  it("approves the resubmitted assessment with both ministries, one by keyboard", async () => {
    await coordinator.getByRole("button", { name: "Submit the Needs assessment for approval" }).click();
    await expect(coordinator.getByRole("status").textContent()).resolves.toContain("is submitted");

    const { page: justice, context: justiceContext } = await newPersona(chromium.browser, stack.url);
    await signInAs(justice, "John Kamau");
    await justice.goto(`/app/cycles/${cycleId}/stages/assessment/review`);
    await justice.getByRole("button", { name: "Approve" }).click();
    await justice.waitForURL(/\/app\/approvals$/);
    await justiceContext.close();

    const { page: interior, context: interiorContext } = await newPersona(chromium.browser, stack.url);
    await signInAs(interior, "Grace Wanjiru");
    await interior.goto(`/app/cycles/${cycleId}/stages/assessment/review`);
    await tabTo(interior, interior.getByRole("button", { name: "Approve" }), 120);
    await interior.keyboard.press("Enter");
    await interior.waitForURL(/\/app\/approvals$/);
    await expect(interior.getByTestId("no-approvals").count()).resolves.toBe(1);
    await interiorContext.close();

    // The workflow freezes the approved content as version 1.
    const token = await coordinatorToken();
    await eventually(async () => {
      const res = await api.get<{ stages: { stage: string; versionNumber?: number }[] }>(
        `/cycles/${cycleId}`,
        token,
      );
      return res.body.stages.find((s) => s.stage === "assessment")?.versionNumber === 1 ? true : undefined;
    }, "version 1 of the assessment");
  });

  it("shows a donor the approved version and refuses the drafts", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}`);
    await coordinator.getByLabel(/Donor organisation identifier/).fill("eu-delegation");
    await coordinator.getByRole("button", { name: "Share", exact: true }).click();
    await expect(coordinator.getByRole("status").textContent()).resolves.toContain(
      "shared with eu-delegation",
    );

    const { page: donor, context } = await newPersona(chromium.browser, stack.url);
    await signInAs(donor, "Sofia Rossi");
    await donor.getByRole("link", { name: /National action plan against trafficking/ }).click();
    await donor.getByRole("link", { name: /Version 1, approved/ }).click();
    await donor.waitForURL(/\/versions\/1$/);
    await expect(donor.getByRole("heading", { name: "Needs assessment: version 1" }).count()).resolves.toBe(
      1,
    );
    const content = await donor.locator("main").textContent();
    expect(content).toContain("forced labour only");
    // People are not part of what a donor sees: no name of who answered or signed.
    expect(content).not.toContain("Amina Otieno");
    expect(content).not.toContain("John Kamau");
    shots.push(await screenshot(donor, "07-version-donor", false));

    // The work in progress is not the donor's to read: the grid, the review and the priorities' draft are refused.
    for (const path of [
      `/app/cycles/${cycleId}/assessment`,
      `/app/cycles/${cycleId}/stages/priorities/review`,
      `/app/cycles/${cycleId}/stages/priorities/versions/1`,
    ]) {
      const res = await donor.goto(path);
      expect([403, 404], path).toContain(res?.status());
      await expect(donor.locator("main").textContent()).resolves.not.toContain("forced labour");
    }
    await context.close();
  });

  it("shows the audit trail and the version to the coordinator, and lays out right-to-left in Arabic", async () => {
    await coordinator.goto(`/app/cycles/${cycleId}/audit`);
    const trail = await coordinator.locator("#audit").textContent();
    expect(trail).toContain("stage.decision_recorded");
    expect(trail).toContain("Evidence for the prosecution pillar is missing sources.");
    shots.push(await screenshot(coordinator, "08-audit-trail"));

    await coordinator.goto(`/app/cycles/${cycleId}/stages/assessment/versions/1`);
    await expect(coordinator.locator("main").textContent()).resolves.toContain("ministry-of-interior");
    shots.push(await screenshot(coordinator, "09-version", false));

    await coordinator.goto(`/app/cycles/${cycleId}?lang=ar`);
    await expect(coordinator.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    await expect(coordinator.locator("html").getAttribute("lang")).resolves.toBe("ar");
    shots.push(await screenshot(coordinator, "10-overview-arabic"));
    // The choice sticks (a cookie) until another language is picked.
    await coordinator.goto("/app");
    await expect(coordinator.locator("html").getAttribute("dir")).resolves.toBe("rtl");
    await coordinator.goto("/app?lang=en");
    await expect(coordinator.locator("html").getAttribute("dir")).resolves.toBe("ltr");
  });

  it("shows the ministries an amendment as its difference from the approved version", async () => {
    const token = await coordinatorToken();
    const opened = await api.post(
      `/cycles/${cycleId}/stages/assessment/amendments`,
      token,
      { reason: "The new anti-trafficking act passed in parliament" },
      { "idempotency-key": `amend-${cycleId}` },
    );
    expectStatus(opened, 201);
    await coordinator.goto(`/app/cycles/${cycleId}/assessment/TIP.PROS.1.1`);
    await coordinator.getByLabel("Status").selectOption("in_place");
    await coordinator.getByLabel("Gap severity").selectOption("0");
    await coordinator.getByRole("button", { name: "Save the answer" }).click();
    await coordinator.goto(`/app/cycles/${cycleId}`);
    await coordinator.getByRole("button", { name: "Submit the Needs assessment for approval" }).click();
    await expect(coordinator.getByRole("status").textContent()).resolves.toContain("is submitted");

    const { page: justice, context } = await newPersona(chromium.browser, stack.url);
    await signInAs(justice, "John Kamau");
    await justice.goto(`/app/cycles/${cycleId}/stages/assessment/review`);
    const diff = await justice.getByTestId("diff").textContent();
    expect(diff).toContain("1 changed");
    expect(diff).toContain("TIP.PROS.1.1");
    expect(diff).toContain("absent");
    expect(diff).toContain("in_place");
    await expect(justice.locator("main").textContent()).resolves.toContain("anti-trafficking act");
    await justice
      .getByRole("heading", { name: "Changes since the approved version 1" })
      .scrollIntoViewIfNeeded();
    shots.push(await screenshot(justice, "11-review-amendment", false));
    await context.close();
  });

  it("leaves the JSON API as it was", async () => {
    const res = await api.get(`/cycles/${cycleId}`, await coordinatorToken());
    expectStatus(res, 200);
    // Without a session a page path redirects, while an API path still answers 401 in JSON.
    const page = await fetch(`${stack.url}/app`, { redirect: "manual" });
    expect(page.status).toBe(303);
    const unauthenticated = await api.get(`/cycles/${cycleId}`);
    expectStatus(unauthenticated, 401);
  });
});
