import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssessmentEntry } from "../../../functions/core/assessment.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { cycleMeasures } from "../../../functions/core/measures.js";
import type { Store } from "../../../functions/core/ports.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { openStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { createTestTable } from "../../support/dynamo.js";
import { aCycle, anEntry, aStage, newCycleRef } from "../../support/fixtures.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// Opening the priorities stage of a cycle on both catalogues against DynamoDB Local, where a transaction really is
// limited to 100 items: every measure a gap (more than 100 candidates) still opens, and a retry neither duplicates
// nor fails.
describe("opening the priorities stage with more gaps than one transaction holds", () => {
  let client: DynamoDBClient;
  let tableName: string;

  beforeAll(async () => {
    ({ client, tableName } = await createTestTable());
  });
  afterAll(() => client.destroy());

  function setup(): { deps: CoreDeps; store: Store } {
    const store = createDynamoStore({ client, tableName });
    return {
      store,
      deps: { store, workflow: new RecordingWorkflow(), now: () => new Date(), newId: monotonicFactory() },
    };
  }

  async function approvedAssessment(store: Store) {
    const ref = newCycleRef();
    const cycle = aCycle(ref, {
      frameworks: [
        { id: "TIP", version: "2009.1" },
        { id: "SOM", version: "2011.1" },
      ],
      position: { kind: "stage", stage: "priorities" },
    });
    await store.commit({
      writes: [
        { entity: "cycle", item: cycle, expectedVersion: null },
        { entity: "stage", item: aStage(ref, "assessment", { state: "approved" }), expectedVersion: null },
        { entity: "stage", item: aStage(ref, "priorities"), expectedVersion: null },
        { entity: "stage", item: aStage(ref, "action_plan"), expectedVersion: null },
      ],
      events: [],
    });
    const entries: AssessmentEntry[] = [...cycleMeasures(cycle).keys()].map((id, i) =>
      anEntry(ref, id, { status: i % 2 ? "absent" : "unknown", severity: (i % 3) + 1 }),
    );
    for (let i = 0; i < entries.length; i += 50) {
      await store.commit({
        writes: entries
          .slice(i, i + 50)
          .map((item) => ({ entity: "entry" as const, item, expectedVersion: null })),
        events: [],
      });
    }
    return { input: { ...ref, stage: "priorities" as const, generation: 0 }, gaps: entries.length };
  }

  it("writes every candidate in chunks, opens the stage, and leaves a retry nothing to do", async () => {
    const { store, deps } = setup();
    const { input, gaps } = await approvedAssessment(store);
    expect(gaps).toBeGreaterThan(100);

    await openStage(deps, input);

    const priorities = await store.listRecords(input.country, input.cycleId, "priority");
    expect(priorities).toHaveLength(gaps);
    expect(await store.getRecord(input.country, input.cycleId, "prioritySettings", "settings")).toBeDefined();
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
    const trail = (await store.listAudit(input.country, input.cycleId, { limit: 100 })).items;
    expect(trail.filter((e) => e.action === "priorities.generated")).toHaveLength(2);
    expect(trail.filter((e) => e.action === "stage.opened")).toHaveLength(1);

    await openStage(deps, input);
    expect(await store.listRecords(input.country, input.cycleId, "priority")).toEqual(priorities);
  });

  it("retries an opening that failed after the chunks were written, without duplicating a candidate", async () => {
    const { store, deps } = setup();
    const { input, gaps } = await approvedAssessment(store);
    let failed = false;
    const flaky: Store = {
      ...store,
      commit: async (changes) => {
        if (!failed && changes.writes.some((w) => w.entity === "stage")) {
          failed = true;
          throw new Error("lost the opening");
        }
        return store.commit(changes);
      },
    };

    await expect(openStage({ ...deps, store: flaky }, input)).rejects.toThrow("lost the opening");
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("not_started");
    await openStage({ ...deps, store: flaky }, input);

    expect(await store.listRecords(input.country, input.cycleId, "priority")).toHaveLength(gaps);
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
  });
});
