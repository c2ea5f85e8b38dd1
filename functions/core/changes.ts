import type { AuditAction, AuditChange, AuditEvent } from "./audit.js";
import type { Clock, IdGenerator, Store, WorkflowPort } from "./ports.js";
import type { Actor } from "./principal.js";
import type { CycleRecord } from "./records.js";

/** What every use case needs from the outside world: storage, the workflow, time and ids. */
export type CoreDeps = {
  store: Store;
  workflow: WorkflowPort;
  now: Clock;
  newId: IdGenerator;
};

// Workflow bookkeeping (task tokens, delivery claims) never enters the audit trail: tokens are credentials.
const BOOKKEEPING = new Set(["wait", "outbox", "delivery"]);

export function snapshot(item: object | undefined | null): Record<string, unknown> | null {
  if (!item) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!BOOKKEEPING.has(k)) out[k] = v;
  return out;
}

export function change(
  entity: AuditChange["entity"],
  key: string,
  before: object | undefined | null,
  after: object | null,
) {
  return { entity, key, before: snapshot(before), after: snapshot(after) ?? {} } satisfies AuditChange;
}

/** The audit change of a cycle record, keyed `<cycleId>/<kind>/<id>` as the store names it; `after` null deletes. */
export function recordChange(before: CycleRecord | undefined | null, after: CycleRecord | null) {
  const ref = after ?? before;
  if (!ref) throw new Error("a record change needs a before or an after");
  return change("record", `${ref.cycleId}/${ref.kind}/${ref.id}`, before, after);
}

export function auditEvent(
  deps: Pick<CoreDeps, "newId">,
  at: string,
  e: {
    country: string;
    cycleId: string;
    actor: Actor;
    action: AuditAction;
    summary: string;
    changes: AuditChange[];
  },
): AuditEvent {
  return { id: deps.newId(), at, ...e };
}

export function isoNow(deps: Pick<CoreDeps, "now">): string {
  return deps.now().toISOString();
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
