import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Store, Write } from "../../../functions/core/ports.js";
import { STAGE_CONTENTS } from "../../../functions/core/stage-contents.js";
import { decodeContent } from "../../../functions/core/versions/codec.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { closeStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { createTestTable } from "../../support/dynamo.js";
import { aCycle, aStage, newCycleRef } from "../../support/fixtures.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { APPROVED_AT, bigPlan } from "../../unit/core/versions-support.js";

// DynamoDB enforces its 400 KB item limit and the create-only condition for real: a large action plan must freeze
// into one item, and a version can never be written twice.
describe("freezing an action plan in DynamoDB", () => {
  let client: DynamoDBClient;
  let store: Store;
  let deps: CoreDeps;

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    store = createDynamoStore({ client, tableName: table.tableName });
    const ulid = monotonicFactory();
    deps = { store, workflow: new RecordingWorkflow(), now: () => new Date(), newId: () => ulid() };
  });
  afterAll(() => client.destroy());

  it("stores a 200-activity plan as one version and reads back exactly what was frozen", async () => {
    const ref = newCycleRef();
    const cycle = aCycle(ref, { position: { kind: "stage", stage: "action_plan" } });
    const stages = [
      aStage(ref, "assessment", { state: "approved", versionNumber: 1, closedAt: APPROVED_AT }),
      aStage(ref, "priorities", { state: "approved", versionNumber: 1, closedAt: APPROVED_AT }),
      aStage(ref, "action_plan", { state: "approved", round: 1, approvedAt: APPROVED_AT }),
    ];
    const writes: Write[] = [
      { entity: "cycle", item: cycle, expectedVersion: null },
      ...stages.map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
      ...bigPlan(ref),
    ];
    // A transaction holds at most 100 items.
    for (let i = 0; i < writes.length; i += 90)
      await store.commit({ writes: writes.slice(i, i + 90), events: [] });
    const snapshot = await STAGE_CONTENTS.action_plan.snapshot(deps, cycle);

    const { next } = await closeStage(deps, { ...ref, stage: "action_plan" });

    expect(next?.input.position).toEqual({ kind: "period", index: 0 });
    const version = await store.getRecord(ref.country, ref.cycleId, "version", "action_plan:001");
    expect(version?.content.items).toBe(620);
    expect(version && decodeContent(version.content)).toEqual(snapshot);
    expect((await store.getStage(ref.country, ref.cycleId, "action_plan"))?.versionNumber).toBe(1);
  });

  it("refuses to write a version that exists, leaving the stage open", async () => {
    const ref = newCycleRef();
    const cycle = aCycle(ref);
    const stage = aStage(ref, "assessment", { state: "approved", round: 1, approvedAt: APPROVED_AT });
    await store.commit({
      writes: [
        { entity: "cycle", item: cycle, expectedVersion: null },
        { entity: "stage", item: stage, expectedVersion: null },
      ],
      events: [],
    });
    await closeStage(deps, { ...ref, stage: "assessment" });
    const closed = await store.getStage(ref.country, ref.cycleId, "assessment");
    if (!closed) throw new Error("no stage");
    const { closedAt: _c, versionNumber: _n, ...unclosed } = closed;
    await store.commit({
      writes: [
        {
          entity: "stage",
          item: { ...unclosed, version: closed.version + 1 },
          expectedVersion: closed.version,
        },
      ],
      events: [],
    });

    await expect(closeStage(deps, { ...ref, stage: "assessment" })).rejects.toMatchObject({
      name: "VersionConflictError",
    });
    expect((await store.getStage(ref.country, ref.cycleId, "assessment"))?.closedAt).toBeUndefined();
  });
});
