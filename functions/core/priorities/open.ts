import type { AuditChange } from "../audit.js";
import { auditEvent, type CoreDeps, recordChange } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { VersionConflictError } from "../errors.js";
import type { Write } from "../ports.js";
import { workflowActor } from "../principal.js";
import type { CycleRecord } from "../records.js";
import { defaultSettings, gapCandidates, SETTINGS_ID } from "./candidates.js";
import type { Priority } from "./schema.js";

/**
 * DynamoDB takes at most 100 actions per transaction. The opening transaction also holds the stage write, its audit
 * event and the notifications of the opening, so up to this many records ride along with it (leaving room for a few
 * notifications); a chunk commit holds this many records, its audit event and the stage check.
 */
export const INLINE_LIMIT = 90;
export const CHUNK_SIZE = 90;

/**
 * The records that opening the priorities stage creates: a candidate per gap and the default criteria.
 *
 * Records that already exist are kept as they are: a successor cycle brings its carried-over priorities before the
 * stage opens, and a retried openStage finds what its earlier attempt wrote.
 *
 * When everything fits, it commits with the opening itself (all or nothing). A cycle on both catalogues can have more
 * gaps than one transaction holds; then the candidates are committed first, in chunks, each conditional on the stage
 * still being not_started, and the opening transaction stays small. Should the opening then fail, the stage is still
 * not_started and the retry skips the candidates already written, so it neither duplicates nor fails; the stage is
 * never seen open without its candidates.
 */
export async function openPriorities(
  deps: CoreDeps,
  cycle: Cycle,
  at: string,
): Promise<{ writes: Write[]; changes: AuditChange[] }> {
  const [entries, existing, settings] = await Promise.all([
    deps.store.listEntries(cycle.country, cycle.id),
    deps.store.listRecords(cycle.country, cycle.id, "priority"),
    deps.store.getRecord(cycle.country, cycle.id, "prioritySettings", SETTINGS_ID),
  ]);
  const have = new Set(existing.map((p) => p.id));
  const fresh = gapCandidates(cycle, entries, at).filter((p) => !have.has(p.id));
  const settingsRecords = settings ? [] : [defaultSettings(cycle, at)];

  if (settingsRecords.length + fresh.length <= INLINE_LIMIT) return creations([...settingsRecords, ...fresh]);
  for (let start = 0, n = 1; start < fresh.length; start += CHUNK_SIZE, n++) {
    const chunk = fresh.slice(start, start + CHUNK_SIZE);
    await commitChunk(deps, cycle, chunk, at, `${n} of ${Math.ceil(fresh.length / CHUNK_SIZE)}`);
  }
  return creations(settingsRecords);
}

function creations(records: CycleRecord[]): { writes: Write[]; changes: AuditChange[] } {
  return {
    writes: records.map((item) => ({ entity: "record", item, expectedVersion: null })),
    changes: records.map((r) => recordChange(null, r)),
  };
}

async function commitChunk(deps: CoreDeps, cycle: Cycle, chunk: Priority[], at: string, label: string) {
  let todo = chunk;
  for (let attempt = 1; todo.length > 0; attempt++) {
    try {
      return await deps.store.commit({
        writes: todo.map((item) => ({ entity: "record", item, expectedVersion: null })),
        checks: [{ country: cycle.country, cycleId: cycle.id, stage: "priorities", states: ["not_started"] }],
        events: [
          auditEvent(deps, at, {
            country: cycle.country,
            cycleId: cycle.id,
            actor: workflowActor("openStage"),
            action: "priorities.generated",
            summary: `${todo.length} priority candidates generated from the assessment's gaps (part ${label})`,
            changes: todo.map((p) => recordChange(null, p)),
          }),
        ],
      });
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 3) throw error;
      // Another run of the task (a retry racing its predecessor) wrote some of these first: keep what it wrote.
      const present = new Set(
        (await deps.store.listRecords(cycle.country, cycle.id, "priority")).map((p) => p.id),
      );
      todo = todo.filter((p) => !present.has(p.id));
    }
  }
}
