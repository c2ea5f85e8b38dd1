import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { cycleMeasures } from "../../../functions/core/measures.js";
import { Principal } from "../../../functions/core/principal.js";
import { BULK_LIMIT, bulkUpsertEntries } from "../../../functions/core/use-cases/assessment.js";
import { createCycle } from "../../../functions/core/use-cases/cycles.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// One audit event carries every change of a bulk save, before and after, and DynamoDB caps an item at 400 KB: the
// input limits must keep the worst case (longest texts, in a 3-byte script, re-answered) inside it.
describe("the largest bulk save DynamoDB must accept", () => {
  let client: DynamoDBClient;
  let deps: CoreDeps;

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    deps = {
      store: createDynamoStore({ client, tableName: table.tableName }),
      workflow: new RecordingWorkflow(),
      now: () => new Date(),
      newId: monotonicFactory(),
    };
  });
  afterAll(() => client.destroy());

  it("stores a full bulk of the longest answers twice over (create, then re-answer with before and after)", async () => {
    const coordinator = Principal.parse({ sub: "c-1", role: "coordinator", country: "KEN" });
    const cycle = await createCycle(deps, coordinator, {
      title: "Item size test",
      frameworks: [{ id: "TIP" }],
      planPeriod: { start: "2027-01-01", end: "2029-12-31" },
      reportingCadence: "quarterly",
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
      deadlines: { submissionDays: 90, decisionDays: 30 },
    });
    const ids = [...cycleMeasures(cycle).keys()].slice(0, BULK_LIMIT);
    const longest = (fill: string) => ({
      status: "partial" as const,
      severity: 2,
      evidence: fill.repeat(800),
      source: fill.repeat(300),
    });

    const created = await bulkUpsertEntries(deps, coordinator, "KEN", cycle.id, {
      entries: ids.map((measureId) => ({ measureId, answer: longest("漢") })),
    });
    const reanswered = await bulkUpsertEntries(deps, coordinator, "KEN", cycle.id, {
      entries: ids.map((measureId) => ({ measureId, answer: longest("語"), expectedVersion: 1 })),
    });

    expect(created.items).toHaveLength(BULK_LIMIT);
    expect(reanswered.items.every((i) => i.entry?.version === 2)).toBe(true);
  });
});
