import type { AuditChange } from "../audit.js";
import { auditEvent, type CoreDeps, isoNow } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { VersionConflictError } from "../errors.js";
import type { StageStateCheck, Write } from "../ports.js";
import type { Actor } from "../principal.js";

/**
 * A chunk is one transaction (at most 100 actions, with its audit event and a stage check), and its audit event
 * holds every copied item, which must stay under DynamoDB's 400 KB item limit: 40 answers of the longest evidence in
 * a 3-byte script is about 150 KB. About 134 answers (both catalogues) take four chunks.
 */
export const CHUNK_SIZE = 40;

export type CopyPlan<T> = {
  items: T[];
  present: () => Promise<Set<string>>;
  keyOf: (item: T) => string;
  write: (item: T) => Write;
  change: (item: T) => AuditChange;
  check: Pick<StageStateCheck, "stage" | "states">;
  action: "priorities.carried_over" | "assessment.carried_over";
  describe: (count: number, part: string) => string;
};

/** Writes the items not yet present, CHUNK_SIZE per transaction, each chunk with its audit event. */
export async function copyInChunks<T>(
  deps: CoreDeps,
  cycle: Cycle,
  actor: Actor,
  plan: CopyPlan<T>,
): Promise<void> {
  let present = await plan.present();
  const todo = plan.items.filter((i) => !present.has(plan.keyOf(i)));
  const parts = Math.ceil(todo.length / CHUNK_SIZE);
  for (let start = 0, n = 1; start < todo.length; start += CHUNK_SIZE, n++) {
    let chunk = todo.slice(start, start + CHUNK_SIZE);
    for (let attempt = 1; chunk.length > 0; attempt++) {
      try {
        const at = isoNow(deps);
        await deps.store.commit({
          writes: chunk.map(plan.write),
          checks: [{ country: cycle.country, cycleId: cycle.id, ...plan.check }],
          events: [
            auditEvent(deps, at, {
              country: cycle.country,
              cycleId: cycle.id,
              actor,
              action: plan.action,
              summary: plan.describe(chunk.length, `${n} of ${parts}`),
              changes: chunk.map(plan.change),
            }),
          ],
        });
        break;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 3) throw error;
        // Someone saved one of these in the meantime (a re-verified answer, a twin request's chunk): keep theirs.
        present = await plan.present();
        chunk = chunk.filter((i) => !present.has(plan.keyOf(i)));
      }
    }
  }
}
