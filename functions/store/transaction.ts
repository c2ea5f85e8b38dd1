import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { AuditEvent } from "../core/audit.js";
import type { Changeset, IdempotencyRecord, StageStateCheck, Write } from "../core/ports.js";
import type { Stage } from "../core/stage.js";
import {
  and,
  type Condition,
  expression,
  notExists,
  stateCondition,
  unusedOrExpired,
  versionCondition,
} from "./conditions.js";
import { type Item, keyOf, toItem } from "./items.js";
import { type ItemKey, stageKey } from "./keys.js";

/** DynamoDB's limit on the actions of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** What each action of a transaction stands for, by index, so a cancellation reason can be named. */
export type Target =
  | { kind: "write"; write: Write; check?: StageStateCheck }
  | { kind: "check"; check: StageStateCheck }
  | { kind: "event"; event: AuditEvent }
  | { kind: "idempotency"; record: IdempotencyRecord };

/** The TransactWriteItems actions of a changeset, and what each one stands for (same index). */
export function buildTransaction(
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
    if (write.entity === "deletion") {
      const key = keyOf("record", write.item);
      const action = { Delete: { TableName: tableName, Key: marshall(key), ...expression(condition) } };
      add(key, action, { kind: "write", write });
      continue;
    }
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
    const action = put(tableName, toItem("idempotency", record), unusedOrExpired(nowSeconds));
    add(keyOf("idempotency", record), action, { kind: "idempotency", record });
  }
  if (actions.length > MAX_TRANSACTION_ITEMS) {
    throw new Error(
      `a changeset may hold ${MAX_TRANSACTION_ITEMS} items at most (writes, checks, events, idempotency record); ` +
        `this one holds ${actions.length}: split the change before it reaches the store`,
    );
  }
  return { actions, targets };
}

function put(tableName: string, item: Item, condition: Condition): TransactWriteItem {
  return { Put: { TableName: tableName, Item: item, ...expression(condition) } };
}

function isSameStage(check: StageStateCheck, stage: Stage): boolean {
  return check.country === stage.country && check.cycleId === stage.cycleId && check.stage === stage.stage;
}
