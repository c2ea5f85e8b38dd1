import type { StageName } from "../../../workflows/schemas.js";
import type { AuditAction, AuditChange } from "../audit.js";
import { auditEvent, type CoreDeps, isoNow } from "../changes.js";
import { DomainError, StateConflictError } from "../errors.js";
import type { IdempotencyIntent, Write } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import { withIdempotency } from "../use-cases/assessment.js";

// How an import writes, and what "nothing is written when any row is invalid" means across transactions.
//
// DynamoDB commits at most 100 items per transaction, so a large file takes several. All-or-nothing is kept where it
// can be kept honestly:
// 1. Every row is validated against the state read at the start (rules, references, rights, versions) before
//    anything is written: an invalid row rejects the whole file and no transaction runs.
// 2. Each transaction carries the expected version of every item it writes (and the stage must still be editable),
//    so a chunk never overwrites a change made after the file was validated: that chunk fails whole.
// 3. What that can leave is a file imported in part: the chunks before the failing one are committed, each with its
//    audit event. The answer (409 import_interrupted) names the rows saved and the rows not saved, and importing
//    the same file again finishes it: rows equal to what is stored are skipped whatever version they carry, so the
//    saved rows pass as unchanged, and a row someone else changed meanwhile is refused as stale, for a person to
//    merge. No row is ever half written.
// A staging area committed atomically could not do better: DynamoDB has no transaction over 100 items either.
// An Idempotency-Key's record is written with the last transaction, so a retry replays the answer only once the
// whole file is in; a retry after an interruption runs again and finishes the file.

/** Rows per transaction: with the audit event, the stage check and an idempotency record, 93 of DynamoDB's 100. */
export const IMPORT_CHUNK_ROWS = 90;
/**
 * An audit event is one DynamoDB item (400 KB at most) holding the chunk's before/after snapshots: they are kept
 * under this many UTF-8 bytes (a text in a 3-byte script weighs three times its length), so a chunk of long texts
 * is cut short of 90 rows instead of failing.
 */
const MAX_AUDIT_BYTES = 300_000;
const UTF8 = new TextEncoder();

/** One validated row's write and its audit change. */
export type ImportWrite = { row: number; write: Write; change: AuditChange };

export type ImportCommit = {
  cycle: { country: string; cycleId: string };
  principal: Principal;
  /** The stage whose content is written: it must still be editable when each transaction commits. */
  stage: StageName;
  action: AuditAction;
  describe: (count: number, part: string) => string;
  idempotency?: { intent: IdempotencyIntent | undefined; response: unknown };
};

/**
 * Commits the writes IMPORT_CHUNK_ROWS per transaction (fewer when their audit changes are large), each with its audit
 * event and the check that the stage is still editable; answers how many transactions it took.
 */
export async function commitImport(
  deps: CoreDeps,
  writes: readonly ImportWrite[],
  how: ImportCommit,
): Promise<number> {
  const { country, cycleId } = how.cycle;
  const chunks = importChunks(writes);
  return writeInChunks(chunks, async (chunk) => {
    const at = isoNow(deps);
    const n = chunks.indexOf(chunk) + 1;
    const last = n === chunks.length;
    await deps.store.commit({
      writes: chunk.map((w) => w.write),
      checks: [{ country, cycleId, stage: how.stage, states: ["draft", "returned"] }],
      events: [
        auditEvent(deps, at, {
          country,
          cycleId,
          actor: actorOf(how.principal),
          action: how.action,
          summary: how.describe(chunk.length, `part ${n} of ${chunks.length}`),
          changes: chunk.map((w) => w.change),
        }),
      ],
      ...(last && how.idempotency
        ? withIdempotency(how.idempotency.intent, how.idempotency.response, at)
        : {}),
    });
  });
}

function importChunks(writes: readonly ImportWrite[]): ImportWrite[][] {
  return chunksOf(
    writes,
    IMPORT_CHUNK_ROWS,
    (w) => UTF8.encode(JSON.stringify(w.change)).length,
    MAX_AUDIT_BYTES,
  );
}

/** How many transactions `commitImport` will take for these writes. */
export function chunkCount(writes: readonly ImportWrite[]): number {
  return importChunks(writes).length;
}

/** Splits items into chunks of at most `maxItems`, and at most `maxBytes` by `bytes` (an audit event's limit). */
export function chunksOf<T>(
  items: readonly T[],
  maxItems: number,
  bytes: (item: T) => number = () => 0,
  maxBytes = Number.POSITIVE_INFINITY,
): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let size = 0;
  for (const item of items) {
    const weight = bytes(item);
    if (chunk.length > 0 && (chunk.length >= maxItems || size + weight > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += weight;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Writes the chunks in order, one transaction each; answers how many were written. */
export async function writeInChunks<T extends { row: number }>(
  chunks: readonly T[][],
  write: (chunk: T[]) => Promise<void>,
): Promise<number> {
  const saved: number[] = [];
  for (const chunk of chunks) {
    try {
      await write(chunk);
    } catch (error) {
      if (saved.length === 0 || !(error instanceof DomainError)) throw error;
      const unsaved = chunks.slice(chunks.indexOf(chunk)).flatMap((c) => c.map((t) => t.row));
      throw new StateConflictError(
        "import_interrupted",
        `the import stopped part way: rows ${ranges(saved)} were saved, rows ${ranges(unsaved)} were not (${error.message}); import the same file again to finish, the saved rows will be skipped as unchanged`,
        { savedRows: saved, unsavedRows: unsaved, cause: { code: error.code, message: error.message } },
      );
    }
    saved.push(...chunk.map((t) => t.row));
  }
  return chunks.length;
}

/** [2,3,4,7] -> "2-4, 7" */
function ranges(rows: readonly number[]): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(", ");
}
