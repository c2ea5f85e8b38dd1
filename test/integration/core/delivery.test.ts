import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { ServiceUnavailableError, WorkflowTaskGoneError } from "../../../functions/core/errors.js";
import { Principal } from "../../../functions/core/principal.js";
import type { Stage } from "../../../functions/core/stage.js";
import { createCycle } from "../../../functions/core/use-cases/cycles.js";
import { deliver, registerStageWait } from "../../../functions/core/use-cases/delivery.js";
import { ensureWorkflows, reconcileDeliveries } from "../../../functions/core/use-cases/resume.js";
import { decideStage } from "../../../functions/core/use-cases/stages.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// The outbox delivery to the workflow against DynamoDB Local: exactly one SendTaskSuccess per outcome, nothing lost
// when the workflow's token is gone or the service is down.
describe("delivering stage outcomes to the workflow", () => {
  let client: DynamoDBClient;
  let tableName: string;

  beforeAll(async () => {
    ({ client, tableName } = await createTestTable());
  });
  afterAll(() => client.destroy());

  const coordinator = Principal.parse({ sub: "coord-1", role: "coordinator", country: "KEN" });
  const approver = (ministry: string) =>
    Principal.parse({ sub: `appr-${ministry}`, role: "approver", country: "KEN", ministry });

  function setup() {
    const workflow = new RecordingWorkflow();
    const deps: CoreDeps = {
      store: createDynamoStore({ client, tableName }),
      workflow,
      now: () => new Date(),
      newId: monotonicFactory(),
    };
    return { deps, workflow };
  }

  async function newCycle(deps: CoreDeps, ministries: string[]) {
    const view = await createCycle(deps, coordinator, {
      title: "Delivery test cycle",
      frameworks: [{ id: "TIP" }],
      planPeriod: { start: "2027-01-01", end: "2029-12-31" },
      reportingCadence: "quarterly",
      approvalPolicies: { assessment: { ministries, rule: { type: "all" } } },
      deadlines: { submissionDays: 90, decisionDays: 30 },
    });
    return { country: "KEN", cycleId: view.id, stage: "assessment" as const };
  }

  /** Puts the stage in a given state directly, as the earlier steps of the cycle would have left it. */
  async function setStage(deps: CoreDeps, ref: Awaited<ReturnType<typeof newCycle>>, patch: Partial<Stage>) {
    const stage = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    if (!stage) throw new Error("no stage");
    await deps.store.commit({
      writes: [
        {
          entity: "stage",
          item: { ...stage, ...patch, version: stage.version + 1 },
          expectedVersion: stage.version,
        },
      ],
      events: [],
    });
  }

  const at = new Date().toISOString();

  it("sends SendTaskSuccess exactly once when twenty deliveries race for one outcome", async () => {
    const { deps, workflow } = setup();
    const ref = await newCycle(deps, ["ministry-of-justice"]);
    await setStage(deps, ref, {
      state: "approved",
      round: 1,
      wait: { kind: "decision", token: "token-race", registeredAt: at },
      outbox: { kind: "decision", createdAt: at },
    });

    const results = await Promise.all(Array.from({ length: 20 }, () => deliver(deps, ref)));

    expect(results.filter((r) => r.delivered)).toHaveLength(1);
    expect(workflow.successes).toEqual([{ token: "token-race", output: { outcome: "approved", round: 1 } }]);
    const stage = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    expect(stage?.wait).toBeUndefined();
    expect(stage?.outbox).toBeUndefined();
    expect(stage?.delivery).toBeUndefined();
  });

  it("completes a new wait at once when what it waits for already happened", async () => {
    const { deps, workflow } = setup();
    const ref = await newCycle(deps, ["ministry-of-justice"]);
    await setStage(deps, ref, {
      state: "submitted",
      round: 1,
      outbox: { kind: "submission", createdAt: at },
    });

    const result = await registerStageWait(deps, ref, "submission", "token-resumed");

    expect(result).toEqual({ delivered: true, wait: "submission" });
    expect(workflow.successes).toEqual([{ token: "token-resumed", output: { submitted: true, round: 1 } }]);
    expect((await deps.store.listPendingDeliveries()).some((p) => p.cycleId === ref.cycleId)).toBe(false);
  });

  it("keeps the outcome when the workflow's token is gone, and hands it to the next wait", async () => {
    const { deps, workflow } = setup();
    const ref = await newCycle(deps, ["ministry-of-justice"]);
    await setStage(deps, ref, {
      state: "returned",
      round: 1,
      returnReason: "Missing court data",
      wait: { kind: "decision", token: "token-old", registeredAt: at },
      outbox: { kind: "decision", createdAt: at },
    });
    workflow.failNext("sendTaskSuccess", new WorkflowTaskGoneError("TaskTimedOut", "the wait timed out"));

    await expect(deliver(deps, ref)).rejects.toBeInstanceOf(WorkflowTaskGoneError);
    const kept = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    expect(kept).toMatchObject({ state: "returned", outbox: { kind: "decision" } });
    expect(kept?.wait).toBeUndefined();

    await registerStageWait(deps, ref, "decision", "token-new");
    expect(workflow.successes).toEqual([{ token: "token-new", output: { outcome: "returned", round: 1 } }]);
  });

  it("releases its claim when the workflow is unavailable, and the reconciler sends the outcome later", async () => {
    const { deps, workflow } = setup();
    const ref = await newCycle(deps, ["ministry-of-justice"]);
    await setStage(deps, ref, {
      state: "approved",
      round: 1,
      wait: { kind: "decision", token: "token-throttled", registeredAt: at },
      outbox: { kind: "decision", createdAt: at },
    });
    workflow.failNext("sendTaskSuccess", new ServiceUnavailableError("throttled"));

    await expect(deliver(deps, ref)).rejects.toBeInstanceOf(ServiceUnavailableError);
    const pending = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    expect(pending?.delivery).toBeUndefined();
    expect(pending?.outbox).toBeDefined();
    expect((await deps.store.listPendingDeliveries()).some((p) => p.cycleId === ref.cycleId)).toBe(true);

    const report = await reconcileDeliveries(deps);
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    expect(workflow.successes).toEqual([
      { token: "token-throttled", output: { outcome: "approved", round: 1 } },
    ]);
  });

  it("records one decision and sends once when the same ministry decides twenty times at once", async () => {
    const { deps, workflow } = setup();
    const ref = await newCycle(deps, ["ministry-of-justice"]);
    await setStage(deps, ref, {
      state: "submitted",
      round: 1,
      wait: { kind: "decision", token: "token-20", registeredAt: at },
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        decideStage(deps, approver("ministry-of-justice"), ref.country, ref.cycleId, "assessment", {
          decision: "approve",
        }),
      ),
    );

    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === "rejected")
        expect(["StateConflictError", "VersionConflictError"]).toContain(o.reason.name);
    }
    expect(workflow.successes).toEqual([{ token: "token-20", output: { outcome: "approved", round: 1 } }]);
    const audit = await deps.store.listAudit(ref.country, ref.cycleId, { limit: 100 });
    const actions = audit.items.map((e) => e.action);
    expect(actions.filter((a) => a === "stage.decision_recorded")).toHaveLength(1);
    expect(actions.filter((a) => a === "stage.approved")).toHaveLength(1);
  });

  it("makes exactly one transition when two ministries decide at once under an 'all' rule", async () => {
    const { deps, workflow } = setup();
    const ref = await newCycle(deps, ["ministry-of-justice", "ministry-of-interior"]);
    await setStage(deps, ref, {
      state: "submitted",
      round: 1,
      wait: { kind: "decision", token: "token-pair", registeredAt: at },
    });

    const outcomes = await Promise.allSettled(
      ["ministry-of-justice", "ministry-of-interior"].map((m) =>
        decideStage(deps, approver(m), ref.country, ref.cycleId, "assessment", { decision: "approve" }),
      ),
    );

    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
    const stage = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    expect(stage?.state).toBe("approved");
    expect(stage?.decisions.map((d) => d.ministry).sort()).toEqual([
      "ministry-of-interior",
      "ministry-of-justice",
    ]);
    expect(workflow.successes).toHaveLength(1);
    const audit = await deps.store.listAudit(ref.country, ref.cycleId, { limit: 100 });
    expect(audit.items.filter((e) => e.action === "stage.approved")).toHaveLength(1);
  });

  it("keeps a cycle whose workflow could not start, and starts it later under the same name", async () => {
    const { deps, workflow } = setup();
    workflow.failNext("startExecution", new ServiceUnavailableError("throttled"));
    const ref = await newCycle(deps, ["ministry-of-justice"]);
    expect(workflow.starts).toEqual([]);
    expect(await deps.store.getCycle(ref.country, ref.cycleId)).toBeDefined();

    await ensureWorkflows(deps);

    expect(workflow.starts.map((s) => s.name)).toContain(`${ref.cycleId}--stage-assessment--g0`);
  });
});
