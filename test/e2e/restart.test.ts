import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { apiClient, eventually, expectStatus } from "../support/api-client.js";
import { type CycleBody, fillAssessment, stageOf } from "./cycle-fixtures.js";

// A restart of `npm start` in the middle of an approval: the data is kept in DynamoDB Local's folder, the local
// engine starts empty, and every active cycle's workflow must resume where its data stands.
describe("restarting the local runtime in the middle of an approval", () => {
  let stateDir: string;
  let stack: LocalStack | undefined;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-restart-"));
  });
  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("keeps the data, the tokens and the pending approval working", async () => {
    stack = await startLocalStack({ port: 0, stateDir });
    let api = apiClient(stack.url);
    const coordinator = await stack.issuer.mint({ role: "coordinator", country: "NLD" });
    const justice = await stack.issuer.mint({
      role: "approver",
      country: "NLD",
      ministry: "ministry-of-justice",
    });
    const security = await stack.issuer.mint({
      role: "approver",
      country: "NLD",
      ministry: "ministry-of-security",
    });

    const created = await api.post<CycleBody>("/cycles", coordinator, {
      title: "Smuggling of migrants plan 2027-2028",
      frameworks: [{ id: "SOM" }],
      planPeriod: { start: "2027-01-01", end: "2028-12-31" },
      approvalPolicies: {
        assessment: { ministries: ["ministry-of-justice", "ministry-of-security"], rule: { type: "all" } },
      },
    });
    expectStatus(created, 201);
    const cycleId = created.body.id;
    await fillAssessment(api, coordinator, cycleId);
    expectStatus(await api.post(`/cycles/${cycleId}/stages/assessment/submit`, coordinator, {}), 200);
    await eventually(
      async () => stack?.engine.pendingTasks().find((t) => t.state === "AwaitDecision"),
      "the workflow to wait for the decision",
    );
    expectStatus(
      await api.post(`/cycles/${cycleId}/stages/assessment/decisions`, justice, { decision: "approve" }),
      200,
    );

    await stack.stop();
    stack = await startLocalStack({ port: 0, stateDir });
    api = apiClient(stack.url);

    // Same data, same signing key (tokens minted before the restart still work), a fresh execution waiting.
    const after = await api.get<CycleBody>(`/cycles/${cycleId}`, coordinator);
    expectStatus(after, 200);
    expect(stageOf(after.body, "assessment")).toMatchObject({
      state: "submitted",
      awaiting: ["ministry-of-security"],
    });
    await eventually(
      async () => stack?.engine.pendingTasks().find((t) => t.state === "AwaitDecision"),
      "the resumed workflow to wait for the decision again",
    );

    expectStatus(
      await api.post(`/cycles/${cycleId}/stages/assessment/decisions`, security, { decision: "approve" }),
      200,
    );
    const moved = await eventually(async () => {
      const res = await api.get<CycleBody>(`/cycles/${cycleId}`, coordinator);
      return res.body.currentStage === "priorities" && stageOf(res.body, "priorities").state === "draft"
        ? res.body
        : undefined;
    }, "the resumed cycle to reach the priorities stage");
    expect(stageOf(moved, "assessment").state).toBe("approved");

    const audit = await api.get<{ items: { action: string }[] }>(
      `/cycles/${cycleId}/audit?limit=100`,
      coordinator,
    );
    const actions = audit.body.items.map((e) => e.action);
    expect(actions).toContain("cycle.resumed");
    expect(actions.slice(-5)).toEqual([
      "stage.decision_recorded",
      "stage.approved",
      "stage.closed",
      "version.frozen",
      "stage.opened",
    ]);
  });

  it("delivers a decision that was stored but never sent when the runtime stopped", async () => {
    await stack?.stop();
    stack = await startLocalStack({ port: 0, stateDir });
    const api = apiClient(stack.url);
    const coordinator = await stack.issuer.mint({ role: "coordinator", country: "NLD" });
    const justice = await stack.issuer.mint({
      role: "approver",
      country: "NLD",
      ministry: "ministry-of-justice",
    });

    const created = await api.post<CycleBody>("/cycles", coordinator, {
      title: "Second plan",
      frameworks: [{ id: "SOM" }],
      planPeriod: { start: "2027-01-01", end: "2028-12-31" },
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"] } },
    });
    const cycleId = created.body.id;
    await fillAssessment(api, coordinator, cycleId);
    expectStatus(await api.post(`/cycles/${cycleId}/stages/assessment/submit`, coordinator, {}), 200);
    await eventually(
      async () =>
        stack?.engine
          .pendingTasks()
          .find((t) => t.state === "AwaitDecision" && t.execution.startsWith(cycleId)),
      "the workflow to wait for the decision",
    );
    // Stop the engine first, as if the process died right after the decision's transaction: the outbox marker
    // is stored, the send never happens.
    await stack.engine.stop();
    const decided = await api.post(`/cycles/${cycleId}/stages/assessment/decisions`, justice, {
      decision: "approve",
    });
    expect([200, 409]).toContain(decided.status);
    await stack.stop();

    stack = await startLocalStack({ port: 0, stateDir });
    const api2 = apiClient(stack.url);
    const moved = await eventually(async () => {
      const res = await api2.get<CycleBody>(`/cycles/${cycleId}`, coordinator);
      return res.body.currentStage === "priorities" ? res.body : undefined;
    }, "the stored decision to reach the resumed workflow");
    expect(stageOf(moved, "assessment").state).toBe("approved");
  });
});
