import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { newCycleBody } from "../http/harness.js";
import { count, element, rowsOf, textOf } from "./html.js";
import { createPageHarness, type PageHarness } from "./page-harness.js";

// The priorities pages: the ranked list with unmet obligations first, the criteria form, ratings re-ranking the
// list, decisions that require a reason, and the pages read-only for those who may not change them.

describe("the priorities pages", () => {
  let h: PageHarness;
  let cycleId: string;
  const list = () => `/app/cycles/${cycleId}/priorities`;
  const ranked = async (who: "coordinator" | "justice" = "coordinator") =>
    rowsOf(element((await h.get(list(), who)).html, "table", "ranked")).filter((r) =>
      r.includes("candidate-row"),
    );
  const idOf = (row: string) => row.match(/id="candidate-([^"]+)"/)?.[1] ?? "";

  beforeAll(async () => {
    h = await createPageHarness();
    const created = await h.api(
      "POST",
      "/cycles",
      "coordinator",
      newCycleBody({ frameworks: [{ id: "SOM" }] }),
    );
    cycleId = (created.body as { id: string }).id;
    // Nobody answered the assessment: every mandatory measure is a candidate, unknown and critical.
    await openStage(h.deps, { country: "KEN", cycleId, stage: "priorities", generation: 0 });
    await h.post(`${list()}/candidates`, { measureId: "SOM.PREV.1.1" }, "coordinator");
  });
  afterAll(() => h.cleanup());

  it("ranks unmet treaty obligations first, each with its flags, score and decision", async () => {
    const rows = await ranked();
    const obligations = rows.filter((r) => r.includes("Unmet obligation"));
    expect(obligations.length).toBeGreaterThan(0);
    // Every obligation comes before every other candidate.
    expect(rows.slice(0, obligations.length)).toEqual(obligations);
    const added = rows.find((r) => idOf(r) === "SOM.PREV.1.1");
    expect(textOf(added ?? "")).toContain("Added by hand");
    expect(textOf(rows[0] ?? "")).toMatch(
      /^1 SOM\.\S+ .* Unmet obligation Not fully rated Unknown, severity 3 \d+(\.\d)? Not decided$/,
    );
  });

  it("re-ranks a candidate when the working group's ratings raise its score", async () => {
    const before = await ranked();
    const last = before.filter((r) => r.includes("Unmet obligation")).at(-1) ?? "";
    const id = idOf(last);
    const page = await h.get(`${list()}/${id}`, "coordinator");
    const version =
      element(page.html, "form", "ratings-form").match(/name="expectedVersion" value="(\d+)"/)?.[1] ?? "";
    const saved = await h.post(
      `${list()}/${id}/ratings`,
      { expectedVersion: version, "ratings.impact": "3", "ratings.feasibility": "3", "ratings.urgency": "3" },
      "coordinator",
    );
    expect(saved.status).toBe(303);
    const after = await ranked();
    expect(idOf(after[0] ?? "")).toBe(id);
    expect(textOf(after[0] ?? "")).toContain("100");
  });

  it("refuses a decision without a reason, naming the field, and records one with it", async () => {
    const id = idOf((await ranked())[1] ?? "");
    const refused = await h.post(
      `${list()}/${id}/decision`,
      { outcome: "rejected", reason: " " },
      "coordinator",
    );
    expect(refused.status).toBe(400);
    expect(textOf(element(refused.html, "span", "f-reason-error"))).toBe(
      "Error: a reason (5 characters or more) is required for every decision",
    );
    const noOutcome = await h.post(
      `${list()}/${id}/decision`,
      { reason: "Covered by the 2024 law" },
      "coordinator",
    );
    expect(textOf(noOutcome.html)).toContain("Error: choose accept, defer or reject");

    const decided = await h.post(
      `${list()}/${id}/decision`,
      { outcome: "deferred", reason: "Waits for the <new> penal code" },
      "coordinator",
    );
    expect(decided.status).toBe(303);
    expect(decided.location).toBe(`${list()}#candidate-${id}`);
    const row = (await ranked()).find((r) => idOf(r) === id) ?? "";
    expect(textOf(row)).toContain("Deferred Waits for the <new> penal code");
    expect(row).toContain("Waits for the &lt;new&gt; penal code");
  });

  it("saves the criteria and shows each weight's error on its own row", async () => {
    const page = await h.get(list(), "coordinator");
    const form = element(page.html, "form", "criteria-form");
    expect(count(form, /name="criteria\.\d+\.weight"/g)).toBe(5);
    const fields = {
      expectedVersion: form.match(/name="expectedVersion" value="(\d*)"/)?.[1] ?? "",
      "criteria.0.id": "severity",
      "criteria.0.source": "assessment_severity",
      "criteria.0.label": "Gap severity",
      "criteria.0.weight": "5",
      "criteria.1.id": "impact",
      "criteria.1.source": "rating",
      "criteria.1.label": "Expected impact",
      "criteria.1.weight": "eleven",
      "criteria.2.id": "feasibility",
      "criteria.2.source": "rating",
      "criteria.2.label": "Feasibility",
      "criteria.2.weight": "2",
      "criteria.3.id": "urgency",
      "criteria.3.source": "rating",
      "criteria.3.label": "Urgency",
      "criteria.3.weight": "2",
      "criteria.4.id": "cost",
      "criteria.4.label": "Low cost",
      "criteria.4.weight": "1",
    };
    const bad = await h.post(`${list()}/criteria`, fields, "coordinator");
    expect(bad.status).toBe(400);
    expect(textOf(element(bad.html, "span", "f-criteria-1-weight-error"))).toBe(
      "Error: must be a number from 0 to 10",
    );
    const good = await h.post(`${list()}/criteria`, { ...fields, "criteria.1.weight": "3" }, "coordinator");
    expect(good.status).toBe(303);
    const criteria = element((await h.get(list(), "coordinator")).html, "form", "criteria-form");
    // The new criterion is a rating one, and the form offers a blank row after it.
    expect(criteria).toContain('name="criteria.4.id" value="cost"');
    expect(criteria).toContain('name="criteria.5.id"');
  });

  it("shows a ministry the ranking without any form", async () => {
    const page = await h.get(list(), "justice");
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('id="criteria-form"');
    expect(page.html).not.toContain(`action="${list()}/candidates"`);
    expect((await ranked("justice")).length).toBeGreaterThan(0);
  });
});
