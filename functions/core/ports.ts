import type { StageName } from "../../workflows/schemas.js";
import type { AssessmentEntry } from "./assessment.js";
import type { AuditEvent } from "./audit.js";
import type { Cycle } from "./cycle.js";
import type { Notification, Recipient } from "./notifications.js";
import type { ReportingPeriod } from "./period.js";
import type { CycleRecord, RecordKind, RecordOf } from "./records.js";
import type { Stage, StageState } from "./stage.js";

export type { WorkflowPort } from "./workflow-port.js";

/** A put of one entity, conditional on the version the writer read (`null`: the item must not exist yet). */
export type Write =
  | { entity: "cycle"; item: Cycle; expectedVersion: number | null }
  | { entity: "stage"; item: Stage; expectedVersion: number | null }
  | { entity: "entry"; item: AssessmentEntry; expectedVersion: number | null }
  | { entity: "period"; item: ReportingPeriod; expectedVersion: number | null }
  | { entity: "record"; item: CycleRecord; expectedVersion: number | null }
  | { entity: "notification"; item: Notification; expectedVersion: null }
  /** Deletes a record, conditional on the version the writer read. */
  | { entity: "deletion"; item: CycleRecord; expectedVersion: number };

/** Holds when the stage is in one of `states`; otherwise the commit fails with StateConflictError("stage_locked"). */
export type StageStateCheck = { country: string; cycleId: string; stage: StageName; states: StageState[] };

/** The stored answer to a POST made with an Idempotency-Key, written in the same transaction as its effect. */
export type IdempotencyRecord = {
  country: string;
  /** Who made the request and where: a key is private to its caller and route. */
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  response: unknown;
  createdAt: string;
};

/** What the HTTP layer hands a use case when the request carried an Idempotency-Key. */
export type IdempotencyIntent = Omit<IdempotencyRecord, "response" | "createdAt">;

/**
 * One atomic change: every write, every audit event and the idempotency record commit together or not at all.
 * The store throws VersionConflictError (naming the entity) when an expected version no longer holds, and
 * IdempotencyError("idempotency_key_in_use") when another request with the same key committed first.
 */
export type Changeset = {
  writes: Write[];
  /** Conditions on items not written, e.g. "the assessment stage is still editable" while entries are saved. */
  checks?: StageStateCheck[];
  events: AuditEvent[];
  idempotency?: IdempotencyRecord;
};

export type Page<T> = { items: T[]; cursor?: string };
export type PageRequest = { limit: number; cursor?: string };

export type CycleRef = { country: string; cycleId: string };

export interface Store {
  /** The cycle with its stages, in one read. */
  getCycle(country: string, cycleId: string): Promise<{ cycle: Cycle; stages: Stage[] } | undefined>;
  listCycles(country: string, page: PageRequest): Promise<Page<Cycle>>;
  getStage(country: string, cycleId: string, stage: StageName): Promise<Stage | undefined>;
  getEntry(country: string, cycleId: string, measureId: string): Promise<AssessmentEntry | undefined>;
  /** Every entry of a cycle's assessment (paged internally: the calls grow with 1 MB pages, not with requests). */
  listEntries(country: string, cycleId: string): Promise<AssessmentEntry[]>;
  getPeriod(country: string, cycleId: string, index: number): Promise<ReportingPeriod | undefined>;
  /** Every opened reporting period of a cycle, in index order, in one query. */
  listPeriods(country: string, cycleId: string): Promise<ReportingPeriod[]>;
  listAudit(country: string, cycleId: string, page: PageRequest): Promise<Page<AuditEvent>>;
  getIdempotency(country: string, scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** One record of a cycle by kind and id (consistent read). */
  getRecord<K extends RecordKind>(
    country: string,
    cycleId: string,
    kind: K,
    id: string,
  ): Promise<RecordOf<K> | undefined>;
  /** Every record of a kind in a cycle, in id order; `idPrefix` narrows it (e.g. one period's reports). */
  listRecords<K extends RecordKind>(
    country: string,
    cycleId: string,
    kind: K,
    idPrefix?: string,
  ): Promise<RecordOf<K>[]>;
  /** The cycles shared with a donor organisation, across countries. */
  listSharedCycles(organisation: string): Promise<CycleRef[]>;
  /** A recipient's notifications in a country, newest first. */
  listInbox(country: string, recipient: Recipient, page: PageRequest): Promise<Page<Notification>>;
  commit(changes: Changeset): Promise<void>;
  /** System queues, for the runtime's resume and the reconciler (never on a request path). */
  listActiveCycles(): Promise<CycleRef[]>;
  listPendingDeliveries(): Promise<(CycleRef & { stage: StageName })[]>;
}

export type Clock = () => Date;
/** Makes sortable unique ids (ULID-style: 26 characters of Crockford base32, time first). */
export type IdGenerator = () => string;
