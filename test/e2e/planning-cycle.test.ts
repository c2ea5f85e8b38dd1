import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { apiClient, eventually, expectStatus } from "../support/api-client.js";
import { type AssessmentBody, type CycleBody, fillAssessment, stageOf } from "./cycle-fixtures.js";

// The whole product on one machine, driven over HTTP like a working group would: DynamoDB Local, the real ASL on
// the local engine, the Hono app on a real port.
describe("a planning cycle through the needs assessment, on the local stack", () => {
  let stack: LocalStack;
  let stateDir: string;
  let api: ReturnType<typeof apiClient>;
  const tokens = { coordinator: "", member: "", justice: "", interior: "", otherCountry: "" };

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-e2e-"));
    stack = await startLocalStack({ port: 0, dataDir: "memory", stateDir });
    api = apiClient(stack.url);
    tokens.coordinator = await stack.issuer.mint({
      role: "coordinator",
      country: "KEN",
      name: "Amina Otieno",
    });
    tokens.member = await stack.issuer.mint({ role: "member", country: "KEN", agency: "national-police" });
    tokens.justice = await stack.issuer.mint({
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-justice",
    });
    tokens.interior = await stack.issuer.mint({
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-interior",
    });
    tokens.otherCountry = await stack.issuer.mint({ role: "coordinator", country: "MEX" });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("creates a cycle for both catalogues, returns it once, approves it and reaches the priorities stage", async () => {
    const created = await api.post<CycleBody>(
      "/cycles",
      tokens.coordinator,
      {
        title: "National action plan against trafficking and smuggling 2027-2029",
        frameworks: [{ id: "TIP" }, { id: "SOM" }],
        planPeriod: { start: "2027-01-01", end: "2029-12-31" },
        reportingCadence: "quarterly",
        approvalPolicies: {
          assessment: { ministries: ["ministry-of-justice", "ministry-of-interior"], rule: { type: "all" } },
        },
      },
      { "idempotency-key": "e2e-create" },
    );
    expectStatus(created, 201);
    const cycleId = created.body.id;
    expect(stageOf(created.body, "assessment").state).toBe("draft");

    // Another country's coordinator learns nothing about it.
    const foreign = await api.get(`/cycles/${cycleId}`, tokens.otherCountry);
    expectStatus(foreign, 404);
    expect(JSON.stringify(foreign.body)).not.toContain("National action plan");

    // The workflow is waiting on the submission.
    await eventually(
      async () => stack.engine.pendingTasks().find((t) => t.execution.startsWith(cycleId)) ?? undefined,
      "the workflow to wait for the assessment's submission",
    );

    const filled = await fillAssessment(api, tokens.coordinator, cycleId);
    expect(filled.measures).toBeGreaterThan(120);

    const scores = await api.get<AssessmentBody["scores"]>(
      `/cycles/${cycleId}/assessment/scores`,
      tokens.member,
    );
    expectStatus(scores, 200);
    expect(scores.body.overall).toMatchObject({ completeness: 100, measures: filled.measures });

    const submitted = await api.post<{ stage: { state: string; awaiting: string[] } }>(
      `/cycles/${cycleId}/stages/assessment/submit`,
      tokens.coordinator,
      {},
    );
    expectStatus(submitted, 200);
    expect(submitted.body.stage.awaiting).toEqual(["ministry-of-justice", "ministry-of-interior"]);

    // Justice returns it with a reason; the working group reworks an entry and resubmits.
    const returned = await api.post<{ stage: { state: string; returnReason: string } }>(
      `/cycles/${cycleId}/stages/assessment/decisions`,
      tokens.justice,
      { decision: "return", reason: "The evidence for the prosecution pillar is missing court statistics" },
    );
    expectStatus(returned, 200);
    expect(returned.body.stage).toMatchObject({ state: "returned" });

    const assessment = await api.get<AssessmentBody>(
      `/cycles/${cycleId}/assessment?pillar=PROS`,
      tokens.member,
    );
    const target = assessment.body.items.find((i) => i.measureId === "TIP.PROS.3.4");
    expect(target?.entry).not.toBeNull();
    const reworked = await api.put(`/cycles/${cycleId}/assessment/entries/TIP.PROS.3.4`, tokens.coordinator, {
      answer: {
        status: "partial",
        severity: 2,
        evidence: "Court statistics for 2025 added",
        source: "Judiciary",
      },
      expectedVersion: target?.entry?.version,
    });
    expectStatus(reworked, 200);

    expectStatus(await api.post(`/cycles/${cycleId}/stages/assessment/submit`, tokens.coordinator, {}), 200);
    const first = await api.post<{ stage: { state: string; awaiting: string[] } }>(
      `/cycles/${cycleId}/stages/assessment/decisions`,
      tokens.justice,
      { decision: "approve" },
    );
    expectStatus(first, 200);
    expect(first.body.stage).toMatchObject({ state: "submitted", awaiting: ["ministry-of-interior"] });

    const again = await api.post(`/cycles/${cycleId}/stages/assessment/decisions`, tokens.justice, {
      decision: "approve",
    });
    expectStatus(again, 409);

    const last = await api.post<{ stage: { state: string } }>(
      `/cycles/${cycleId}/stages/assessment/decisions`,
      tokens.interior,
      { decision: "approve" },
    );
    expectStatus(last, 200);
    expect(last.body.stage.state).toBe("approved");

    // The workflow closes the stage and its next execution opens the priorities stage.
    const moved = await eventually(async () => {
      const res = await api.get<CycleBody>(`/cycles/${cycleId}`, tokens.coordinator);
      return res.body.currentStage === "priorities" && stageOf(res.body, "priorities").state === "draft"
        ? res.body
        : undefined;
    }, "the cycle to reach the priorities stage");
    expect(stageOf(moved, "assessment")).toMatchObject({ state: "approved", round: 2 });

    const executions = stack.engine.executions().filter((e) => e.name.startsWith(cycleId));
    expect(executions.map((e) => [e.name, e.status])).toEqual([
      [`${cycleId}--stage-assessment--g0`, "SUCCEEDED"],
      [`${cycleId}--stage-priorities--g0`, "RUNNING"],
    ]);

    const audit = await api.get<{ items: { action: string; actor: { type: string } }[] }>(
      `/cycles/${cycleId}/audit?limit=100`,
      tokens.coordinator,
    );
    expectStatus(audit, 200);
    const actions = audit.body.items.map((e) => e.action);
    expect(actions[0]).toBe("cycle.created");
    expect(actions.filter((a) => a === "entries.bulk_upserted")).toHaveLength(filled.requests);
    expect(actions.slice(filled.requests + 1)).toEqual([
      "stage.submitted",
      "stage.decision_recorded",
      "stage.returned",
      "entry.upserted",
      "stage.submitted",
      "stage.decision_recorded",
      "stage.decision_recorded",
      "stage.approved",
      "stage.closed",
      "version.frozen",
      "stage.opened",
    ]);
  });
});
