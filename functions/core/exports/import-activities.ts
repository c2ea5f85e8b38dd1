import { openForEdit } from "../action-plan/editing.js";
import { ActivityInput } from "../action-plan/inputs.js";
import type { PlanData } from "../action-plan/plan-data.js";
import type { Activity } from "../action-plan/schema.js";
import { activityFields } from "../action-plan/use-cases.js";
import { type CoreDeps, isoNow, recordChange } from "../changes.js";
import { DomainError } from "../errors.js";
import type { IdempotencyIntent } from "../ports.js";
import type { Principal } from "../principal.js";
import {
  type ImportResult,
  issueColumn,
  type RowCells,
  RowProblems,
  reject,
  rowsOf,
  type SheetData,
} from "./import-rows.js";
import { chunkCount, commitImport, type ImportWrite } from "./import-writes.js";
import { ACTIVITY_COLUMNS, ACTIVITY_FIELD_COLUMNS, ACTIVITY_REQUIRED } from "./templates.js";

type Write = { row: number; before: Activity | undefined; after: Activity };

/**
 * Imports activities from the template: a row with an Activity ID replaces that activity (at the version the row
 * carries), a row without one creates an activity. Every row passes the rules of a single save (activityFields)
 * against the plan as the rows before it leave it, so that two rows cannot together make a dependency circle;
 * one bad row rejects the file and nothing is written. Then the changes are committed in chunks with their audit
 * events (see import-writes.ts).
 */
export async function importActivities(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  sheet: SheetData,
  idempotency?: IdempotencyIntent,
): Promise<ImportResult> {
  const { plan } = await openForEdit(deps, principal, country, cycleId);
  const rows = rowsOf(sheet, ACTIVITY_COLUMNS, ACTIVITY_REQUIRED);
  const problems = new RowProblems(ACTIVITY_COLUMNS);
  const stored = new Map(plan.activities.map((a) => [a.id, a]));
  const working: PlanData = { ...plan, activities: [...plan.activities] };
  const seen = new Map<string, number>();
  const at = isoNow(deps);
  const writes: Write[] = [];
  let unchanged = 0;
  for (const cells of rows) {
    const { row } = cells;
    const id = problems.text(cells, "id");
    const version = problems.number(cells, "version");
    const before = id ? stored.get(id) : undefined;
    if (id && !before) {
      problems.add(
        row,
        "id",
        `${id} is not an activity of this plan (leave Activity ID empty to create one)`,
      );
      continue;
    }
    if (id) {
      const twin = seen.get(id);
      if (twin !== undefined) {
        problems.add(row, "id", `${id} appears twice (also on row ${twin})`);
        continue;
      }
      seen.set(id, row);
    }
    const input = inputOf(problems, cells);
    if (!input) continue;
    if (before && sameActivity(before, input)) {
      unchanged++;
      continue;
    }
    if (before ? version !== before.version : version !== undefined) {
      problems.add(
        row,
        "version",
        before
          ? `the activity changed since this file was exported (it is at version ${before.version}, the file has ${version ?? "none"}): export a fresh template and copy your changes into it`
          : "leave Version empty for a new activity",
      );
      continue;
    }
    try {
      const after: Activity = {
        kind: "activity",
        id: before?.id ?? deps.newId(),
        country,
        cycleId,
        updatedAt: at,
        version: (before?.version ?? 0) + 1,
        ...activityFields(principal, working, before, input),
      };
      working.activities = [...working.activities.filter((a) => a.id !== after.id), after];
      writes.push({ row, before, after });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = typeof error.details.field === "string" ? error.details.field : "";
      problems.add(
        row,
        issueColumn(field.split(/[.[\]]/).filter(Boolean), ACTIVITY_FIELD_COLUMNS),
        error.message,
      );
    }
  }
  if (problems.list.length > 0) reject(problems.list);

  const created = writes.filter((w) => !w.before).length;
  const imports: ImportWrite[] = writes.map((w) => ({
    row: w.row,
    write: { entity: "record", item: w.after, expectedVersion: w.before?.version ?? null },
    change: recordChange(w.before, w.after),
  }));
  const result: ImportResult = {
    kind: "activities",
    rows: rows.length,
    created,
    updated: writes.length - created,
    unchanged,
    blank: 0,
    transactions: chunkCount(imports),
  };
  await commitImport(deps, imports, {
    cycle: { country, cycleId },
    principal,
    stage: "action_plan",
    action: "activity.saved",
    describe: (n, part) => `${n} ${n === 1 ? "activity" : "activities"} imported (${part})`,
    idempotency: { intent: idempotency, response: result },
  });
  return result;
}

/** A row as the input of a save, or undefined (with its problems noted) when it is not one. */
function inputOf(problems: RowProblems, cells: RowCells): ActivityInput | undefined {
  const before = problems.list.length;
  const amount = problems.number(cells, "amount");
  const funded = problems.boolean(cells, "funded");
  const currency = problems.text(cells, "currency");
  const source = problems.text(cells, "source");
  const donor = problems.text(cells, "donor");
  const leadAgency = problems.text(cells, "leadAgency");
  const hasBudget =
    amount !== undefined || currency !== "" || source !== "" || donor !== "" || funded !== undefined;
  const candidate = {
    objectiveId: problems.text(cells, "objectiveId"),
    title: problems.text(cells, "title"),
    description: problems.text(cells, "description"),
    ...(leadAgency ? { leadAgency } : {}),
    partnerAgencies: problems.items(cells, "partnerAgencies"),
    start: problems.text(cells, "start"),
    end: problems.text(cells, "end"),
    ...(hasBudget
      ? { budget: { amount, currency, source, ...(donor ? { donorName: donor } : {}), funded } }
      : {}),
    measureIds: problems.items(cells, "measures"),
    priorityIds: problems.items(cells, "priorities"),
    dependsOn: problems.items(cells, "dependsOn"),
  };
  if (problems.list.length > before) return undefined;
  const parsed = ActivityInput.safeParse(candidate);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const key = issueColumn(issue.path, ACTIVITY_FIELD_COLUMNS);
    const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
    problems.add(cells.row, key, missing ? "is required when a budget is given" : issue.message);
  }
  return undefined;
}

/** The same activity as stored, field by field (what an unchanged row of an exported template gives). */
function sameActivity(stored: Activity, input: ActivityInput): boolean {
  const fields = (a: Partial<ActivityInput>) =>
    JSON.stringify([
      a.objectiveId,
      a.title,
      a.description,
      a.leadAgency ?? null,
      a.partnerAgencies,
      a.start,
      a.end,
      a.budget
        ? [a.budget.amount, a.budget.currency, a.budget.source, a.budget.donorName ?? null, a.budget.funded]
        : null,
      a.measureIds,
      a.priorityIds,
      a.dependsOn,
    ]);
  return fields(stored) === fields(input);
}
