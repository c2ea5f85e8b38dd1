import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { STAGE_ORDER } from "../../workflows/schemas.js";
import type { Cycle } from "../core/cycle.js";
import { ValidationError } from "../core/errors.js";
import type { Clock, Page, PageRequest, Store } from "../core/ports.js";
import type { CycleRecord, RecordKind, RecordOf } from "../core/records.js";
import type { Stage } from "../core/stage.js";
import { type CursorPartition, decodeCursor, encodeCursor } from "./cursor.js";
import { entityTypeOf, fromItem, type Item } from "./items.js";
import {
  ACTIVE_CYCLES_QUEUE,
  auditPartition,
  CYCLE_HEADER_PREFIX,
  cyclePartition,
  cyclesOfCountry,
  ENTRY_PREFIX,
  entryKey,
  type ItemKey,
  idempotencyKey,
  inboxPartition,
  OUTBOX_QUEUE,
  PERIOD_PREFIX,
  periodKey,
  recordKey,
  recordPrefix,
  sharesOfOrganisation,
  stageKey,
} from "./keys.js";
import { INDEXES, KEY, TTL_ATTRIBUTE } from "./table.js";
import { buildTransaction } from "./transaction.js";
import { isTransientCancellation, translateError } from "./translate-errors.js";

export { MAX_TRANSACTION_ITEMS } from "./transaction.js";

export type DynamoStoreOptions = {
  client: DynamoDBClient;
  tableName: string;
  /** Decides when an idempotency record has expired (TTL deletes items days late, so expiry is checked on read). */
  now?: Clock;
};

export function createDynamoStore({ client, tableName, now = () => new Date() }: DynamoStoreOptions): Store {
  const nowSeconds = () => Math.floor(now().getTime() / 1000);

  async function get(key: ItemKey): Promise<Item | undefined> {
    try {
      const command = new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true });
      return (await client.send(command)).Item;
    } catch (error) {
      throw translateError(error);
    }
  }

  async function query(input: Omit<QueryCommandInput, "TableName">) {
    try {
      return await client.send(new QueryCommand({ TableName: tableName, ...input }));
    } catch (error) {
      throw translateError(error);
    }
  }

  async function queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await query({ ...input, ExclusiveStartKey: start });
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  // Asks for one item more than the page: when it comes back there is a next page, and when it does not, the last
  // page carries no cursor (LastEvaluatedKey alone would send the client on one extra, empty request).
  async function queryPage(
    input: Omit<QueryCommandInput, "TableName">,
    keyAttributes: readonly string[],
    partition: CursorPartition,
    request: PageRequest,
  ): Promise<{ items: Item[]; cursor?: string }> {
    if (!Number.isInteger(request.limit) || request.limit < 1) {
      throw new ValidationError("limit: must be a whole number of at least 1", { field: "limit" });
    }
    const start =
      request.cursor === undefined ? undefined : decodeCursor(request.cursor, keyAttributes, partition);
    const result = await query({ ...input, Limit: request.limit + 1, ExclusiveStartKey: start });
    const items = result.Items ?? [];
    const last = items[request.limit - 1];
    if (items.length > request.limit && last) {
      return { items: items.slice(0, request.limit), cursor: encodeCursor(last, keyAttributes) };
    }
    const next = result.LastEvaluatedKey;
    return { items, ...(next ? { cursor: encodeCursor(next, keyAttributes) } : {}) };
  }

  const partitionQuery = (pk: string, skPrefix?: string) => ({
    KeyConditionExpression: skPrefix === undefined ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :prefix)",
    ExpressionAttributeNames: { "#pk": KEY.pk, ...(skPrefix === undefined ? {} : { "#sk": KEY.sk }) },
    ExpressionAttributeValues: marshall({
      ":pk": pk,
      ...(skPrefix === undefined ? {} : { ":prefix": skPrefix }),
    }),
  });

  const indexQuery = (index: { name: string; pk: string }, pk: string) => ({
    IndexName: index.name,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": index.pk },
    ExpressionAttributeValues: marshall({ ":pk": pk }),
  });

  return {
    async getCycle(country, cycleId) {
      const items = await queryAll({
        ...partitionQuery(cyclePartition(country, cycleId), CYCLE_HEADER_PREFIX),
        ConsistentRead: true,
      });
      let cycle: Cycle | undefined;
      const stages: Stage[] = [];
      for (const item of items) {
        if (entityTypeOf(item) === "cycle") cycle = fromItem("cycle", item);
        else stages.push(fromItem("stage", item));
      }
      stages.sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage));
      return cycle ? { cycle, stages } : undefined;
    },

    async listCycles(country, request) {
      const gsi1pk = cyclesOfCountry(country);
      const page = await queryPage(
        { ...indexQuery(INDEXES.gsi1, gsi1pk), ScanIndexForward: false },
        [KEY.pk, KEY.sk, INDEXES.gsi1.pk, INDEXES.gsi1.sk],
        { attribute: INDEXES.gsi1.pk, value: gsi1pk },
        request,
      );
      return withItems(page, (item) => fromItem("cycle", item));
    },

    async getStage(country, cycleId, stage) {
      const item = await get(stageKey(country, cycleId, stage));
      return item && fromItem("stage", item);
    },

    async getEntry(country, cycleId, measureId) {
      const item = await get(entryKey(country, cycleId, measureId));
      return item && fromItem("entry", item);
    },

    async listEntries(country, cycleId) {
      const items = await queryAll({
        ...partitionQuery(cyclePartition(country, cycleId), ENTRY_PREFIX),
        ConsistentRead: true,
      });
      return items.map((item) => fromItem("entry", item));
    },

    async getPeriod(country, cycleId, index) {
      const item = await get(periodKey(country, cycleId, index));
      return item && fromItem("period", item);
    },

    async listPeriods(country, cycleId) {
      const items = await queryAll({
        ...partitionQuery(cyclePartition(country, cycleId), PERIOD_PREFIX),
        ConsistentRead: true,
      });
      return items.map((item) => fromItem("period", item));
    },

    async listAudit(country, cycleId, request) {
      const pk = auditPartition(country, cycleId);
      const page = await queryPage(
        { ...partitionQuery(pk), ScanIndexForward: true, ConsistentRead: true },
        [KEY.pk, KEY.sk],
        { attribute: KEY.pk, value: pk },
        request,
      );
      return withItems(page, (item) => fromItem("audit", item));
    },

    async getIdempotency(country, scope, key) {
      const item = await get(idempotencyKey(country, scope, key));
      if (!item || isExpired(item, nowSeconds())) return undefined;
      return fromItem("idempotency", item);
    },

    async getRecord(country, cycleId, kind, id) {
      const item = await get(recordKey(country, cycleId, kind, id));
      return item && asKind(kind, fromItem("record", item));
    },

    async listRecords(country, cycleId, kind, idPrefix) {
      const items = await queryAll({
        ...partitionQuery(cyclePartition(country, cycleId), recordPrefix(kind, idPrefix)),
        ConsistentRead: true,
      });
      return items.map((item) => asKind(kind, fromItem("record", item)));
    },

    async listSharedCycles(organisation) {
      const items = await queryAll(indexQuery(INDEXES.gsi1, sharesOfOrganisation(organisation)));
      return items.map((item) => {
        const share = asKind("share", fromItem("record", item));
        return { country: share.country, cycleId: share.cycleId };
      });
    },

    async listInbox(country, recipient, request) {
      const pk = inboxPartition(country, recipient);
      const page = await queryPage(
        { ...partitionQuery(pk), ScanIndexForward: false, ConsistentRead: true },
        [KEY.pk, KEY.sk],
        { attribute: KEY.pk, value: pk },
        request,
      );
      return withItems(page, (item) => fromItem("notification", item));
    },

    async commit(changes) {
      const { actions, targets } = buildTransaction(tableName, changes, nowSeconds());
      if (actions.length === 0) return;
      for (let attempt = 1; ; attempt++) {
        try {
          // The SDK fills ClientRequestToken once per call, so its own retries of a transaction that did commit
          // succeed again instead of failing their version conditions against the first attempt.
          await client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
          return;
        } catch (error) {
          if (attempt >= TRANSACTION_ATTEMPTS || !isTransientCancellation(error)) {
            throw translateError(error, targets);
          }
          await backOff(attempt);
        }
      }
    },

    async listActiveCycles() {
      const items = await queryAll(indexQuery(INDEXES.gsi2, ACTIVE_CYCLES_QUEUE));
      return items.map((item) => {
        const cycle = fromItem("cycle", item);
        return { country: cycle.country, cycleId: cycle.id };
      });
    },

    async listPendingDeliveries() {
      const items = await queryAll(indexQuery(INDEXES.gsi2, OUTBOX_QUEUE));
      return items.map((item) => {
        const { country, cycleId, stage } = fromItem("stage", item);
        return { country, cycleId, stage };
      });
    },
  };
}

/** Sends of a transaction cancelled for contention or throttling (see isTransientCancellation). */
const TRANSACTION_ATTEMPTS = 4;

// Full jitter over 25, 50, 100 ms: racing writers spread out instead of meeting again.
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** (attempt - 1)));
}

// The key says which kind a record is; an item of another kind under it is corruption, not a caller's mistake.
function asKind<K extends RecordKind>(kind: K, record: CycleRecord): RecordOf<K> {
  if (record.kind !== kind) throw new Error(`expected a ${kind} record, found a ${record.kind} record`);
  return record as RecordOf<K>;
}

function withItems<T>(page: { items: Item[]; cursor?: string }, map: (item: Item) => T): Page<T> {
  return { items: page.items.map(map), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

// A record past its expiry is gone as far as callers are concerned, even while TTL has not deleted it yet.
function isExpired(item: Item, nowSeconds: number): boolean {
  const expiresAt = item[TTL_ATTRIBUTE]?.N;
  return expiresAt !== undefined && Number(expiresAt) <= nowSeconds;
}
