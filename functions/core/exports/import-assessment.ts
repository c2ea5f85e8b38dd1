import { type AssessmentEntry, EntryAnswer } from "../assessment.js";
import { type CoreDeps, change, isoNow } from "../changes.js";
import { DomainError, RuleViolationError } from "../errors.js";
import { cycleMeasures } from "../measures.js";
import type { IdempotencyIntent, Write } from "../ports.js";
import type { Principal } from "../principal.js";
import { isEditable } from "../stage.js";
import { nextEntry } from "../use-cases/assessment.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { type ImportResult, RowProblems, reject, rowsOf, type SheetData } from "./import-rows.js";
import { chunkCount, commitImport, type ImportWrite } from "./import-writes.js";
import { ASSESSMENT_COLUMNS, ASSESSMENT_REQUIRED } from "./templates.js";

/**
 * Imports assessment answers from the template. Every row is checked against the stored answers first, with the
 * rules a single save applies (the answer's own rules, the version, and `nextEntry`: a member's agency); one bad
 * row rejects the file and nothing is written. Then the changed answers are committed in chunks, each with its
 * audit event (see import-writes.ts for what holds between transactions).
 */
export async function importAssessment(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  sheet: SheetData,
  idempotency?: IdempotencyIntent,
): Promise<ImportResult> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "assessment.edit");
  const stage = stageOf(stages, "assessment", cycleId);
  if (!isEditable(stage)) {
    throw new RuleViolationError(
      "stage_locked",
      `the assessment stage is ${stage.state}: it can be imported into only while in draft or returned`,
      { stage: stage.stage, state: stage.state },
    );
  }
  const measures = cycleMeasures(cycle);
  const stored = new Map((await deps.store.listEntries(country, cycleId)).map((e) => [e.measureId, e]));
  const rows = rowsOf(sheet, ASSESSMENT_COLUMNS, ASSESSMENT_REQUIRED);
  const problems = new RowProblems(ASSESSMENT_COLUMNS);
  const seen = new Map<string, number>();
  const at = isoNow(deps);
  const todo: ImportWrite[] = [];
  let created = 0;
  let blank = 0;
  let unchanged = 0;
  for (const cells of rows) {
    const { row } = cells;
    const measureId = problems.text(cells, "measureId");
    if (!measures.has(measureId)) {
      problems.add(
        row,
        "measureId",
        measureId ? `${measureId} is not a measure of this cycle's frameworks` : "is empty",
      );
      continue;
    }
    const twin = seen.get(measureId);
    if (twin !== undefined) {
      problems.add(row, "measureId", `${measureId} is answered twice (also on row ${twin})`);
      continue;
    }
    seen.set(measureId, row);
    const status = problems.text(cells, "status");
    const severity = problems.number(cells, "severity");
    const evidence = problems.text(cells, "evidence");
    const source = problems.text(cells, "source");
    const agency = problems.text(cells, "agency");
    const version = problems.number(cells, "version");
    if (!status) {
      if (severity !== undefined || evidence || source) {
        problems.add(row, "status", "is empty: give a status to answer this measure, or clear the row");
      } else blank++;
      continue;
    }
    const parsed = EntryAnswer.safeParse({
      status,
      severity,
      evidence,
      source,
      ...(agency ? { agency } : {}),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        const reason = severity === undefined && key === "severity" ? "is required (0-3)" : issue.message;
        problems.add(row, ASSESSMENT_COLUMNS.some((c) => c.key === key) ? key : undefined, reason);
      }
      continue;
    }
    const existing = stored.get(measureId);
    if (existing && sameAnswer(existing, parsed.data)) {
      unchanged++;
      continue;
    }
    const stale = versionProblem(existing, version);
    if (stale) {
      problems.add(row, "version", stale);
      continue;
    }
    try {
      const entry = nextEntry(principal, cycle, measureId, existing, parsed.data, at);
      const write: Write = { entity: "entry", item: entry, expectedVersion: existing?.version ?? null };
      todo.push({ row, write, change: change("entry", `${cycleId}/${measureId}`, existing, entry) });
      if (!existing) created++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.add(row, undefined, error.message);
    }
  }
  if (problems.list.length > 0) reject(problems.list);

  const result: ImportResult = {
    kind: "assessment",
    rows: rows.length,
    created,
    updated: todo.length - created,
    unchanged,
    blank,
    transactions: chunkCount(todo),
  };
  await commitImport(deps, todo, {
    cycle: { country, cycleId },
    principal,
    stage: "assessment",
    action: "entries.bulk_upserted",
    describe: (n, part) => `${n} assessment answers imported (${part})`,
    idempotency: { intent: idempotency, response: result },
  });
  return result;
}

/** The same answer as stored: an empty Agency keeps the stored one, as a save without an agency does. */
function sameAnswer(entry: AssessmentEntry, answer: EntryAnswer): boolean {
  return (
    entry.status === answer.status &&
    entry.severity === answer.severity &&
    entry.evidence === answer.evidence &&
    entry.source === answer.source &&
    (answer.agency === undefined || answer.agency === entry.agency)
  );
}

function versionProblem(
  existing: AssessmentEntry | undefined,
  version: number | undefined,
): string | undefined {
  if (!existing) {
    return version === undefined ? undefined : "there is no answer to this measure yet: leave Version empty";
  }
  if (version === existing.version) return undefined;
  return version === undefined
    ? `the measure has an answer (version ${existing.version}) that this row does not name: export a fresh template`
    : `the answer changed since this file was exported (it is at version ${existing.version}, the file has ${version}): export a fresh template and copy your changes into it`;
}
