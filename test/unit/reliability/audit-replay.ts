import type { AuditChange, AuditEvent } from "../../../functions/core/audit.js";
import { snapshot } from "../../../functions/core/changes.js";
import type { Store } from "../../../functions/core/ports.js";
import { RECORD_KINDS, type RecordKind } from "../../../functions/core/records.js";
import { canonicalJson } from "../../../functions/http/idempotency.js";

// Rebuilds a cycle's state from its audit trail alone, and reads the same state from the store, in one shape: item id
// (`<entity> <key>`, the key the audit change names) -> the item's snapshot. Both leave out the workflow's
// bookkeeping (snapshot() in core/changes.ts). The workflow's bookkeeping writes (a task token stored, a delivery
// claimed) also move the version of the items they touch, stages and periods, without an audit event: it is no state
// a person sees, so for those two the version is the one field compared apart (stored >= replayed).

export type ItemState = Map<string, Record<string, unknown>>;

const BOOKKEEPING_CARRIERS = new Set<AuditChange["entity"]>(["stage", "period"]);

const idOf = (entity: AuditChange["entity"], key: string) => `${entity} ${key}`;

/** What the trail and the store must agree on exactly. */
function comparable(id: string, item: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!item) return null;
  const entity = id.slice(0, id.indexOf(" ")) as AuditChange["entity"];
  if (!BOOKKEEPING_CARRIERS.has(entity)) return item;
  const { version: _version, ...rest } = item;
  return rest;
}

export type Replay = {
  state: ItemState;
  /** Changes whose `before` is not what the trail said the item was: a lost, doubled or unaudited change. */
  breaks: Break[];
};

export type Break = { id: string; event: string; before: unknown; trail: unknown };

/** Applies every change's `after` in trail order (an empty `after` deletes), checking each `before` on the way. */
export function replayTrail(events: readonly AuditEvent[]): Replay {
  const state: ItemState = new Map();
  const breaks: Break[] = [];
  for (const event of events) {
    for (const c of event.changes) {
      const id = idOf(c.entity, c.key);
      // Key order is not part of an item (DynamoDB does not keep it): compare canonical JSON.
      const trail = comparable(id, state.get(id) ?? null);
      if (canonicalJson(comparable(id, c.before)) !== canonicalJson(trail)) {
        breaks.push({ id, event: `${event.action} ${event.id}`, before: c.before, trail });
      }
      if (Object.keys(c.after).length === 0) state.delete(id);
      else state.set(id, c.after);
    }
  }
  return { state, breaks };
}

/** The whole trail of a cycle, in order, a page at a time. */
export async function fullTrail(store: Store, country: string, cycleId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listAudit(country, cycleId, { limit: 100, ...(cursor ? { cursor } : {}) });
    events.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return events;
}

/** Every item of a cycle the trail speaks about, as stored now (records of `recordKinds` only, default all). */
export async function storedState(
  store: Store,
  country: string,
  cycleId: string,
  recordKinds: readonly RecordKind[] = RECORD_KINDS,
): Promise<ItemState> {
  const state: ItemState = new Map();
  const put = (entity: AuditChange["entity"], key: string, item: object) => {
    const shot = snapshot(item);
    if (shot) state.set(idOf(entity, key), shot);
  };
  const found = await store.getCycle(country, cycleId);
  if (!found) return state;
  put("cycle", cycleId, found.cycle);
  for (const s of found.stages) put("stage", `${cycleId}/${s.stage}`, s);
  for (const e of await store.listEntries(country, cycleId)) put("entry", `${cycleId}/${e.measureId}`, e);
  for (const p of await store.listPeriods(country, cycleId)) put("period", `${cycleId}/${p.index}`, p);
  for (const kind of recordKinds) {
    for (const r of await store.listRecords(country, cycleId, kind))
      put("record", `${cycleId}/${kind}/${r.id}`, r);
  }
  return state;
}

export type Comparison = {
  /** Replayed and stored state, with the bookkeeping carriers' versions set apart; equal when the trail is true. */
  replayed: Record<string, unknown>;
  stored: Record<string, unknown>;
  /** Stage and period versions the trail is ahead of the store on (never possible when the trail is true). */
  versionsAhead: string[];
  breaks: Break[];
};

/**
 * Replays the cycle's trail and reads its stored state, ready for `expect(replayed).toEqual(stored)`. `only` narrows
 * both to the items a test wrote through the use cases (a fixture may seed others without an audit event).
 */
export async function compareTrailWithStore(
  store: Store,
  country: string,
  cycleId: string,
  only: (id: string) => boolean = () => true,
): Promise<Comparison> {
  const replay = replayTrail(await fullTrail(store, country, cycleId));
  const narrow = (s: ItemState): ItemState => new Map([...s.entries()].filter(([id]) => only(id)));
  const state = narrow(replay.state);
  const breaks = replay.breaks.filter((b) => only(b.id));
  const stored = narrow(await storedState(store, country, cycleId));
  const versionsAhead = [...state.entries()].flatMap(([id, item]) => {
    const now = stored.get(id)?.version;
    return typeof item.version === "number" && typeof now === "number" && item.version > now ? [id] : [];
  });
  const plain = (s: ItemState) =>
    Object.fromEntries(
      [...s.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, v]) => [id, comparable(id, v)]),
    );
  return { replayed: plain(state), stored: plain(stored), versionsAhead, breaks };
}
