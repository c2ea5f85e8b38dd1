import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IdempotencyError,
  StateConflictError,
  ValidationError,
  VersionConflictError,
} from "../../../functions/core/errors.js";
import type { Changeset, IdempotencyRecord, Store } from "../../../functions/core/ports.js";
import type { Stage } from "../../../functions/core/stage.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { CorruptItemError } from "../../../functions/store/items.js";
import { entryKey } from "../../../functions/store/keys.js";
import { STAGE_ORDER } from "../../../workflows/schemas.js";
import { createTestTable } from "../../support/dynamo.js";
import {
  aCycle,
  anAuditEvent,
  anEntry,
  aPeriod,
  aStage,
  type CycleRef,
  FIXTURE_TIME,
  newCycleRef,
} from "../../support/fixtures.js";

let client: DynamoDBClient;
let tableName: string;
let store: Store;

beforeAll(async () => {
  ({ client, tableName } = await createTestTable());
  // Fixture records are created at FIXTURE_TIME: the store's clock stands an hour later, inside their day.
  store = createDynamoStore({ client, tableName, now: () => new Date(Date.parse(FIXTURE_TIME) + 3_600_000) });
});

afterAll(() => client.destroy());

/** A new cycle with its three stages and its creation event, committed as createCycle does. */
async function createCycle(ref: CycleRef = newCycleRef(), overrides: Parameters<typeof aCycle>[1] = {}) {
  const cycle = aCycle(ref, overrides);
  const stages = STAGE_ORDER.map((name) => aStage(ref, name));
  await store.commit({
    writes: [
      { entity: "cycle", item: cycle, expectedVersion: null },
      ...stages.map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
    ],
    events: [anAuditEvent(ref)],
  });
  return { ref, cycle, stages };
}

function stageWrite(stage: Stage, changes: Partial<Stage>, expectedVersion = stage.version) {
  const item = { ...stage, ...changes, version: expectedVersion + 1 };
  return { entity: "stage" as const, item, expectedVersion };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the commit should have failed"),
    (error: unknown) => error,
  );
}

async function auditIds(ref: CycleRef): Promise<string[]> {
  const page = await store.listAudit(ref.country, ref.cycleId, { limit: 100 });
  return page.items.map((e) => e.id);
}

describe("reading back what was committed", () => {
  it("returns a cycle with its stages in workflow order in one getCycle, leaving entries and periods out", async () => {
    const ref = newCycleRef();
    const cycle = aCycle(ref);
    const stages = [...STAGE_ORDER].reverse().map((name) => aStage(ref, name));
    await store.commit({
      writes: [
        { entity: "cycle", item: cycle, expectedVersion: null },
        ...stages.map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
        { entity: "entry", item: anEntry(ref), expectedVersion: null },
        { entity: "period", item: aPeriod(ref), expectedVersion: null },
      ],
      events: [anAuditEvent(ref)],
    });

    const found = await store.getCycle(ref.country, ref.cycleId);

    expect(found?.cycle).toEqual(cycle);
    expect(found?.stages.map((s) => s.stage)).toEqual(STAGE_ORDER);
    expect(found?.stages).toEqual(STAGE_ORDER.map((name) => aStage(ref, name)));
    expect(await store.getStage(ref.country, ref.cycleId, "priorities")).toEqual(aStage(ref, "priorities"));
  });

  it("answers undefined for a cycle, stage, entry or period that does not exist", async () => {
    const ref = newCycleRef();

    expect(await store.getCycle(ref.country, ref.cycleId)).toBeUndefined();
    expect(await store.getStage(ref.country, ref.cycleId, "assessment")).toBeUndefined();
    expect(await store.getEntry(ref.country, ref.cycleId, "TIP.PROS.1.1")).toBeUndefined();
    expect(await store.getPeriod(ref.country, ref.cycleId, 0)).toBeUndefined();
  });

  it("does not show one country's cycle under another country's id", async () => {
    const { ref } = await createCycle(newCycleRef("UGA"));

    expect(await store.getCycle("KEN", ref.cycleId)).toBeUndefined();
  });

  it("lists every entry of a cycle and none of another cycle's", async () => {
    const { ref } = await createCycle();
    const { ref: other } = await createCycle();
    const entries = ["TIP.PROS.1.1", "TIP.PROS.1.2", "TIP.PREV.1.1"].map((id) => anEntry(ref, id));
    await store.commit({
      writes: [
        ...entries.map((item) => ({ entity: "entry" as const, item, expectedVersion: null })),
        { entity: "entry", item: anEntry(other, "TIP.PROS.1.3"), expectedVersion: null },
      ],
      events: [],
    });

    const listed = await store.listEntries(ref.country, ref.cycleId);

    expect(listed).toHaveLength(3);
    expect(listed).toEqual(expect.arrayContaining(entries));
    expect(await store.getEntry(ref.country, ref.cycleId, "TIP.PREV.1.1")).toEqual(entries[2]);
  });

  it("stores reporting periods under their index", async () => {
    const { ref } = await createCycle();
    const periods = [aPeriod(ref, 0), aPeriod(ref, 11, { state: "open", openedAt: FIXTURE_TIME })];
    await store.commit({
      writes: periods.map((item) => ({ entity: "period" as const, item, expectedVersion: null })),
      events: [],
    });

    expect(await store.getPeriod(ref.country, ref.cycleId, 11)).toEqual(periods[1]);
    expect(await store.getPeriod(ref.country, ref.cycleId, 0)).toEqual(periods[0]);
    expect(await store.getPeriod(ref.country, ref.cycleId, 1)).toBeUndefined();
  });

  it("pages through the audit trail in chronological order", async () => {
    const ref = newCycleRef();
    const times = [5, 1, 4, 2, 3].map((day) => `2026-03-0${day}T10:00:00.000Z`);
    const events = times.map((at) => anAuditEvent(ref, { at }));
    // One commit each, out of order: the order read back comes from the events' times, not from write order.
    for (const event of events) await store.commit({ writes: [], events: [event] });
    const chronological = [...events].sort((a, b) => a.at.localeCompare(b.at)).map((e) => e.id);

    const first = await store.listAudit(ref.country, ref.cycleId, { limit: 2 });
    const second = await store.listAudit(ref.country, ref.cycleId, { limit: 2, cursor: first.cursor });
    const third = await store.listAudit(ref.country, ref.cycleId, { limit: 2, cursor: second.cursor });

    expect([...first.items, ...second.items, ...third.items].map((e) => e.id)).toEqual(chronological);
    expect(first.cursor).toBeDefined();
    expect(second.cursor).toBeDefined();
    expect(third.cursor).toBeUndefined();
    expect(third.items[0]).toEqual(events[0]);
  });

  it("lists a country's cycles newest first, page by page, and no other country's", async () => {
    const country = "TZA";
    const days = ["2026-01-10", "2026-03-10", "2026-02-10"];
    const created: Awaited<ReturnType<typeof createCycle>>[] = [];
    for (const day of days) {
      created.push(await createCycle(newCycleRef(country), { createdAt: `${day}T08:00:00.000Z` }));
    }
    await createCycle(newCycleRef("RWA"));

    const first = await store.listCycles(country, { limit: 2 });
    const second = await store.listCycles(country, { limit: 2, cursor: first.cursor });

    const ids = [...first.items, ...second.items].map((c) => c.id);
    expect(ids).toEqual([1, 2, 0].map((i) => created[i]?.ref.cycleId));
    expect(second.cursor).toBeUndefined();
    expect(first.items[0]).toEqual(created[1]?.cycle);
  });

  it("refuses a cursor it did not issue, or one issued for another listing", async () => {
    const ref = newCycleRef();
    for (const at of ["2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z"]) {
      await store.commit({ writes: [], events: [anAuditEvent(ref, { at })] });
    }
    const { cursor: auditCursor } = await store.listAudit(ref.country, ref.cycleId, { limit: 1 });

    for (const cursor of ["not-a-cursor", Buffer.from('{"pk":1}').toString("base64url"), auditCursor]) {
      const error = await failureOf(store.listCycles("KEN", { limit: 5, cursor }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual({ field: "cursor" });
    }
    const otherCycle = await failureOf(
      store.listAudit("KEN", newCycleRef().cycleId, { limit: 1, cursor: auditCursor }),
    );
    expect(otherCycle).toBeInstanceOf(ValidationError);
  });

  it("reports an item that no longer matches its schema, naming its key", async () => {
    const ref = newCycleRef();
    const key = entryKey(ref.country, ref.cycleId, "TIP.PROS.1.1");
    const item = { ...anEntry(ref), severity: 7, ...key, entityType: "entry" };
    await client.send(new PutItemCommand({ TableName: tableName, Item: marshall(item) }));

    const error = await failureOf(store.getEntry(ref.country, ref.cycleId, "TIP.PROS.1.1"));

    expect(error).toBeInstanceOf(CorruptItemError);
    expect((error as Error).message).toContain(`pk=${key.pk} sk=${key.sk}`);
    expect((error as Error).message).toContain("severity");
  });
});

describe("committing a changeset", () => {
  it("rejects a stale expected version with the current version, and writes nothing of the changeset", async () => {
    const { ref, stages } = await createCycle();
    const [assessment] = stages;
    if (!assessment) throw new Error("no assessment stage");
    await store.commit({ writes: [stageWrite(assessment, { state: "submitted", round: 1 })], events: [] });
    const stale: Changeset = {
      writes: [
        { entity: "entry", item: anEntry(ref), expectedVersion: null },
        stageWrite(assessment, { returnReason: "stale" }),
      ],
      events: [anAuditEvent(ref, { action: "stage.returned", at: "2026-04-01T00:00:00.000Z" })],
    };

    const error = await failureOf(store.commit(stale));

    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).details).toEqual({
      entity: "stage",
      key: `${ref.cycleId}/assessment`,
      currentVersion: 2,
    });
    expect((error as Error).message).toContain(`stage ${ref.cycleId}/assessment is at version 2, not 1`);
    expect(await store.getEntry(ref.country, ref.cycleId, "TIP.PROS.1.1")).toBeUndefined();
    expect(await auditIds(ref)).not.toContain(stale.events[0]?.id);
    expect((await store.getStage(ref.country, ref.cycleId, "assessment"))?.state).toBe("submitted");
  });

  it("refuses to create an item that already exists, naming its current version", async () => {
    const { ref } = await createCycle();
    const entry = anEntry(ref);
    await store.commit({ writes: [{ entity: "entry", item: entry, expectedVersion: null }], events: [] });
    await store.commit({
      writes: [{ entity: "entry", item: { ...entry, severity: 3, version: 2 }, expectedVersion: 1 }],
      events: [],
    });

    const error = await failureOf(
      store.commit({ writes: [{ entity: "entry", item: entry, expectedVersion: null }], events: [] }),
    );

    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).details).toEqual({
      entity: "entry",
      key: `${ref.cycleId}/TIP.PROS.1.1`,
      currentVersion: 2,
    });
  });

  it("fails with stage_locked when a stage check no longer holds, and writes nothing", async () => {
    const { ref, stages } = await createCycle();
    const [assessment] = stages;
    if (!assessment) throw new Error("no assessment stage");
    await store.commit({ writes: [stageWrite(assessment, { state: "submitted", round: 1 })], events: [] });
    const event = anAuditEvent(ref, { action: "entry.upserted", at: "2026-04-01T00:00:00.000Z" });

    const error = await failureOf(
      store.commit({
        writes: [{ entity: "entry", item: anEntry(ref), expectedVersion: null }],
        checks: [{ ...ref, stage: "assessment", states: ["draft", "returned"] }],
        events: [event],
      }),
    );

    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as StateConflictError).code).toBe("stage_locked");
    expect((error as StateConflictError).details).toEqual({ stage: "assessment", state: "submitted" });
    expect((error as Error).message).toMatch(/^the assessment stage is submitted now/);
    expect(await store.getEntry(ref.country, ref.cycleId, "TIP.PROS.1.1")).toBeUndefined();
    expect(await auditIds(ref)).not.toContain(event.id);
  });

  it("checks the state of a stage that the same changeset writes", async () => {
    const { ref, stages } = await createCycle();
    const [assessment] = stages;
    if (!assessment) throw new Error("no assessment stage");
    const check = { ...ref, stage: "assessment" as const, states: ["submitted" as const] };

    const error = await failureOf(
      store.commit({ writes: [stageWrite(assessment, { state: "approved" })], checks: [check], events: [] }),
    );
    await store.commit({
      writes: [stageWrite(assessment, { state: "submitted" })],
      checks: [{ ...check, states: ["draft"] }],
      events: [],
    });

    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as StateConflictError).details).toEqual({ stage: "assessment", state: "draft" });
    expect((await store.getStage(ref.country, ref.cycleId, "assessment"))?.state).toBe("submitted");
  });

  it("honours an Idempotency-Key once: the second use fails and the first response stays readable", async () => {
    const { ref } = await createCycle();
    const record: IdempotencyRecord = {
      country: ref.country,
      scope: "auth0|member-police POST /cycles/{id}/assessment/entries",
      key: "4f7d2c1e-entry-save",
      requestHash: "sha256:ab12",
      status: 201,
      response: { measureId: "TIP.PROS.1.1", version: 1, notes: [], empty: "" },
      createdAt: FIXTURE_TIME,
    };
    await store.commit({
      writes: [{ entity: "entry", item: anEntry(ref), expectedVersion: null }],
      events: [],
      idempotency: record,
    });

    const error = await failureOf(
      store.commit({
        writes: [{ entity: "entry", item: anEntry(ref, "TIP.PROS.1.2"), expectedVersion: null }],
        events: [],
        idempotency: { ...record, response: { other: true } },
      }),
    );

    expect(error).toBeInstanceOf(IdempotencyError);
    expect((error as IdempotencyError).code).toBe("idempotency_key_in_use");
    expect(await store.getIdempotency(ref.country, record.scope, record.key)).toEqual(record);
    expect(await store.getEntry(ref.country, ref.cycleId, "TIP.PROS.1.2")).toBeUndefined();
    expect(await store.getIdempotency(ref.country, "another caller", record.key)).toBeUndefined();
  });

  it("forgets an idempotency record after a day, even before TTL deletes it, and lets the key be used again", async () => {
    const ref = newCycleRef();
    const record: IdempotencyRecord = {
      country: ref.country,
      scope: "auth0|coordinator-ken POST /cycles",
      key: "reused-next-day",
      requestHash: "sha256:01",
      status: 201,
      response: { id: ref.cycleId },
      createdAt: FIXTURE_TIME,
    };
    await store.commit({ writes: [], events: [], idempotency: record });
    const nextDay = createDynamoStore({
      client,
      tableName,
      now: () => new Date(Date.parse(FIXTURE_TIME) + 25 * 3_600_000),
    });

    expect(await nextDay.getIdempotency(ref.country, record.scope, record.key)).toBeUndefined();
    const renewed = { ...record, createdAt: "2026-03-03T10:00:00.000Z", response: { id: "again" } };
    await nextDay.commit({ writes: [], events: [], idempotency: renewed });
    expect(await nextDay.getIdempotency(ref.country, record.scope, record.key)).toEqual(renewed);
  });

  it("lets exactly one of 20 concurrent writers with the same expected version win", async () => {
    const { ref, stages } = await createCycle();
    const [assessment] = stages;
    if (!assessment) throw new Error("no assessment stage");

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.commit({
          writes: [stageWrite(assessment, { submittedBy: `writer-${i}` })],
          events: [anAuditEvent(ref, { action: "stage.submitted", at: "2026-04-01T00:00:00.000Z" })],
        }),
      ),
    );

    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const reason of lost) expect(reason).toBeInstanceOf(VersionConflictError);
    expect((await store.getStage(ref.country, ref.cycleId, "assessment"))?.version).toBe(2);
    expect(await auditIds(ref)).toHaveLength(2);
  });
});

describe("system queues", () => {
  it("lists an active cycle, and stops listing it once it is closed", async () => {
    const { ref, cycle } = await createCycle();
    const { ref: other } = await createCycle(newCycleRef("UGA"));
    const refs = { ref: { country: ref.country, cycleId: ref.cycleId }, other };

    expect(await store.listActiveCycles()).toEqual(expect.arrayContaining([refs.ref, refs.other]));
    await store.commit({
      writes: [{ entity: "cycle", item: { ...cycle, status: "closed", version: 2 }, expectedVersion: 1 }],
      events: [],
    });

    const active = await store.listActiveCycles();
    expect(active).not.toContainEqual(refs.ref);
    expect(active).toContainEqual(refs.other);
  });

  it("lists a stage while it has an outbox, and not once it is written without one", async () => {
    const { ref, stages } = await createCycle();
    const [assessment] = stages;
    if (!assessment) throw new Error("no assessment stage");
    const submitted = stageWrite(assessment, {
      state: "submitted",
      round: 1,
      outbox: { kind: "submission", createdAt: FIXTURE_TIME },
    });
    const pending = { ...ref, stage: "assessment" };

    await store.commit({ writes: [submitted], events: [] });
    expect(await store.listPendingDeliveries()).toContainEqual(pending);

    const { outbox: _delivered, ...withoutOutbox } = submitted.item;
    await store.commit({ writes: [stageWrite(withoutOutbox, {})], events: [] });
    expect(await store.listPendingDeliveries()).not.toContainEqual(pending);
  });
});
