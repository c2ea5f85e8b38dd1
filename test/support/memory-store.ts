import type { AssessmentEntry } from "../../functions/core/assessment.js";
import type { AuditEvent } from "../../functions/core/audit.js";
import type { Cycle } from "../../functions/core/cycle.js";
import {
  IdempotencyError,
  StateConflictError,
  ValidationError,
  VersionConflictError,
} from "../../functions/core/errors.js";
import type { Notification, Recipient } from "../../functions/core/notifications.js";
import type { ReportingPeriod } from "../../functions/core/period.js";
import type {
  Changeset,
  CycleRef,
  IdempotencyRecord,
  Page,
  PageRequest,
  StageStateCheck,
  Store,
  Write,
} from "../../functions/core/ports.js";
import type { CycleRecord, RecordKind, RecordOf } from "../../functions/core/records.js";
import type { Stage } from "../../functions/core/stage.js";
import { STAGE_ORDER, type StageName } from "../../workflows/schemas.js";

// The Store port in memory, faithful to the DynamoDB adapter where callers can tell: a commit checks every
// condition before applying anything (all or nothing), fails with the same errors, lists in the same order, pages
// with opaque cursors, and copies items in and out so no caller can mutate stored state by reference.

const copy = <T>(value: T): T => structuredClone(value);

function keyOf(write: Write): string {
  switch (write.entity) {
    case "cycle":
      return [write.item.country, write.item.id].join("|");
    case "stage":
      return [write.item.country, write.item.cycleId, write.item.stage].join("|");
    case "entry":
      return [write.item.country, write.item.cycleId, write.item.measureId].join("|");
    case "period":
      return [write.item.country, write.item.cycleId, write.item.index].join("|");
    case "record":
    case "deletion":
      return recordKey(write.item.country, write.item.cycleId, write.item.kind, write.item.id);
    case "notification":
      return [write.item.country, write.item.recipient, write.item.at, write.item.id].join("|");
  }
}

const recordKey = (country: string, cycleId: string, kind: string, id: string) =>
  [country, cycleId, kind, id].join("|");

/** The key an error names: the entity's own ids, like the real adapter's. */
function domainKey(write: Write): string {
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

const stageKey = (c: { country: string; cycleId: string; stage: StageName }) =>
  [c.country, c.cycleId, c.stage].join("|");
const idempotencyKey = (country: string, scope: string, key: string) => [country, scope, key].join("\n");

function page<T>(sorted: T[], request: PageRequest, listing: string): Page<T> {
  if (!Number.isInteger(request.limit) || request.limit < 1) {
    throw new ValidationError("limit: must be a whole number of at least 1", { field: "limit" });
  }
  let start = 0;
  if (request.cursor !== undefined) {
    const [from, offset] = Buffer.from(request.cursor, "base64url").toString("utf8").split("\n");
    start = Number(offset);
    if (from !== listing || !Number.isInteger(start) || start < 0) {
      throw new ValidationError("cursor: is not a cursor this API returned", { field: "cursor" });
    }
  }
  const items = sorted.slice(start, start + request.limit);
  const next = start + request.limit;
  return next < sorted.length
    ? { items, cursor: Buffer.from(`${listing}\n${next}`).toString("base64url") }
    : { items };
}

export class MemoryStore implements Store {
  private readonly items = {
    cycle: new Map<string, Cycle>(),
    stage: new Map<string, Stage>(),
    entry: new Map<string, AssessmentEntry>(),
    period: new Map<string, ReportingPeriod>(),
    record: new Map<string, CycleRecord>(),
    notification: new Map<string, Notification>(),
  };
  private readonly audit = new Map<string, AuditEvent[]>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Every successful commit, for tests that count effects. */
  readonly commits: Changeset[] = [];

  async getCycle(country: string, cycleId: string) {
    const cycle = this.items.cycle.get([country, cycleId].join("|"));
    if (!cycle) return undefined;
    const stages = STAGE_ORDER.flatMap((stage) => {
      const found = this.items.stage.get(stageKey({ country, cycleId, stage }));
      return found ? [found] : [];
    });
    return copy({ cycle, stages });
  }

  async listCycles(country: string, request: PageRequest): Promise<Page<Cycle>> {
    const cycles = [...this.items.cycle.values()]
      .filter((c) => c.country === country)
      .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`));
    return copy(page(cycles, request, `cycles|${country}`));
  }

  async getStage(country: string, cycleId: string, stage: StageName) {
    return copy(this.items.stage.get(stageKey({ country, cycleId, stage })));
  }

  async getEntry(country: string, cycleId: string, measureId: string) {
    return copy(this.items.entry.get([country, cycleId, measureId].join("|")));
  }

  async listEntries(country: string, cycleId: string) {
    return copy(
      [...this.items.entry.values()]
        .filter((e) => e.country === country && e.cycleId === cycleId)
        .sort((a, b) => a.measureId.localeCompare(b.measureId)),
    );
  }

  async getPeriod(country: string, cycleId: string, index: number) {
    return copy(this.items.period.get([country, cycleId, index].join("|")));
  }

  async listPeriods(country: string, cycleId: string) {
    return copy(
      [...this.items.period.values()]
        .filter((p) => p.country === country && p.cycleId === cycleId)
        .sort((a, b) => a.index - b.index),
    );
  }

  async listAudit(country: string, cycleId: string, request: PageRequest): Promise<Page<AuditEvent>> {
    const events = this.audit.get([country, cycleId].join("|")) ?? [];
    return copy(page(events, request, `audit|${country}|${cycleId}`));
  }

  async getIdempotency(country: string, scope: string, key: string) {
    return copy(this.idempotency.get(idempotencyKey(country, scope, key)));
  }

  async getRecord<K extends RecordKind>(country: string, cycleId: string, kind: K, id: string) {
    return copy(this.items.record.get(recordKey(country, cycleId, kind, id)) as RecordOf<K> | undefined);
  }

  async listRecords<K extends RecordKind>(country: string, cycleId: string, kind: K, idPrefix = "") {
    return copy(
      [...this.items.record.values()]
        .filter(
          (r): r is RecordOf<K> =>
            r.country === country && r.cycleId === cycleId && r.kind === kind && r.id.startsWith(idPrefix),
        )
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }

  async listSharedCycles(organisation: string): Promise<CycleRef[]> {
    return [...this.items.record.values()]
      .filter((r) => r.kind === "share" && r.organisation === organisation)
      .map((r) => ({ country: r.country, cycleId: r.cycleId }));
  }

  async listInbox(country: string, recipient: Recipient, request: PageRequest): Promise<Page<Notification>> {
    const inbox = [...this.items.notification.values()]
      .filter((n) => n.country === country && n.recipient === recipient)
      .sort((a, b) => `${b.at}#${b.id}`.localeCompare(`${a.at}#${a.id}`));
    return copy(page(inbox, request, `inbox|${country}|${recipient}`));
  }

  async commit(changes: Changeset): Promise<void> {
    this.verify(changes);
    for (const write of changes.writes) this.put(write);
    for (const event of changes.events) {
      const key = [event.country, event.cycleId].join("|");
      const trail = [...(this.audit.get(key) ?? []), copy(event)];
      trail.sort((a, b) => `${a.at}#${a.id}`.localeCompare(`${b.at}#${b.id}`));
      this.audit.set(key, trail);
    }
    const record = changes.idempotency;
    if (record) this.idempotency.set(idempotencyKey(record.country, record.scope, record.key), copy(record));
    this.commits.push(copy(changes));
  }

  async listActiveCycles(): Promise<CycleRef[]> {
    return [...this.items.cycle.values()]
      .filter((c) => c.status === "active")
      .map((c) => ({ country: c.country, cycleId: c.id }));
  }

  async listPendingDeliveries() {
    return [...this.items.stage.values()]
      .filter((s) => s.outbox !== undefined)
      .map(({ country, cycleId, stage }) => ({ country, cycleId, stage }));
  }

  private put(write: Write): void {
    const key = keyOf(write);
    switch (write.entity) {
      case "cycle":
        return void this.items.cycle.set(key, copy(write.item));
      case "stage":
        return void this.items.stage.set(key, copy(write.item));
      case "entry":
        return void this.items.entry.set(key, copy(write.item));
      case "period":
        return void this.items.period.set(key, copy(write.item));
      case "record":
        return void this.items.record.set(key, copy(write.item));
      case "notification":
        return void this.items.notification.set(key, copy(write.item));
      case "deletion":
        return void this.items.record.delete(key);
    }
  }

  /** Every condition of the changeset, checked before anything is applied; the first failure throws. */
  private verify(changes: Changeset): void {
    const record = changes.idempotency;
    // A key already used decides the answer, as in the real adapter.
    if (record && this.idempotency.has(idempotencyKey(record.country, record.scope, record.key))) {
      throw new IdempotencyError(
        "idempotency_key_in_use",
        `Idempotency-Key ${record.key} was used by another request that committed first: read its response instead`,
      );
    }
    const touched = new Set<string>();
    for (const write of changes.writes) {
      const key = `${write.entity}|${keyOf(write)}`;
      if (touched.has(key)) throw new Error(`a changeset touches ${write.entity} ${domainKey(write)} twice`);
      touched.add(key);
      const current = this.items[write.entity === "deletion" ? "record" : write.entity].get(keyOf(write));
      const currentVersion = current === undefined ? null : "version" in current ? current.version : 1;
      if (currentVersion !== write.expectedVersion) {
        throw new VersionConflictError(
          write.expectedVersion === null
            ? `the ${write.entity} ${domainKey(write)} already exists (version ${currentVersion})`
            : `the ${write.entity} ${domainKey(write)} is at version ${currentVersion}, not ${write.expectedVersion}`,
          { entity: write.entity, key: domainKey(write), currentVersion },
        );
      }
    }
    for (const check of changes.checks ?? []) this.verifyState(check);
    for (const event of changes.events) {
      const trail = this.audit.get([event.country, event.cycleId].join("|")) ?? [];
      if (trail.some((e) => e.id === event.id)) throw new Error(`audit event ${event.id} already exists`);
    }
  }

  private verifyState(check: StageStateCheck): void {
    const stage = this.items.stage.get(stageKey(check));
    if (!stage || !check.states.includes(stage.state)) {
      throw new StateConflictError(
        "stage_locked",
        `the ${check.stage} stage is ${stage?.state ?? "missing"} now, and this change needs it ${check.states.join(" or ")}`,
        { stage: check.stage, state: stage?.state },
      );
    }
  }
}
