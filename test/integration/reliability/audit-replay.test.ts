import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../functions/core/ports.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { type Command, command, newWorld, rule, run } from "../../unit/reliability/assessment-commands.js";
import { compareTrailWithStore, fullTrail, storedState } from "../../unit/reliability/audit-replay.js";

// The replay property of test/unit/reliability/audit-replay.test.ts, briefly, against DynamoDB Local: what the
// trail holds there went through marshalling, conditional transactions and consistent queries.
describe("replaying a cycle's audit trail from DynamoDB", () => {
  let client: DynamoDBClient;
  let store: Store;

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    store = createDynamoStore({ client, tableName: table.tableName });
  });
  afterAll(() => client.destroy());

  const throughApproval: Command[] = [
    { kind: "fill" },
    { kind: "decide", who: "justice", decision: "approve" },
    { kind: "submit", who: "coordinator" },
    {
      kind: "upsert",
      who: "police",
      measure: 1,
      answer: { status: "in_place", severity: 0, evidence: "", source: "" },
      version: "current",
    },
    { kind: "wait", wait: "decision" },
    { kind: "decide", who: "justice", decision: "approve" },
    { kind: "decide", who: "interior", decision: "approve" },
  ];

  it("reproduces the stored state after random sequences, and refused commands change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        rule,
        fc.array(command, { minLength: 1, maxLength: 12 }),
        async (policyRule, commands) => {
          const world = await newWorld(store, policyRule);
          const { country, cycleId } = world.ref;
          for (const cmd of commands) {
            const trail = (await fullTrail(store, country, cycleId)).length;
            // These commands write no records: the cycle, its stages and entries are what a refusal could touch.
            const before = await storedState(store, country, cycleId, []);
            const result = await run(world, cmd);
            if (result !== "ok") {
              expect((await fullTrail(store, country, cycleId)).length, `${cmd.kind}: ${result}`).toBe(trail);
              expect(await storedState(store, country, cycleId, [])).toEqual(before);
            }
          }
          const { replayed, stored, versionsAhead, breaks } = await compareTrailWithStore(
            store,
            country,
            cycleId,
          );
          expect(breaks).toEqual([]);
          expect(versionsAhead).toEqual([]);
          expect(replayed).toEqual(stored);
        },
      ),
      { numRuns: 4, examples: [[{ type: "all" }, throughApproval]] },
    );
  });
});
