import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { z } from "zod";
import { STAGE_ORDER } from "../../workflows/schemas.js";
import type { AuditEvent } from "../core/audit.js";
import type { Cycle } from "../core/cycle.js";
import {
  IdempotencyError,
  ServiceUnavailableError,
  StateConflictError,
  ValidationError,
  VersionConflictError,
} from "../core/errors.js";
import type {
  Changeset,
  Clock,
  IdempotencyRecord,
  Page,
  PageRequest,
  StageStateCheck,
  Store,
  Write,
} from "../core/ports.js";
import type { Stage } from "../core/stage.js";
import {
  domainKey,
  entityTypeOf,
  fromItem,
  type Item,
  keyOf,
  storedState,
  storedVersion,
  toItem,
} from "./items.js";
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
  OUTBOX_QUEUE,
  periodKey,
  stageKey,
} from "./keys.js";
import { INDEXES, KEY, TTL_ATTRIBUTE } from "./table.js";

export type DynamoStoreOptions = {
  client: DynamoDBClient;
  tableName: string;
  /** Decides when an idempotency record has expired (TTL deletes items days late, so expiry is checked on read). */
  now?: Clock;
};

/** DynamoDB's limit on the actions of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;
const RETRY_AFTER_SECONDS = 2;

/** DynamoDB is throttling or failing on its side; the SDK already retried, so the caller should come back later. */
const UNAVAILABLE = new Set([
  "ThrottlingException",
  "ThrottlingError",
  "ProvisionedThroughputExceededException",
  "ProvisionedThroughputExceeded",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
]);

/** What each action of a transaction stands for, by index, so a cancellation reason can be named. */
type Target =
  | { kind: "write"; write: Write; check?: StageStateCheck }
  | { kind: "check"; check: StageStateCheck }
  | { kind: "event"; event: AuditEvent }
  | { kind: "idempotency"; record: IdempotencyRecord };

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
    partition: { attribute: string; value: string },
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

    async commit(changes) {
      const { actions, targets } = transaction(tableName, changes, nowSeconds());
      if (actions.length === 0) return;
      try {
        // The SDK fills ClientRequestToken once per call, so its own retries of a transaction that did commit
        // succeed again instead of failing their version conditions against the first attempt.
        await client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
      } catch (error) {
        throw translateError(error, targets);
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

function withItems<T>(page: { items: Item[]; cursor?: string }, map: (item: Item) => T): Page<T> {
  return { items: page.items.map(map), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

// A record past its expiry is gone as far as callers are concerned, even while TTL has not deleted it yet.
function isExpired(item: Item, nowSeconds: number): boolean {
  const expiresAt = item[TTL_ATTRIBUTE]?.N;
  return expiresAt !== undefined && Number(expiresAt) <= nowSeconds;
}

// ---- transactions ------------------------------------------------------------------------------------------------

function transaction(
  tableName: string,
  changes: Changeset,
  nowSeconds: number,
): { actions: TransactWriteItem[]; targets: Target[] } {
  const checks = changes.checks ?? [];
  const actions: TransactWriteItem[] = [];
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (key: ItemKey, action: TransactWriteItem, target: Target) => {
    // DynamoDB rejects a transaction that names one item twice, with a message that points nowhere.
    const id = `${key.pk}\u0000${key.sk}`;
    if (seen.has(id)) throw new Error(`a changeset touches ${key.pk} ${key.sk} twice`);
    seen.add(id);
    actions.push(action);
    targets.push(target);
  };

  // A check on a stage the changeset also writes becomes part of that write's condition (one action per item).
  const folded = new Set<StageStateCheck>();
  for (const write of changes.writes) {
    const check = write.entity === "stage" ? checks.find((c) => isSameStage(c, write.item)) : undefined;
    if (check) {
      if (write.expectedVersion === null)
        throw new Error(`a changeset checks the state of a stage it creates`);
      folded.add(check);
    }
    const condition = check
      ? and(versionCondition(write.expectedVersion), stateCondition(check))
      : versionCondition(write.expectedVersion);
    const key = keyOf(write.entity, write.item);
    add(key, put(tableName, toItem(write.entity, write.item), condition), { kind: "write", write, check });
  }
  for (const check of checks) {
    if (folded.has(check)) continue;
    const key = stageKey(check.country, check.cycleId, check.stage);
    const action = {
      ConditionCheck: { TableName: tableName, Key: marshall(key), ...expression(stateCondition(check)) },
    };
    add(key, action, { kind: "check", check });
  }
  for (const event of changes.events) {
    add(keyOf("audit", event), put(tableName, toItem("audit", event), notExists()), { kind: "event", event });
  }
  const record = changes.idempotency;
  if (record) {
    // An expired record that TTL has not deleted yet must not block the key's next use.
    const condition = {
      expression: "attribute_not_exists(#pk) OR #expiresAt <= :now",
      names: { "#pk": KEY.pk, "#expiresAt": TTL_ATTRIBUTE },
      values: { ":now": { N: String(nowSeconds) } },
    };
    add(keyOf("idempotency", record), put(tableName, toItem("idempotency", record), condition), {
      kind: "idempotency",
      record,
    });
  }
  if (actions.length > MAX_TRANSACTION_ITEMS) {
    throw new Error(
      `a changeset may hold ${MAX_TRANSACTION_ITEMS} items at most (writes, checks, events, idempotency record); ` +
        `this one holds ${actions.length}: split the change before it reaches the store`,
    );
  }
  return { actions, targets };
}

type Condition = {
  expression: string;
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
};

const notExists = (): Condition => ({
  expression: "attribute_not_exists(#pk)",
  names: { "#pk": KEY.pk },
  values: {},
});

function versionCondition(expected: number | null): Condition {
  if (expected === null) return notExists();
  return {
    expression: "#version = :expected",
    names: { "#version": "version" },
    values: { ":expected": { N: String(expected) } },
  };
}

function stateCondition(check: StageStateCheck): Condition {
  if (check.states.length === 0) throw new Error(`a state check on ${check.stage} lists no states`);
  const placeholders = check.states.map((_, i) => `:s${i}`);
  return {
    expression: `#state IN (${placeholders.join(", ")})`,
    names: { "#state": "state" },
    values: Object.fromEntries(check.states.map((state, i) => [`:s${i}`, { S: state }])),
  };
}

function and(a: Condition, b: Condition): Condition {
  return {
    expression: `(${a.expression}) AND (${b.expression})`,
    names: { ...a.names, ...b.names },
    values: { ...a.values, ...b.values },
  };
}

function expression(condition: Condition) {
  return {
    ConditionExpression: condition.expression,
    ExpressionAttributeNames: condition.names,
    ...(Object.keys(condition.values).length > 0 ? { ExpressionAttributeValues: condition.values } : {}),
    // The old item comes back with the cancellation reason: the error can say which version or state won.
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}

function put(tableName: string, item: Item, condition: Condition): TransactWriteItem {
  return { Put: { TableName: tableName, Item: item, ...expression(condition) } };
}

function isSameStage(check: StageStateCheck, stage: Stage): boolean {
  return check.country === stage.country && check.cycleId === stage.cycleId && check.stage === stage.stage;
}

// ---- errors ------------------------------------------------------------------------------------------------------

/** Turns an SDK error into the domain error callers handle; `targets` names the actions of a failed transaction. */
function translateError(error: unknown, targets: readonly Target[] = []): unknown {
  if (error instanceof TransactionCanceledException) {
    const reasons = (error.CancellationReasons ?? []).map((reason, i) => ({ reason, target: targets[i] }));
    const failed = reasons.filter((r) => r.reason.Code === "ConditionalCheckFailed");
    // A key already used decides the answer: the other failures are most likely that first request's own writes.
    const first = failed.find((f) => f.target?.kind === "idempotency") ?? failed[0];
    if (first?.target) return conditionFailed(first.target, first.reason.Item, error);
    const conflict = reasons.find((r) => r.reason.Code === "TransactionConflict");
    if (conflict) return transactionConflict(conflict.target, error);
    const unavailable = reasons.find((r) => UNAVAILABLE.has(r.reason.Code ?? ""));
    if (unavailable) return serviceUnavailable(unavailable.reason.Code ?? error.name, error);
    return error;
  }
  if (error instanceof Error && UNAVAILABLE.has(error.name)) return serviceUnavailable(error.name, error);
  return error;
}

function conditionFailed(target: Target, old: Item | undefined, cause: Error): Error {
  switch (target.kind) {
    case "write": {
      const { write, check } = target;
      const currentVersion = storedVersion(old);
      if (check && currentVersion === write.expectedVersion) return stageLocked(check, old);
      return versionConflict(write, currentVersion, cause);
    }
    case "check":
      return stageLocked(target.check, old);
    case "idempotency":
      return keyInUse(target.record);
    case "event":
      return new Error(`audit event ${target.event.id} already exists: event ids must be unique`, { cause });
  }
}

function versionConflict(write: Write, currentVersion: number | null, cause: Error): VersionConflictError {
  const key = domainKey(write);
  const what = `the ${write.entity} ${key}`;
  const message =
    write.expectedVersion === null
      ? `${what} already exists (version ${currentVersion}): load it and send its version to change it`
      : currentVersion === null
        ? `${what} no longer exists (expected version ${write.expectedVersion})`
        : `${what} is at version ${currentVersion}, not ${write.expectedVersion}: reload it and try again`;
  return new VersionConflictError(message, { entity: write.entity, key, currentVersion }, { cause });
}

function stageLocked(check: StageStateCheck, old: Item | undefined): StateConflictError {
  const state = storedState(old);
  const needed = `this change needs it ${check.states.join(" or ")}`;
  const message = state
    ? `the ${check.stage} stage is ${state} now: it changed while the request was handled, and ${needed}`
    : `the ${check.stage} stage does not exist, and ${needed}`;
  return new StateConflictError("stage_locked", message, { stage: check.stage, state });
}

function keyInUse(record: IdempotencyRecord): IdempotencyError {
  return new IdempotencyError(
    "idempotency_key_in_use",
    `Idempotency-Key ${record.key} was used by another request that committed first: read its response instead`,
  );
}

function transactionConflict(target: Target | undefined, cause: Error): Error {
  if (target?.kind === "idempotency") return keyInUse(target.record);
  const named =
    target?.kind === "write"
      ? { entity: target.write.entity, key: domainKey(target.write) }
      : target?.kind === "check"
        ? { entity: "stage", key: `${target.check.cycleId}/${target.check.stage}` }
        : {};
  const what = "entity" in named ? `the ${named.entity} ${named.key}` : "an item of this change";
  return new VersionConflictError(
    `${what} was being changed by another request at the same moment: reload it and try again`,
    named,
    { cause },
  );
}

function serviceUnavailable(reason: string, cause: Error): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `the database is busy or unavailable (${reason}); try again in a few seconds`,
    RETRY_AFTER_SECONDS,
    { cause },
  );
}

// ---- cursors -----------------------------------------------------------------------------------------------------

const CursorKey = z.record(z.string(), z.string());

function encodeCursor(item: Item, keyAttributes: readonly string[]): string {
  const key = unmarshall(item);
  const picked = Object.fromEntries(keyAttributes.map((name) => [name, key[name]]));
  return Buffer.from(JSON.stringify(picked)).toString("base64url");
}

// A cursor comes back from a client: parse it like any input, and refuse one made for another listing.
function decodeCursor(
  cursor: string,
  keyAttributes: readonly string[],
  partition: { attribute: string; value: string },
): Item {
  const invalid = (why: string) => new ValidationError(`cursor: ${why}`, { field: "cursor" });
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("is not a cursor this API returned");
  }
  const parsed = CursorKey.safeParse(json);
  if (!parsed.success) throw invalid("is not a cursor this API returned");
  const names = Object.keys(parsed.data).sort();
  if (names.join() !== [...keyAttributes].sort().join()) throw invalid("is not a cursor this API returned");
  if (parsed.data[partition.attribute] !== partition.value) throw invalid("belongs to another listing");
  return marshall(parsed.data);
}
