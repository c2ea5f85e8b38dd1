import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCycleBody, tipMeasureIds } from "../http/harness.js";
import { createPageHarness, type PageHarness } from "./page-harness.js";

// The pages call the core with the session's principal: the same rules and the same meanings as the API, as pages.
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("the cycle pages", () => {
  let h: PageHarness;
  let cycleId: string;

  beforeAll(async () => {
    h = await createPageHarness();
    const created = await h.api("POST", "/cycles", "coordinator", newCycleBody());
    cycleId = (created.body as { id: string }).id;
  });
  afterAll(() => h.cleanup());

  it("shows another country's cycle as not found, revealing nothing of it", async () => {
    for (const path of [
      `/app/cycles/${cycleId}`,
      `/app/cycles/${cycleId}/assessment`,
      `/app/cycles/${cycleId}/audit`,
    ]) {
      const res = await h.get(path, "mexico");
      expect(res.status, path).toBe(404);
      expect(res.html).not.toContain("National Action Plan");
    }
  });

  it("lists the coordinator's cycles with where each stands and whom it waits on", async () => {
    const res = await h.get("/app", "coordinator");
    expect(res.status).toBe(200);
    const page = text(res.html);
    expect(page).toContain("National Action Plan against Trafficking in Persons 2026-2030");
    expect(page).toContain("Needs assessment Draft");
    expect(page).toContain("the working group: drafting, then the coordinator submits");
  });

  it("keeps what was typed and names the field when an answer breaks a rule", async () => {
    const res = await h.post(
      `/app/cycles/${cycleId}/assessment/TIP.PROS.1.1`,
      { status: "not_applicable", severity: "2", evidence: "Kept text", source: "", expectedVersion: "" },
      "coordinator",
    );
    expect(res.status).toBe(400);
    expect(res.html).toMatch(
      /<select id="f-severity" name="severity" required="" aria-describedby="f-severity-hint f-severity-error" aria-invalid="true">/,
    );
    expect(text(res.html)).toContain("Error: must be 0 when status is not_applicable");
    expect(res.html).toContain("Kept text");
  });

  it("answers 409 when the answer changed since the form was read, keeping the person's input", async () => {
    const path = `/app/cycles/${cycleId}/assessment/TIP.PROS.1.3`;
    const first = await h.post(
      path,
      { status: "partial", severity: "1", evidence: "v1", source: "", expectedVersion: "" },
      "coordinator",
    );
    expect(first.status).toBe(303);
    const stale = await h.post(
      path,
      { status: "absent", severity: "3", evidence: "mine", source: "", expectedVersion: "" },
      "police",
    );
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain("already has an answer (version 1)");
    expect(stale.html).toContain("mine");
    // The form now carries the current version: saving again is a deliberate overwrite.
    expect(stale.html).toContain('name="expectedVersion" value="1"');
  });

  it("lets a member edit only their own agency's answers", async () => {
    await h.api("PUT", `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.4`, "labour", {
      answer: { status: "absent", severity: 2, evidence: "labour" },
    });
    const grid = await h.get(`/app/cycles/${cycleId}/assessment?pillar=PROS`, "police");
    expect(grid.html).not.toContain('Edit<span class="visually-hidden"> TIP.PROS.1.4');
    expect(grid.html).toContain('Answer<span class="visually-hidden"> TIP.PROS.1.5');
    const res = await h.post(
      `/app/cycles/${cycleId}/assessment/TIP.PROS.1.4`,
      { status: "in_place", severity: "0", evidence: "", source: "", expectedVersion: "1" },
      "police",
    );
    expect(res.status).toBe(403);
  });

  it("filters the grid and shows progress by pillar with its value as text", async () => {
    const res = await h.get(`/app/cycles/${cycleId}/assessment?pillar=PROT&status=unanswered`, "coordinator");
    const page = text(res.html);
    expect(page).toContain("TIP.PROT.1.1");
    expect(page).not.toContain("TIP.PROS.1.1 ");
    expect(res.html).toMatch(/<span class="visually-hidden">Prosecution: Completeness<\/span>/);
    expect(page).toMatch(/Prosecution: Completeness \d+(\.\d)?%/);
  });

  it("refuses a return without a reason on the server too, next to the field, and leaves the stage submitted", async () => {
    const rest = tipMeasureIds().filter((id) => !id.startsWith("TIP.PROS.1."));
    for (let i = 0; i < rest.length; i += 50) {
      const entries = rest
        .slice(i, i + 50)
        .map((measureId) => ({ measureId, answer: { status: "partial", severity: 1 } }));
      expect(
        (await h.api("POST", `/cycles/${cycleId}/assessment/bulk`, "coordinator", { entries })).status,
      ).toBe(200);
    }
    for (const id of tipMeasureIds().filter(
      (m) => m.startsWith("TIP.PROS.1.") && !["TIP.PROS.1.3", "TIP.PROS.1.4"].includes(m),
    )) {
      await h.post(
        `/app/cycles/${cycleId}/assessment/${id}`,
        { status: "unknown", severity: "1", evidence: "", source: "", expectedVersion: "" },
        "coordinator",
      );
    }
    const submitted = await h.post(`/app/cycles/${cycleId}/stages/assessment/submit`, {}, "coordinator");
    expect(submitted.status).toBe(303);

    const approvals = await h.get("/app/approvals", "justice");
    expect(text(approvals.html)).toContain("Must still sign");
    const health = await h.get("/app/approvals", "health");
    expect(text(health.html)).toContain("Nothing waits for your ministry's decision.");

    const res = await h.post(
      `/app/cycles/${cycleId}/stages/assessment/decision`,
      { decision: "return", reason: "  ", round: "1" },
      "justice",
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain('aria-invalid="true"');
    expect(text(res.html)).toContain("a reason (5 characters or more) is required to return a stage");
    const cycle = await h.api("GET", `/cycles/${cycleId}`, "coordinator");
    const stage = (cycle.body as { stages: { stage: string; state: string }[] }).stages.find(
      (s) => s.stage === "assessment",
    );
    expect(stage?.state).toBe("submitted");
  });

  it("does not let a donor read the draft, nor a cycle not shared with it", async () => {
    const unshared = await h.get(`/app/cycles/${cycleId}`, "donor");
    expect(unshared.status).toBe(404);
    await h.api("POST", `/cycles/${cycleId}/shares`, "coordinator", { organisation: "giz" });
    const overview = await h.get(`/app/cycles/${cycleId}`, "donor");
    expect(overview.status).toBe(200);
    expect(text(overview.html)).toContain("Not approved yet");
    const grid = await h.get(`/app/cycles/${cycleId}/assessment`, "donor");
    expect(grid.status).toBe(403);
    expect(grid.html).not.toContain("TIP.PROS.1.1");
    const review = await h.get(`/app/cycles/${cycleId}/stages/assessment/review`, "donor");
    expect(review.status).toBe(403);
  });

  it("pages through the audit trail", async () => {
    const created = await h.api(
      "POST",
      "/cycles",
      "coordinator",
      newCycleBody({ title: "A cycle with a long trail" }),
    );
    const id = (created.body as { id: string }).id;
    for (let version = 0; version < 55; version++) {
      const res = await h.api("PUT", `/cycles/${id}/assessment/entries/TIP.PROS.1.1`, "coordinator", {
        answer: { status: "unknown", severity: 1, evidence: `pass ${version}` },
        ...(version > 0 ? { expectedVersion: version } : {}),
      });
      expect(res.status).toBe(200);
    }
    const res = await h.get(`/app/cycles/${id}/audit`, "coordinator");
    expect(res.status).toBe(200);
    const next = /<a href="([^"]+)" rel="next">/.exec(res.html)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toBeDefined();
    const first = text(res.html);
    expect(first).toContain("cycle.created");
    const later = await h.get(next ?? "", "coordinator");
    expect(later.status).toBe(200);
    // 56 events: the creation and 55 answers; the second page holds the last 6.
    expect(text(later.html)).toContain("6 further events");
    expect(text(later.html)).not.toContain("cycle.created");
    expect(text(later.html)).toContain("First page");
  });

  it("creates a cycle from the form, naming every bad field", async () => {
    const bad = await h.post(
      "/app/cycles/new",
      { title: "X", start: "2027-01-01", end: "2026-01-01", ministries: "", rule: "all" },
      "coordinator",
    );
    expect(bad.status).toBe(400);
    const page = text(bad.html);
    expect(page).toContain("Title of the cycle:");
    expect(page).toContain("Frameworks to assess:");
    expect(page).toContain("Plan period: last day: must be after start");
    const ok = await h.post(
      "/app/cycles/new",
      {
        title: "Second cycle",
        frameworks: "SOM",
        start: "2027-01-01",
        end: "2029-12-31",
        cadence: "annual",
        ministries: "ministry-of-justice",
        rule: "all",
      },
      "coordinator",
    );
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(/^\/app\/cycles\/[0-9A-Z]{26}$/);
    const member = await h.get("/app/cycles/new", "police");
    expect(member.status).toBe(403);
  });
});
