import { createHash } from "node:crypto";
import type { StageName } from "../../workflows/schemas.js";
import { ValidationError } from "../core/errors.js";

// Every key of the table, built in one place. Keys start with the tenant (`T#<country>`), so that no query built
// here can reach another country's items. A cycle's own items share one partition: its `#`-prefixed header items
// (the cycle, its stages) sort before its ENTRY# and PERIOD# items, which is what lets getCycle read the cycle and
// its stages, and nothing else, in one Query.

export type ItemKey = { pk: string; sk: string };

export const CYCLE_HEADER_PREFIX = "#";
export const ENTRY_PREFIX = "ENTRY#";
export const PERIOD_PREFIX = "PERIOD#";
export const RECORD_PREFIX = "R#";

/** gsi2 partitions: sparse system queues, read by the runtime's resume and the reconciler only. */
export const ACTIVE_CYCLES_QUEUE = "SYS#ACTIVE_CYCLES";
export const OUTBOX_QUEUE = "SYS#OUTBOX";

export function cyclePartition(country: string, cycleId: string): string {
  return `${tenant(country)}#CYCLE#${part("cycleId", cycleId)}`;
}

export function cycleKey(country: string, cycleId: string): ItemKey {
  return { pk: cyclePartition(country, cycleId), sk: `${CYCLE_HEADER_PREFIX}CYCLE` };
}

export function stageKey(country: string, cycleId: string, stage: StageName): ItemKey {
  return { pk: cyclePartition(country, cycleId), sk: `${CYCLE_HEADER_PREFIX}STAGE#${part("stage", stage)}` };
}

export function entryKey(country: string, cycleId: string, measureId: string): ItemKey {
  return { pk: cyclePartition(country, cycleId), sk: `${ENTRY_PREFIX}${part("measureId", measureId)}` };
}

export function periodKey(country: string, cycleId: string, index: number): ItemKey {
  if (!Number.isInteger(index) || index < 0 || index > 999) {
    throw new ValidationError("index: must be a period index from 0 to 999", { field: "index" });
  }
  return { pk: cyclePartition(country, cycleId), sk: `${PERIOD_PREFIX}${String(index).padStart(3, "0")}` };
}

/** A record of a cycle (priority, activity, report, version...): `R#<kind>#<id>`, listed per kind by prefix. */
export function recordKey(country: string, cycleId: string, kind: string, id: string): ItemKey {
  return { pk: cyclePartition(country, cycleId), sk: recordPrefix(kind, id) };
}

export function recordPrefix(kind: string, idPrefix = ""): string {
  return `${RECORD_PREFIX}${part("kind", kind)}#${idPrefix.includes("#") ? part("id", idPrefix) : idPrefix}`;
}

/** A recipient's inbox in a country, newest first by its sort key. */
export function inboxPartition(country: string, recipient: string): string {
  return `${tenant(country)}#INBOX#${part("recipient", recipient)}`;
}

export function notificationKey(country: string, recipient: string, at: string, id: string): ItemKey {
  return { pk: inboxPartition(country, recipient), sk: `${sortableTime(at)}#${part("notificationId", id)}` };
}

/** gsi1: the cycles shared with a donor organisation, across countries. */
export function sharesOfOrganisation(organisation: string): string {
  return `DONOR#${part("organisation", organisation)}#SHARES`;
}

export function shareSort(country: string, cycleId: string): string {
  return `${part("country", country)}#${part("cycleId", cycleId)}`;
}

/** A cycle's audit trail lives in its own partition, so reading the cycle never drags its history along. */
export function auditPartition(country: string, cycleId: string): string {
  return `${cyclePartition(country, cycleId)}#AUDIT`;
}

export function auditKey(country: string, cycleId: string, at: string, eventId: string): ItemKey {
  return { pk: auditPartition(country, cycleId), sk: `${sortableTime(at)}#${part("eventId", eventId)}` };
}

/** Scope and key are caller-chosen text of any length: hashed, they make a fixed-size key with no delimiter in it. */
export function idempotencyKey(country: string, scope: string, key: string): ItemKey {
  const hash = createHash("sha256").update(`${scope}\n${key}`).digest("hex");
  return { pk: `${tenant(country)}#IDEM#${hash}`, sk: "#IDEM" };
}

/** gsi1: a country's cycles, sorted by creation (queried newest first). */
export function cyclesOfCountry(country: string): string {
  return `${tenant(country)}#CYCLES`;
}

export function cycleListingSort(createdAt: string, cycleId: string): string {
  return `${sortableTime(createdAt)}#${part("cycleId", cycleId)}`;
}

export function activeCycleSort(country: string, cycleId: string): string {
  return `${part("country", country)}#${part("cycleId", cycleId)}`;
}

export function outboxSort(country: string, cycleId: string, stage: StageName): string {
  return `${part("country", country)}#${part("cycleId", cycleId)}#${part("stage", stage)}`;
}

function tenant(country: string): string {
  return `T#${part("country", country)}`;
}

// A `#` inside a key part would let one id alias another item's key (a cycle id `X#AUDIT` reads cycle X's trail),
// and an empty part would address the parent; ids reach here from URLs, so refuse both rather than trust callers.
function part(field: string, value: string): string {
  if (value.length === 0 || value.includes("#")) {
    throw new ValidationError(`${field}: must be non-empty and must not contain "#"`, { field });
  }
  return value;
}

// ISO timestamps sort as text only in one fixed width: "…00Z" sorts after "…00.500Z". Keys use milliseconds always.
function sortableTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new ValidationError(`timestamp: ${iso} is not an ISO date-time`);
  return new Date(ms).toISOString();
}
