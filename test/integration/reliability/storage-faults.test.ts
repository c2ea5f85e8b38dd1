import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ScanCommand,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { newCycleBody, tipMeasureIds } from "../../unit/http/harness.js";
import { createDynamoApp, type DynamoApp } from "./dynamo-app.js";
import { type FaultyClient, faultyClient } from "./fault-injection.js";

// DynamoDB throttling, failing and cancelling transactions under the HTTP app: the SDK retries what is transient
// (the store itself retries a transaction cancelled for contention), a request that still fails answers 503 with
// Retry-After, and the table never holds part of a change.
const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: "The level of configured provisioned throughput for the table was exceeded",
    $metadata: { httpStatusCode: 400 },
  });
const internal = () =>
  new InternalServerError({ message: "Internal server error", $metadata: { httpStatusCode: 500 } });
const conflict = () =>
  new TransactionCanceledException({
    message:
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]",
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: [
      { Code: "None" },
      { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" },
    ],
  });

const TRANSACT = "TransactWriteItemsCommand";

describe("DynamoDB faults under the API", () => {
  let faulty: FaultyClient;
  let app: DynamoApp;

  beforeAll(async () => {
    faulty = faultyClient();
    app = await createDynamoApp({ client: faulty.client });
  });
  afterEach(() => {
    faulty.faults.length = 0;
    faulty.attempts.length = 0;
  });
  afterAll(async () => {
    faulty.client.destroy();
    await app.close();
  });

  async function newCycle(): Promise<string> {
    const res = await app.call("POST", "/cycles", { as: "coordinator", body: newCycleBody() });
    expect(res.status, res.text).toBe(201);
    faulty.attempts.length = 0;
    return String(res.body.id);
  }

  /** Every item of the table, in key order: the whole truth about what a failed request left behind. */
  async function table(): Promise<unknown[]> {
    const items: unknown[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await app.client.send(
        new ScanCommand({ TableName: app.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    return items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }

  const sends = (command: string) => faulty.attempts.filter((a) => a === command).length;

  async function auditActions(cycleId: string): Promise<string[]> {
    return (await app.inspect.listAudit("KEN", cycleId, { limit: 100 })).items.map((e) => e.action);
  }

  it.each([
    ["ProvisionedThroughputExceeded", throttled],
    ["InternalServerError", internal],
  ])("has the SDK retry %s, and the change is stored once", async (_name, error) => {
    const cycleId = await newCycle();
    faulty.faults.push({ command: TRANSACT, error, times: 1 });
    faulty.faults.push({ command: "QueryCommand", error, times: 1 });

    const saved = await app.call("PUT", `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.1`, {
      as: "coordinator",
      body: { answer: { status: "absent", severity: 3 } },
    });

    expect(saved.status, saved.text).toBe(200);
    expect(sends(TRANSACT)).toBe(2);
    expect((await app.inspect.getEntry("KEN", cycleId, "TIP.PROS.1.1"))?.version).toBe(1);
    expect(await auditActions(cycleId)).toEqual(["cycle.created", "entry.upserted"]);
  });

  it("sends a transaction cancelled by TransactionConflict again, and the change is stored once", async () => {
    const cycleId = await newCycle();
    faulty.faults.push({ command: TRANSACT, error: conflict, times: 2 });

    const saved = await app.call("PUT", `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.1`, {
      as: "coordinator",
      body: { answer: { status: "absent", severity: 3 } },
    });

    expect(saved.status, saved.text).toBe(200);
    expect(sends(TRANSACT)).toBe(3);
    expect(await auditActions(cycleId)).toEqual(["cycle.created", "entry.upserted"]);
  });

  it("succeeds once, not as a conflict with itself, when a committed transaction's answer is lost and retried", async () => {
    const cycleId = await newCycle();
    // DynamoDB commits, the answer never arrives; the SDK sends again with the same ClientRequestToken.
    faulty.faults.push({ command: TRANSACT, error: internal, times: 1, afterSend: true });

    const saved = await app.call("PUT", `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.1`, {
      as: "coordinator",
      body: { answer: { status: "absent", severity: 3 } },
    });

    expect(saved.status, saved.text).toBe(200);
    expect(sends(TRANSACT)).toBe(2);
    expect((await app.inspect.getEntry("KEN", cycleId, "TIP.PROS.1.1"))?.version).toBe(1);
    expect(await auditActions(cycleId)).toEqual(["cycle.created", "entry.upserted"]);
  });

  it.each([
    ["ProvisionedThroughputExceeded", throttled, 3],
    ["InternalServerError", internal, 3],
    ["TransactionConflict", conflict, 4],
  ])(
    "answers 503 with Retry-After once retries of %s run out, leaving no part of the change",
    async (_name, error, attempts) => {
      const cycleId = await newCycle();
      const bulk = {
        entries: tipMeasureIds()
          .slice(0, 50)
          .map((measureId) => ({ measureId, answer: { status: "partial", severity: 2 } })),
      };
      const send = () =>
        app.call("POST", `/cycles/${cycleId}/assessment/bulk`, {
          as: "coordinator",
          body: bulk,
          headers: { "Idempotency-Key": `bulk-${cycleId}` },
        });
      const before = await table();
      faulty.faults.push({ command: TRANSACT, error, times: Number.POSITIVE_INFINITY });

      const failed = await send();

      expect(failed.status, failed.text).toBe(503);
      expect(failed.headers.get("retry-after")).toBe("2");
      expect(failed.body.code).toBe("service_unavailable");
      expect(sends(TRANSACT)).toBe(attempts);
      // 50 entries, a stage check, an audit event and the idempotency record: none of them, not one.
      expect(await table()).toEqual(before);

      // Retried once the database recovers: the key holds no answer from the failure, so the change is made now.
      faulty.faults.length = 0;
      const retried = await send();
      expect(retried.status, retried.text).toBe(200);
      expect(retried.headers.get("idempotent-replayed")).toBeNull();
      expect(await app.inspect.listEntries("KEN", cycleId)).toHaveLength(50);
    },
  );

  it("answers 503 with Retry-After to a read once its retries run out", async () => {
    const cycleId = await newCycle();
    faulty.faults.push({ command: "QueryCommand", error: internal, times: Number.POSITIVE_INFINITY });

    const res = await app.call("GET", `/cycles/${cycleId}`, { as: "coordinator" });

    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(sends("QueryCommand")).toBe(3);
  });
});
