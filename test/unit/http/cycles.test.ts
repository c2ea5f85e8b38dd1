import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "../../../functions/core/errors.js";
import { createCycle, createHarness, type Harness, newCycleBody } from "./harness.js";

describe("cycles", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.cleanup());

  it("creates a cycle (201), opens its assessment and starts the workflow under a deterministic name", async () => {
    const res = await h.call("POST", "/cycles", { as: "coordinator", body: newCycleBody() });

    expect(res.status).toBe(201);
    const id = String(res.body.id);
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    expect(res.body).toMatchObject({
      country: "KEN",
      title: "National Action Plan against Trafficking in Persons 2026-2030",
      frameworks: [{ id: "TIP", version: "2009.1" }],
      reportingCadence: "quarterly",
      currentStage: "assessment",
      createdBy: { type: "user", role: "coordinator", name: "Amina Otieno" },
    });
    const stages = res.body.stages as { stage: string; state: string; submissionDueAt?: string }[];
    expect(stages.map((s) => [s.stage, s.state])).toEqual([
      ["assessment", "draft"],
      ["priorities", "not_started"],
      ["action_plan", "not_started"],
    ]);
    expect(stages[0]?.submissionDueAt).toBeDefined();
    expect(h.workflow.starts).toEqual([
      {
        name: `${id}--stage-assessment--g0`,
        input: {
          country: "KEN",
          cycleId: id,
          position: { kind: "stage", stage: "assessment" },
          generation: 0,
        },
      },
    ]);
  });

  it("lists the caller's cycles newest first, a page at a time", async () => {
    const first = await createCycle(h, newCycleBody({ title: "First plan" }));
    const second = await createCycle(h, newCycleBody({ title: "Second plan" }));
    await h.call("POST", "/cycles", { as: "mexico", body: newCycleBody({ title: "Plan nacional" }) });

    const page1 = await h.call("GET", "/cycles?limit=1", { as: "coordinator" });
    expect(page1.status).toBe(200);
    expect((page1.body.items as { id: string }[]).map((c) => c.id)).toEqual([second]);
    expect(page1.body.cursor).toEqual(expect.any(String));
    const page2 = await h.call("GET", `/cycles?limit=1&cursor=${page1.body.cursor}`, { as: "coordinator" });
    expect((page2.body.items as { id: string }[]).map((c) => c.id)).toEqual([first]);
    expect(page2.body.cursor).toBeUndefined();
  });

  it("ignores a country query parameter for a coordinator: it still lists its own country", async () => {
    await createCycle(h);
    await h.call("POST", "/cycles", { as: "mexico", body: newCycleBody({ title: "Plan nacional" }) });
    const res = await h.call("GET", "/cycles?country=MEX", { as: "coordinator" });
    expect((res.body.items as { country: string }[]).map((c) => c.country)).toEqual(["KEN"]);
  });

  it("validates the page size", async () => {
    for (const limit of ["0", "101", "ten"]) {
      const res = await h.call("GET", `/cycles?limit=${limit}`, { as: "coordinator" });
      expect(res.status, limit).toBe(400);
      expect(res.body.message).toMatch(/^query\.limit: /);
    }
  });

  it("gets a cycle with its stages, who must sign and the deadlines", async () => {
    const id = await createCycle(h);
    const res = await h.call("GET", `/cycles/${id}`, { as: "police" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      waitingOn: "the working group: drafting, then the coordinator submits",
    });
    const [assessment] = res.body.stages as { policy: { ministries: string[] }; awaiting: string[] }[];
    expect(assessment?.policy.ministries).toEqual(["ministry-of-justice", "ministry-of-interior"]);
    expect(assessment?.awaiting).toEqual([]);
  });

  it("answers 404 to a KEN coordinator asking for a MEX cycle, and shows none of its data", async () => {
    const mex = await h.call("POST", "/cycles", {
      as: "mexico",
      body: newCycleBody({ title: "Plan nacional" }),
    });
    const mexId = String(mex.body.id);

    for (const path of [`/cycles/${mexId}`, `/cycles/${mexId}?country=MEX`, `/cycles/${mexId}/assessment`]) {
      const res = await h.call("GET", path, { as: "coordinator" });
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe("not_found");
      expect(res.text).not.toContain("Plan nacional");
      expect(res.text).not.toContain("MEX");
    }
  });

  it("answers 404 to a donor on a cycle and 403 when a donor tries to create one", async () => {
    const id = await createCycle(h);
    const read = await h.call("GET", `/cycles/${id}`, { as: "donor" });
    expect(read.status).toBe(404);
    const create = await h.call("POST", "/cycles", { as: "donor", body: newCycleBody() });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe("forbidden");
    const list = await h.call("GET", "/cycles", { as: "donor" });
    expect(list.body).toEqual({ items: [] });
  });

  it("lets an admin read a country's cycle only by naming the country", async () => {
    const id = await createCycle(h);
    const unnamed = await h.call("GET", `/cycles/${id}`, { as: "admin" });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toMatch(/^country: /);
    const named = await h.call("GET", `/cycles/${id}?country=KEN`, { as: "admin" });
    expect(named.status).toBe(200);
    const bad = await h.call("GET", `/cycles/${id}?country=kenya`, { as: "admin" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^query\.country: /);
  });

  it("answers 400 naming the path parameter for a malformed cycle id", async () => {
    const res = await h.call("GET", "/cycles/not-a-cycle", { as: "coordinator" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("path.cycleId: must be a cycle id (26 characters, 0-9 A-Z)");
  });

  describe("input validation", () => {
    it("answers 400 malformed_json to a body that is not JSON", async () => {
      const res = await h.call("POST", "/cycles", { as: "coordinator", raw: '{"title": "Plan",' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("malformed_json");
    });

    it("answers 400 naming an unknown field", async () => {
      const res = await h.call("POST", "/cycles", {
        as: "coordinator",
        body: newCycleBody({ budget: 1000 }),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("invalid_input");
      expect(res.body.message).toBe("body.budget: is not a known field");
    });

    it("answers 400 naming every bad field by its path", async () => {
      const res = await h.call("POST", "/cycles", {
        as: "coordinator",
        body: newCycleBody({
          title: 42,
          approvalPolicies: {
            assessment: { ministries: ["ministry-of-justice"], rule: { type: "quorum", n: 2 } },
          },
        }),
      });
      expect(res.status).toBe(400);
      const issues = (res.body.details as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((i) => i.path)).toEqual(["body.title", "body.approvalPolicies.assessment.rule.n"]);
      expect(res.body.message).toContain("body.title: ");
      expect(res.body.message).toContain(
        "body.approvalPolicies.assessment.rule.n: a quorum of 2 cannot be met by 1 ministries",
      );
    });

    it("answers 415 to a body that is not declared as JSON", async () => {
      const res = await h.call("POST", "/cycles", {
        as: "coordinator",
        raw: JSON.stringify(newCycleBody()),
        headers: { "Content-Type": "text/plain" },
      });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe("unsupported_media_type");
    });

    it("answers 413 payload_too_large to a body over 256 KB, before reading it as JSON", async () => {
      const res = await h.call("POST", "/cycles", {
        as: "coordinator",
        raw: `{"title": "${"x".repeat(300 * 1024)}"`,
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe("payload_too_large");
      expect(h.store.commits).toHaveLength(0);
    });
  });

  it("creates the cycle when the workflow service is unavailable, leaving the start to the reconciler", async () => {
    h.workflow.failNext("startExecution", new ServiceUnavailableError("Step Functions is throttling", 7));
    const res = await h.call("POST", "/cycles", { as: "coordinator", body: newCycleBody() });
    expect(res.status).toBe(201);
    expect(h.workflow.starts).toEqual([]);
    const read = await h.call("GET", `/cycles/${res.body.id}`, { as: "coordinator" });
    expect(read.status).toBe(200);
  });

  it("answers 500 with a generic message to an unexpected failure, and logs it", async () => {
    h.workflow.failNext("startExecution", new Error("socket hang up at 10.0.3.7"));
    const res = await h.call("POST", "/cycles", { as: "coordinator", body: newCycleBody() });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe("internal_error");
    expect(res.text).not.toContain("10.0.3.7");
    expect(res.text).not.toContain("at ");
    expect(h.logged).toHaveLength(1);
    expect(JSON.stringify(h.logged[0])).toContain("socket hang up");
  });
});
