import type { AuditChange } from "../audit.js";
import { auditEvent, type CoreDeps, recordChange } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { VersionConflictError } from "../errors.js";
import type { Write } from "../ports.js";
import { workflowActor } from "../principal.js";
import type { CycleRecord } from "../records.js";
import { defaultSettings, gapCandidates, restatedCarriedOver, SETTINGS_ID } from "./candidates.js";
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
 * Records that already exist are kept: a successor cycle brings its carried-over priorities before the stage opens,
 * and a retried openStage finds what its earlier attempt wrote. The carried-over ones are restated on the
 * re-verified assessment (see restatedCarriedOver), as they would have been had they been generated now.
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
  const restated = restatedCarriedOver(existing, entries, at);
  const settingsRecords = settings ? [] : [defaultSettings(cycle, at)];

  if (settingsRecords.length + fresh.length + restated.length <= INLINE_LIMIT) {
    const created = creations([...settingsRecords, ...fresh]);
    const updated = updates(existing, restated);
    return {
      writes: [...created.writes, ...updated.writes],
      changes: [...created.changes, ...updated.changes],
    };
  }
  for (let start = 0, n = 1; start < fresh.length; start += CHUNK_SIZE, n++) {
    const chunk = fresh.slice(start, start + CHUNK_SIZE);
    await commitChunk(deps, cycle, chunk, at, `${n} of ${Math.ceil(fresh.length / CHUNK_SIZE)}`);
  }
  for (let start = 0; start < restated.length; start += CHUNK_SIZE) {
    const ids = new Set(restated.slice(start, start + CHUNK_SIZE).map((p) => p.id));
    await commitRestated(deps, cycle, ids, at);
  }
  return creations(settingsRecords);
}

function creations(records: CycleRecord[]): { writes: Write[]; changes: AuditChange[] } {
  return {
    writes: records.map((item) => ({ entity: "record", item, expectedVersion: null })),
    changes: records.map((r) => recordChange(null, r)),
  };
}

function updates(existing: readonly Priority[], restated: readonly Priority[]) {
  const before = new Map(existing.map((p) => [p.id, p]));
  return {
    writes: restated.map((item): Write => ({ entity: "record", item, expectedVersion: item.version - 1 })),
    changes: restated.map((p) => recordChange(before.get(p.id) ?? null, p)),
  };
}

/** Restates the carried-over candidates `ids` in one transaction; a racing run's restatement is re-read, not redone. */
async function commitRestated(deps: CoreDeps, cycle: Cycle, ids: ReadonlySet<string>, at: string) {
  for (let attempt = 1; ; attempt++) {
    const [entries, existing] = await Promise.all([
      deps.store.listEntries(cycle.country, cycle.id),
      deps.store.listRecords(cycle.country, cycle.id, "priority"),
    ]);
    const todo = restatedCarriedOver(
      existing.filter((p) => ids.has(p.id)),
      entries,
      at,
    );
    if (todo.length === 0) return;
    const { writes, changes } = updates(existing, todo);
    try {
      return await deps.store.commit({
        writes,
        checks: [{ country: cycle.country, cycleId: cycle.id, stage: "priorities", states: ["not_started"] }],
        events: [
          auditEvent(deps, at, {
            country: cycle.country,
            cycleId: cycle.id,
            actor: workflowActor("openStage"),
            action: "priorities.generated",
            summary: `${todo.length} carried-over candidates restated on the re-verified assessment`,
            changes,
          }),
        ],
      });
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 3) throw error;
    }
  }
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
