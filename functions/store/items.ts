import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { z } from "zod";
import { AssessmentEntry } from "../core/assessment.js";
import { AuditEvent } from "../core/audit.js";
import { Cycle } from "../core/cycle.js";
import { Notification } from "../core/notifications.js";
import { ReportingPeriod } from "../core/period.js";
import type { IdempotencyRecord, Write } from "../core/ports.js";
import { CycleRecord } from "../core/records.js";
import { Stage } from "../core/stage.js";
import {
  ACTIVE_CYCLES_QUEUE,
  activeCycleSort,
  auditKey,
  cycleKey,
  cycleListingSort,
  cyclesOfCountry,
  entryKey,
  type ItemKey,
  idempotencyKey,
  notificationKey,
  OUTBOX_QUEUE,
  outboxSort,
  periodKey,
  recordKey,
  shareSort,
  sharesOfOrganisation,
  stageKey,
} from "./keys.js";
import { INDEXES, KEY, TTL_ATTRIBUTE } from "./table.js";

// Stored shape vs returned shape: an item is the entity plus storage attributes (keys, index keys, entity type,
// TTL). toItem adds them, fromItem strips them and parses what is left, so nothing the table needs ever leaks into
// the domain, and an item that no longer matches its schema is caught at the edge rather than deep in a use case.

export const ENTITY_TYPE = "entityType";

/** Attributes the table owns; never part of an entity. */
export const STORAGE_ATTRIBUTES: readonly string[] = [
  KEY.pk,
  KEY.sk,
  INDEXES.gsi1.pk,
  INDEXES.gsi1.sk,
  INDEXES.gsi2.pk,
  INDEXES.gsi2.sk,
  ENTITY_TYPE,
  TTL_ATTRIBUTE,
];

/** An idempotency key is honoured for a day; after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The port declares the record as a type; its stored form is parsed like every other item. */
export const StoredIdempotencyRecord = z.strictObject({
  country: z.string(),
  scope: z.string(),
  key: z.string(),
  requestHash: z.string(),
  status: z.int().min(100).max(599),
  response: z.unknown(),
  createdAt: z.iso.datetime(),
});

type Entities = {
  cycle: Cycle;
  stage: Stage;
  entry: AssessmentEntry;
  period: ReportingPeriod;
  record: CycleRecord;
  notification: Notification;
  audit: AuditEvent;
  idempotency: IdempotencyRecord;
};
export type EntityType = keyof Entities;
export type Item = Record<string, AttributeValue>;

/** Key and index attributes of one stored entity; an index attribute left out keeps the item out of that index. */
type StorageAttributes = ItemKey & {
  gsi1?: { pk: string; sk: string };
  gsi2?: { pk: string; sk: string };
  expiresAt?: number;
};

type EntityDefinition<T> = { schema: z.ZodType<T>; storage: (value: T) => StorageAttributes };

const ENTITIES: { [E in EntityType]: EntityDefinition<Entities[E]> } = {
  cycle: {
    schema: Cycle,
    storage: (c) => ({
      ...cycleKey(c.country, c.id),
      gsi1: { pk: cyclesOfCountry(c.country), sk: cycleListingSort(c.createdAt, c.id) },
      ...(c.status === "active"
        ? { gsi2: { pk: ACTIVE_CYCLES_QUEUE, sk: activeCycleSort(c.country, c.id) } }
        : {}),
    }),
  },
  stage: {
    schema: Stage,
    storage: (s) => ({
      ...stageKey(s.country, s.cycleId, s.stage),
      ...(s.outbox ? { gsi2: { pk: OUTBOX_QUEUE, sk: outboxSort(s.country, s.cycleId, s.stage) } } : {}),
    }),
  },
  entry: { schema: AssessmentEntry, storage: (e) => entryKey(e.country, e.cycleId, e.measureId) },
  period: { schema: ReportingPeriod, storage: (p) => periodKey(p.country, p.cycleId, p.index) },
  record: {
    schema: CycleRecord,
    storage: (r) => ({
      ...recordKey(r.country, r.cycleId, r.kind, r.id),
      ...(r.kind === "share"
        ? { gsi1: { pk: sharesOfOrganisation(r.organisation), sk: shareSort(r.country, r.cycleId) } }
        : {}),
    }),
  },
  notification: { schema: Notification, storage: (n) => notificationKey(n.country, n.recipient, n.at, n.id) },
  audit: { schema: AuditEvent, storage: (a) => auditKey(a.country, a.cycleId, a.at, a.id) },
  idempotency: {
    schema: StoredIdempotencyRecord,
    storage: (r) => ({
      ...idempotencyKey(r.country, r.scope, r.key),
      expiresAt: Math.floor(Date.parse(r.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
    }),
  },
};

/** An item that does not parse as the entity it claims to be: a bug or a manual edit, never bad user input. */
export class CorruptItemError extends Error {
  override readonly name = "CorruptItemError" as const;
  readonly key: ItemKey;

  constructor(key: ItemKey, problem: string, options?: { cause?: unknown }) {
    super(`stored item pk=${key.pk} sk=${key.sk} is corrupt: ${problem}`, options);
    this.key = key;
  }
}

export function keyOf<E extends EntityType>(entity: E, value: Entities[E]): ItemKey {
  const { pk, sk } = ENTITIES[entity].storage(value);
  return { pk, sk };
}

export function toItem<E extends EntityType>(entity: E, value: Entities[E]): Item {
  const { pk, sk, gsi1, gsi2, expiresAt } = ENTITIES[entity].storage(value);
  const stored = {
    ...value,
    [KEY.pk]: pk,
    [KEY.sk]: sk,
    [ENTITY_TYPE]: entity,
    ...(gsi1 ? { [INDEXES.gsi1.pk]: gsi1.pk, [INDEXES.gsi1.sk]: gsi1.sk } : {}),
    ...(gsi2 ? { [INDEXES.gsi2.pk]: gsi2.pk, [INDEXES.gsi2.sk]: gsi2.sk } : {}),
    ...(expiresAt === undefined ? {} : { [TTL_ATTRIBUTE]: expiresAt }),
  };
  return marshall(stored, { removeUndefinedValues: true, convertClassInstanceToMap: false });
}

export function fromItem<E extends EntityType>(entity: E, item: Item): Entities[E] {
  const raw = unmarshall(item);
  const key = { pk: String(raw[KEY.pk]), sk: String(raw[KEY.sk]) };
  if (raw[ENTITY_TYPE] !== entity) {
    throw new CorruptItemError(
      key,
      `expected a ${entity} item, found entityType ${String(raw[ENTITY_TYPE])}`,
    );
  }
  for (const attribute of STORAGE_ATTRIBUTES) delete raw[attribute];
  const parsed = ENTITIES[entity].schema.safeParse(raw);
  if (!parsed.success)
    throw new CorruptItemError(key, z.prettifyError(parsed.error), { cause: parsed.error });
  return parsed.data;
}

/** The entity type an item claims, for reads that return several kinds at once (a cycle and its stages). */
export function entityTypeOf(item: Item): string | undefined {
  return item[ENTITY_TYPE]?.S;
}

/** The version of a stored item (e.g. the old item a failed condition returns); null when there was none. */
export function storedVersion(item: Item | undefined): number | null {
  const version = item?.version?.N;
  return version === undefined ? null : Number(version);
}

export function storedState(item: Item | undefined): string | null {
  return item?.state?.S ?? null;
}

/** The key an error or an audit change names: the entity's own ids, never the storage layout. */
export function domainKey(write: Write): string {
  switch (write.entity) {
    case "cycle":
      return write.item.id;
    case "stage":
      return `${write.item.cycleId}/${write.item.stage}`;
    case "entry":
      return `${write.item.cycleId}/${write.item.measureId}`;
    case "period":
      return `${write.item.cycleId}/${write.item.index}`;
    case "record":
    case "deletion":
      return `${write.item.cycleId}/${write.item.kind}/${write.item.id}`;
    case "notification":
      return `${write.item.recipient}/${write.item.id}`;
  }
}
