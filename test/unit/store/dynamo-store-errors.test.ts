import {
  type CancellationReason,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  QueryCommand,
  ScanCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  IdempotencyError,
  ServiceUnavailableError,
  StateConflictError,
  VersionConflictError,
} from "../../../functions/core/errors.js";
import type { Changeset, IdempotencyRecord } from "../../../functions/core/ports.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { aCycle, anAuditEvent, anEntry, aStage, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";

const ddb = mockClient(DynamoDBClient);
afterEach(() => ddb.reset());

const now = new Date(Date.parse(FIXTURE_TIME) + 3_600_000);
const store = createDynamoStore({ client: new DynamoDBClient({}), tableName: "planner", now: () => now });

const ref = newCycleRef();
const assessment = aStage(ref, "assessment");
const entry = anEntry(ref);
const event = anAuditEvent(ref, { action: "entry.upserted" });
const idempotency: IdempotencyRecord = {
  country: ref.country,
  scope: "auth0|member-police PUT /cycles/{id}/assessment/entries/{measureId}",
  key: "retry-7",
  requestHash: "sha256:77",
  status: 200,
  response: { ok: true },
  createdAt: FIXTURE_TIME,
};

/** Saves an answer while the assessment must stay editable: [entry put, stage check, event put, idempotency put]. */
const saveAnswer: Changeset = {
  writes: [{ entity: "entry", item: { ...entry, version: 3 }, expectedVersion: 2 }],
  checks: [{ ...ref, stage: "assessment", states: ["draft", "returned"] }],
  events: [event],
  idempotency,
};

function cancelled(...reasons: CancellationReason[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: "Transaction cancelled, please refer cancellation reasons for specific reasons",
    $metadata: {},
    CancellationReasons: reasons,
  });
}

const none: CancellationReason = { Code: "None" };
const failed = (old?: Record<string, unknown>): CancellationReason => ({
  Code: "ConditionalCheckFailed",
  Message: "The conditional request failed",
  ...(old ? { Item: marshall(old) } : {}),
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}

describe("a cancelled transaction", () => {
  it("names the write whose version moved on, by its index, with the version found", async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(failed({ ...entry, version: 4 }), none, none, none));

    const error = await failureOf(store.commit(saveAnswer));

    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).details).toEqual({
      entity: "entry",
      key: `${ref.cycleId}/TIP.PROS.1.1`,
      currentVersion: 4,
    });
    expect((error as Error).message).toBe(
      `the entry ${ref.cycleId}/TIP.PROS.1.1 is at version 4, not 2: reload it and try again`,
    );
    expect((error as Error).cause).toBeInstanceOf(TransactionCanceledException);
  });

  it("names the second write, not the first, when the second one failed", async () => {
    const cycle = aCycle(ref);
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(none, failed()));

    const error = await failureOf(
      store.commit({
        writes: [
          { entity: "cycle", item: { ...cycle, version: 2 }, expectedVersion: 1 },
          { entity: "stage", item: { ...assessment, version: 6 }, expectedVersion: 5 },
        ],
        events: [],
      }),
    );

    expect((error as VersionConflictError).details).toEqual({
      entity: "stage",
      key: `${ref.cycleId}/assessment`,
      currentVersion: null,
    });
    expect((error as Error).message).toContain("no longer exists");
  });

  it("reports the version of an item that was to be created but exists", async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(failed({ ...entry, version: 1 })));

    const error = await failureOf(
      store.commit({ writes: [{ entity: "entry", item: entry, expectedVersion: null }], events: [] }),
    );

    expect((error as VersionConflictError).details).toMatchObject({ entity: "entry", currentVersion: 1 });
    expect((error as Error).message).toContain("already exists (version 1)");
  });

  it("turns a failed stage check into stage_locked with the state the stage is in", async () => {
    const submitted = { ...assessment, state: "submitted", version: 2 };
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(none, failed(submitted), none, none));

    const error = await failureOf(store.commit(saveAnswer));

    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as StateConflictError).code).toBe("stage_locked");
    expect((error as StateConflictError).details).toEqual({ stage: "assessment", state: "submitted" });
    expect((error as Error).message).toMatch(/^the assessment stage is submitted now: /);
  });

  it("answers idempotency_key_in_use when the key was taken, even if the other writes failed too", async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(failed({ version: 3 }), none, none, failed()));

    const error = await failureOf(store.commit(saveAnswer));

    expect(error).toBeInstanceOf(IdempotencyError);
    expect((error as IdempotencyError).code).toBe("idempotency_key_in_use");
  });

  it("sends a transaction cancelled by a concurrent one again, and succeeds when the item is free", async () => {
    const conflict = cancelled(
      none,
      { Code: "TransactionConflict", Message: "Transaction is ongoing" },
      none,
      none,
    );
    ddb.on(TransactWriteItemsCommand).rejectsOnce(conflict).rejectsOnce(conflict).resolves({});

    await store.commit(saveAnswer);

    const sent = ddb.commandCalls(TransactWriteItemsCommand).map((c) => c.args[0].input.TransactItems);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual(sent[0]);
  });

  it("answers ServiceUnavailableError naming the contended item once its attempts ran out", async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejects(
        cancelled(none, { Code: "TransactionConflict", Message: "Transaction is ongoing" }, none, none),
      );

    const error = await failureOf(store.commit(saveAnswer));

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retryAfterSeconds).toBe(2);
    expect((error as Error).message).toMatch(
      /^the stage .+\/assessment kept being changed by other requests/,
    );
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(4);
  });

  it("never sends a transaction again when a condition failed", async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejects(cancelled(failed({ ...entry, version: 4 }), { Code: "TransactionConflict" }, none, none));

    expect(await failureOf(store.commit(saveAnswer))).toBeInstanceOf(VersionConflictError);
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it("turns a throttled item into ServiceUnavailableError once its attempts ran out", async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(none, { Code: "ThrottlingError" }, none, none));

    const error = await failureOf(store.commit(saveAnswer));

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retryAfterSeconds).toBe(2);
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(4);
  });

  it("rethrows a cancellation it cannot explain unchanged", async () => {
    const unexplained = cancelled(
      none,
      { Code: "ValidationError", Message: "Item size exceeded" },
      none,
      none,
    );
    ddb.on(TransactWriteItemsCommand).rejects(unexplained);

    expect(await failureOf(store.commit(saveAnswer))).toBe(unexplained);
  });
});

describe("a throttled or failing DynamoDB", () => {
  const unavailable = [
    new ProvisionedThroughputExceededException({ message: "Rate exceeded", $metadata: {} }),
    Object.assign(new Error("Rate of requests exceeds the allowed throughput"), {
      name: "ThrottlingException",
    }),
    Object.assign(new Error("Internal server error"), { name: "InternalServerError" }),
  ];

  it.each(unavailable)(
    "turns $name on a commit into ServiceUnavailableError, keeping the cause",
    async (sdkError) => {
      ddb.on(TransactWriteItemsCommand).rejects(sdkError);

      const error = await failureOf(store.commit(saveAnswer));

      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).retryAfterSeconds).toBe(2);
      expect((error as Error).cause).toBe(sdkError);
    },
  );

  it.each(unavailable)("turns $name on reads into ServiceUnavailableError", async (sdkError) => {
    ddb.on(GetItemCommand).rejects(sdkError).on(QueryCommand).rejects(sdkError);

    for (const read of [
      store.getStage(ref.country, ref.cycleId, "assessment"),
      store.getCycle(ref.country, ref.cycleId),
      store.listAudit(ref.country, ref.cycleId, { limit: 10 }),
    ]) {
      const error = await failureOf(read);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as Error).cause).toBe(sdkError);
    }
  });

  it("rethrows an error it does not know unchanged", async () => {
    const unknown = Object.assign(new Error("Requested resource not found"), {
      name: "ResourceNotFoundException",
    });
    ddb.on(TransactWriteItemsCommand).rejects(unknown).on(GetItemCommand).rejects(unknown);

    expect(await failureOf(store.commit(saveAnswer))).toBe(unknown);
    expect(await failureOf(store.getEntry(ref.country, ref.cycleId, "TIP.PROS.1.1"))).toBe(unknown);
  });
});

describe("the transaction sent", () => {
  it("puts every write, check, event and idempotency record under a named condition, returning the old item", async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const created = anEntry(ref, "TIP.PROS.1.2");

    await store.commit({
      ...saveAnswer,
      writes: [...saveAnswer.writes, { entity: "entry", item: created, expectedVersion: null }],
    });

    const calls = ddb.commandCalls(TransactWriteItemsCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]?.args[0].input.TransactItems ?? [];
    const cyclePk = `T#${ref.country}#CYCLE#${ref.cycleId}`;
    expect(items.map((i) => i.Put?.Item?.sk?.S ?? i.ConditionCheck?.Key?.sk?.S)).toEqual([
      "ENTRY#TIP.PROS.1.1",
      "ENTRY#TIP.PROS.1.2",
      "#STAGE#assessment",
      `${event.at}#${event.id}`,
      "#IDEM",
    ]);
    expect(items[0]?.Put).toMatchObject({
      TableName: "planner",
      ConditionExpression: "#version = :expected",
      ExpressionAttributeNames: { "#version": "version" },
      ExpressionAttributeValues: { ":expected": { N: "2" } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(items[0]?.Put?.Item).toMatchObject({ pk: { S: cyclePk }, entityType: { S: "entry" } });
    expect(items[1]?.Put).toMatchObject({
      ConditionExpression: "attribute_not_exists(#pk)",
      ExpressionAttributeNames: { "#pk": "pk" },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(items[2]?.ConditionCheck).toEqual({
      TableName: "planner",
      Key: { pk: { S: cyclePk }, sk: { S: "#STAGE#assessment" } },
      ConditionExpression: "#state IN (:s0, :s1)",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":s0": { S: "draft" }, ":s1": { S: "returned" } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(items[3]?.Put).toMatchObject({
      ConditionExpression: "attribute_not_exists(#pk)",
      Item: { pk: { S: `${cyclePk}#AUDIT` }, entityType: { S: "audit" } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(items[4]?.Put).toMatchObject({
      ConditionExpression: "attribute_not_exists(#pk) OR #expiresAt <= :now",
      ExpressionAttributeValues: { ":now": { N: String(now.getTime() / 1000) } },
      Item: { expiresAt: { N: String(Date.parse(FIXTURE_TIME) / 1000 + 86_400) } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(items[4]?.Put?.Item?.pk?.S).toMatch(new RegExp(`^T#${ref.country}#IDEM#[0-9a-f]{64}$`));
  });

  it("puts an active cycle and a stage with an outbox in the system queues, and others not", async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const active = aCycle(ref);
    const closed = aCycle(newCycleRef(), { status: "closed" });
    const pending = aStage(ref, "priorities", { outbox: { kind: "submission", createdAt: FIXTURE_TIME } });

    await store.commit({
      writes: [active, closed].map((item) => ({ entity: "cycle" as const, item, expectedVersion: null })),
      events: [],
    });
    await store.commit({
      writes: [pending, assessment].map((item) => ({
        entity: "stage" as const,
        item,
        expectedVersion: null,
      })),
      events: [],
    });

    const [cycles, stages] = ddb
      .commandCalls(TransactWriteItemsCommand)
      .map((c) => c.args[0].input.TransactItems);
    expect(cycles?.[0]?.Put?.Item).toMatchObject({
      gsi1pk: { S: `T#${ref.country}#CYCLES` },
      gsi1sk: { S: `${FIXTURE_TIME}#${ref.cycleId}` },
      gsi2pk: { S: "SYS#ACTIVE_CYCLES" },
      gsi2sk: { S: `${ref.country}#${ref.cycleId}` },
    });
    expect(cycles?.[1]?.Put?.Item).not.toHaveProperty("gsi2pk");
    expect(stages?.[0]?.Put?.Item).toMatchObject({
      gsi2pk: { S: "SYS#OUTBOX" },
      gsi2sk: { S: `${ref.country}#${ref.cycleId}#priorities` },
    });
    expect(stages?.[1]?.Put?.Item).not.toHaveProperty("gsi2pk");
  });

  it("refuses a changeset of 101 items before calling DynamoDB, and sends one of 100", async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const events = Array.from({ length: 100 }, () => anAuditEvent(ref));

    await expect(store.commit({ writes: [], events, idempotency })).rejects.toThrow(/100 items at most/);
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    await store.commit({ writes: [], events });
    expect(ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it("refuses a changeset that touches one item twice, before calling DynamoDB", async () => {
    const twice: Changeset = {
      writes: [
        { entity: "entry", item: entry, expectedVersion: null },
        { entity: "entry", item: { ...entry, severity: 3 }, expectedVersion: null },
      ],
      events: [],
    };

    await expect(store.commit(twice)).rejects.toThrow(/twice/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it("sends nothing for an empty changeset", async () => {
    await store.commit({ writes: [], checks: [], events: [] });

    expect(ddb.calls()).toHaveLength(0);
  });
});

describe("calls per Store method", () => {
  it("never scans, and makes a fixed number of calls per method", async () => {
    ddb.on(GetItemCommand).resolves({});
    ddb.on(TransactWriteItemsCommand).resolves({});
    // The first entries page reports more to come: listEntries follows it, and nothing else needs to.
    ddb
      .on(QueryCommand)
      .resolves({ Items: [] })
      .on(QueryCommand, { ExpressionAttributeValues: { ":prefix": { S: "ENTRY#" } } })
      .resolvesOnce({ Items: [], LastEvaluatedKey: marshall({ pk: "p", sk: "ENTRY#TIP.PROS.1.1" }) })
      .resolves({ Items: [] });
    const { country, cycleId } = ref;
    const methods: [string, () => Promise<unknown>, number][] = [
      ["getCycle", () => store.getCycle(country, cycleId), 1],
      ["listCycles", () => store.listCycles(country, { limit: 20 }), 1],
      ["getStage", () => store.getStage(country, cycleId, "assessment"), 1],
      ["getEntry", () => store.getEntry(country, cycleId, "TIP.PROS.1.1"), 1],
      ["listEntries", () => store.listEntries(country, cycleId), 2],
      ["getPeriod", () => store.getPeriod(country, cycleId, 0), 1],
      ["listAudit", () => store.listAudit(country, cycleId, { limit: 20 }), 1],
      ["getIdempotency", () => store.getIdempotency(country, "scope", "key"), 1],
      ["commit", () => store.commit(saveAnswer), 1],
      ["listActiveCycles", () => store.listActiveCycles(), 1],
      ["listPendingDeliveries", () => store.listPendingDeliveries(), 1],
    ];

    const counts: Record<string, number> = {};
    for (const [name, call] of methods) {
      const before = ddb.calls().length;
      await call();
      counts[name] = ddb.calls().length - before;
    }

    expect(counts).toEqual(Object.fromEntries(methods.map(([name, , calls]) => [name, calls])));
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });
});
