import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VersionConflictError } from "../../../functions/core/errors.js";
import type { Notification } from "../../../functions/core/notifications.js";
import type { Store } from "../../../functions/core/ports.js";
import type { RecordOf } from "../../../functions/core/records.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { coordinator, FIXTURE_TIME, newCycleRef, newId } from "../../support/fixtures.js";

describe("cycle records and inboxes in DynamoDB", () => {
  let client: DynamoDBClient;
  let store: Store;

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    store = createDynamoStore({ client, tableName: table.tableName });
  });
  afterAll(() => client.destroy());

  const report = (
    ref: { country: string; cycleId: string },
    period: number,
    agency: string,
  ): RecordOf<"report"> => ({
    kind: "report",
    id: `${String(period).padStart(3, "0")}:${agency}`,
    ...ref,
    periodIndex: period,
    agency,
    activities: [],
    indicatorActuals: [],
    narrative: "Quarter on track",
    submittedBy: coordinator,
    submittedAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    version: 1,
  });

  it("stores records by kind, lists them in id order by prefix, and guards their versions", async () => {
    const ref = newCycleRef();
    await store.commit({
      writes: [
        { entity: "record", item: report(ref, 1, "police"), expectedVersion: null },
        { entity: "record", item: report(ref, 0, "labour-inspectorate"), expectedVersion: null },
        { entity: "record", item: report(ref, 1, "labour-inspectorate"), expectedVersion: null },
      ],
      events: [],
    });
    const all = await store.listRecords(ref.country, ref.cycleId, "report");
    expect(all.map((r) => r.id)).toEqual([
      "000:labour-inspectorate",
      "001:labour-inspectorate",
      "001:police",
    ]);
    const period1 = await store.listRecords(ref.country, ref.cycleId, "report", "001:");
    expect(period1.map((r) => r.agency)).toEqual(["labour-inspectorate", "police"]);
    expect(await store.getRecord(ref.country, ref.cycleId, "report", "001:police")).toMatchObject({
      version: 1,
    });
    expect(await store.listRecords(ref.country, ref.cycleId, "activity")).toEqual([]);
    // The cycle header query does not see records.
    expect(await store.getCycle(ref.country, ref.cycleId)).toBeUndefined();

    const stale = store.commit({
      writes: [{ entity: "record", item: { ...report(ref, 1, "police"), version: 2 }, expectedVersion: 5 }],
      events: [],
    });
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ details: { currentVersion: 1 } });
  });

  it("finds the cycles shared with a donor organisation across countries", async () => {
    const kenya = newCycleRef("KEN");
    const mexico = newCycleRef("MEX");
    const share = (ref: { country: string; cycleId: string }, organisation: string): RecordOf<"share"> => ({
      kind: "share",
      id: organisation,
      ...ref,
      organisation,
      sharedBy: coordinator,
      sharedAt: FIXTURE_TIME,
      updatedAt: FIXTURE_TIME,
      version: 1,
    });
    const org = `donor-${newId().toLowerCase().slice(-8)}`;
    await store.commit({
      writes: [
        { entity: "record", item: share(kenya, org), expectedVersion: null },
        { entity: "record", item: share(mexico, org), expectedVersion: null },
        { entity: "record", item: share(mexico, `${org}-other`), expectedVersion: null },
      ],
      events: [],
    });
    const shared = await store.listSharedCycles(org);
    expect(shared).toHaveLength(2);
    expect(shared).toEqual(expect.arrayContaining([kenya, mexico]));
  });

  it("keeps each recipient's inbox apart and lists it newest first with a cursor", async () => {
    const ref = newCycleRef("NLD");
    const note = (recipient: Notification["recipient"], at: string): Notification => ({
      id: newId(),
      country: ref.country,
      recipient,
      kind: "reminder",
      cycleId: ref.cycleId,
      subject: "Report overdue",
      body: "The Q3 report is overdue",
      at,
    });
    await store.commit({
      writes: [
        {
          entity: "notification",
          item: note("agency:labour-inspectorate", "2027-10-01T00:00:00.000Z"),
          expectedVersion: null,
        },
        {
          entity: "notification",
          item: note("agency:labour-inspectorate", "2027-10-08T00:00:00.000Z"),
          expectedVersion: null,
        },
        {
          entity: "notification",
          item: note("coordinator", "2027-10-15T00:00:00.000Z"),
          expectedVersion: null,
        },
      ],
      events: [],
    });
    const first = await store.listInbox(ref.country, "agency:labour-inspectorate", { limit: 1 });
    expect(first.items.map((n) => n.at)).toEqual(["2027-10-08T00:00:00.000Z"]);
    expect(first.cursor).toBeDefined();
    const second = await store.listInbox(ref.country, "agency:labour-inspectorate", {
      limit: 1,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    expect(second.items.map((n) => n.at)).toEqual(["2027-10-01T00:00:00.000Z"]);
    expect(second.cursor).toBeUndefined();
    expect((await store.listInbox(ref.country, "coordinator", { limit: 10 })).items).toHaveLength(1);
    expect(
      (await store.listInbox("KEN", "coordinator", { limit: 10 })).items.every((n) => n.country === "KEN"),
    ).toBe(true);
  });
});
