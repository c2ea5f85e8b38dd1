import {
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerStageWait, type StageRef } from "../../../functions/core/use-cases/delivery.js";
import { reconcileDeliveries } from "../../../functions/core/use-cases/resume.js";
import { SfnWorkflow } from "../../../functions/workflow/sfn-workflow.js";
import { fillAssessment, newCycleBody } from "../../unit/http/harness.js";
import { createDynamoApp, type DynamoApp } from "./dynamo-app.js";

// Step Functions refusing or throttling the callback that completes an approval, with the real SfnWorkflow adapter
// (its SDK client mocked) over DynamoDB Local: the decision stays stored with its outbox marker, the API answers a
// clear 409 or 503 (never 500), and the outcome reaches the workflow later, from the reconciler or the next wait.
const sfn = mockClient(SFNClient);
const meta = { $metadata: { httpStatusCode: 400 } };

describe("SendTaskSuccess failing after a decision", () => {
  let app: DynamoApp;

  beforeAll(async () => {
    const client = new SFNClient({
      region: "eu-west-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const workflow = new SfnWorkflow({
      client,
      stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:planning-cycle",
    });
    app = await createDynamoApp({ workflow });
  });
  afterAll(async () => {
    sfn.restore();
    await app.close();
  });
  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:execution", startDate: new Date() });
    sfn.on(SendTaskSuccessCommand).resolves({});
  });

  /** A cycle whose assessment is submitted, with the workflow waiting on the decision under `token`. */
  async function awaitingDecision(title: string, token: string): Promise<StageRef> {
    const created = await app.call("POST", "/cycles", {
      as: "coordinator",
      body: newCycleBody({
        title,
        approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
      }),
    });
    expect(created.status, created.text).toBe(201);
    const cycleId = String(created.body.id);
    await fillAssessment(app.http, cycleId);
    const submitted = await app.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
      as: "coordinator",
      body: {},
    });
    expect(submitted.status, submitted.text).toBe(200);
    const ref: StageRef = { country: "KEN", cycleId, stage: "assessment" };
    await registerStageWait(app.deps, ref, "decision", token);
    return ref;
  }

  const approve = (ref: StageRef) =>
    app.call("POST", `/cycles/${ref.cycleId}/stages/assessment/decisions`, {
      as: "justice",
      body: { decision: "approve" },
      headers: { "Idempotency-Key": `approve-${ref.cycleId}` },
    });

  const sentTo = (token: string) =>
    sfn.commandCalls(SendTaskSuccessCommand).filter((c) => c.args[0].input.taskToken === token);

  async function expectDecisionKept(ref: StageRef) {
    const stage = await app.inspect.getStage(ref.country, ref.cycleId, ref.stage);
    expect(stage).toMatchObject({ state: "approved", round: 1, outbox: { kind: "decision" } });
    expect(stage?.decisions.map((d) => d.ministry)).toEqual(["ministry-of-justice"]);
    expect(stage?.delivery).toBeUndefined();
    const trail = await app.inspect.listAudit(ref.country, ref.cycleId, { limit: 100 });
    const actions = trail.items.map((e) => e.action);
    expect(actions.slice(actions.indexOf("stage.submitted") + 1)).toEqual([
      "stage.decision_recorded",
      "stage.approved",
    ]);
    expect(await app.inspect.listPendingDeliveries()).toContainEqual(ref);
    // A retry of the request replays its stored answer; it records nothing twice.
    const retry = await approve(ref);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ stage: { state: "approved" } });
    return stage;
  }

  it.each([
    ["TaskTimedOut", new TaskTimedOut({ message: "Task Timed Out", ...meta })],
    ["TaskDoesNotExist", new TaskDoesNotExist({ message: "Task does not exist", ...meta })],
    ["InvalidToken", new InvalidToken({ message: "Invalid token", ...meta })],
  ])(
    "answers 409 when SendTaskSuccess answers %s; the decision stays stored and the next wait completes it",
    async (reason, error) => {
      const ref = await awaitingDecision(`Plan with a ${reason} token`, `token-${reason}`);
      sfn.on(SendTaskSuccessCommand).rejects(error);

      const res = await approve(ref);

      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: "workflow_task_gone", details: { reason, saved: true } });
      expect(res.body.message).toContain("The change is saved");
      const kept = await expectDecisionKept(ref);
      // The token is dead: it is forgotten, never sent again.
      expect(kept?.wait).toBeUndefined();
      sfn.on(SendTaskSuccessCommand).resolves({});
      await reconcileDeliveries(app.deps);
      expect(sentTo(`token-${reason}`)).toHaveLength(1);

      // The execution caught its timeout and chained a new one, whose wait finds the stored outcome and completes.
      const delivered = await registerStageWait(app.deps, ref, "decision", `token-${reason}-next`);

      expect(delivered).toEqual({ delivered: true, wait: "decision" });
      expect(sentTo(`token-${reason}-next`).map((c) => JSON.parse(c.args[0].input.output ?? ""))).toEqual([
        { outcome: "approved", round: 1 },
      ]);
      const settled = await app.inspect.getStage(ref.country, ref.cycleId, ref.stage);
      expect(settled?.outbox).toBeUndefined();
      expect(settled?.wait).toBeUndefined();
      expect(await app.inspect.listPendingDeliveries()).not.toContainEqual(ref);
    },
  );

  it("answers 503 with Retry-After when SendTaskSuccess is throttled; the reconciler sends the decision later", async () => {
    const ref = await awaitingDecision("Plan with a throttled workflow", "token-throttled");
    sfn.on(SendTaskSuccessCommand).rejects(
      new SFNServiceException({
        name: "ThrottlingException",
        $fault: "client",
        message: "Rate exceeded",
        ...meta,
      }),
    );

    const res = await approve(ref);

    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.body.code).toBe("service_unavailable");
    expect(res.body.message).toContain("The change is saved");
    const kept = await expectDecisionKept(ref);
    // The workflow still waits on this token: kept for the reconciler, the claim released.
    expect(kept?.wait?.token).toBe("token-throttled");

    sfn.on(SendTaskSuccessCommand).resolves({});
    await reconcileDeliveries(app.deps);

    const calls = sentTo("token-throttled");
    expect(calls).toHaveLength(2);
    expect(JSON.parse(calls[1]?.args[0].input.output ?? "")).toEqual({ outcome: "approved", round: 1 });
    const settled = await app.inspect.getStage(ref.country, ref.cycleId, ref.stage);
    expect(settled).toMatchObject({ state: "approved" });
    expect(settled?.outbox).toBeUndefined();
    expect(settled?.wait).toBeUndefined();
    expect(await app.inspect.listPendingDeliveries()).not.toContainEqual(ref);
    // Settled for good: the reconciler's next round sends nothing.
    await reconcileDeliveries(app.deps);
    expect(sentTo("token-throttled")).toHaveLength(2);
  });
});
