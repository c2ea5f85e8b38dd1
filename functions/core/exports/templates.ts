import type { Activity, PlanObjective } from "../action-plan/schema.js";
import type { AssessmentEntry } from "../assessment.js";
import { MeasureStatus } from "../assessment.js";
import type { MeasureInfo } from "../measures.js";
import { type Column, column, date, joinList, money, type Row, type Table } from "./cells.js";

// The templates an import reads back: each exported with what is stored now, so that exporting and importing the
// file untouched changes nothing. Grey columns are context or bookkeeping; the Version column is the version the
// row was exported at, and an import refuses a row whose item has changed since.

export const ASSESSMENT_SHEET = "Assessment";
export const ACTIVITIES_SHEET = "Activities";

export const ASSESSMENT_COLUMNS: readonly Column[] = [
  column("measureId", "Measure ID", 16),
  column("catalogue", "Catalogue", 10, { readOnly: true }),
  column("pillar", "Pillar", 24, { readOnly: true }),
  column("objective", "Objective", 36, { readOnly: true }),
  column("measure", "Measure", 60, { readOnly: true }),
  column("mandatory", "Mandatory", 10, { readOnly: true }),
  column("status", "Status", 14, { choices: MeasureStatus.options }),
  column("severity", "Severity (0-3)", 10, { choices: ["0", "1", "2", "3"] }),
  column("evidence", "Evidence", 60),
  column("source", "Source", 30),
  column("agency", "Agency", 28),
  column("version", "Version", 9, { readOnly: true }),
];
export const ASSESSMENT_REQUIRED = [
  "measureId",
  "status",
  "severity",
  "evidence",
  "source",
  "agency",
  "version",
];

export function assessmentTemplate(
  measures: ReadonlyMap<string, MeasureInfo>,
  entries: readonly AssessmentEntry[],
): Table {
  const byId = new Map(entries.map((e) => [e.measureId, e]));
  const rows: Row[] = [...measures].map(([measureId, info]) => {
    const entry = byId.get(measureId);
    return {
      measureId,
      catalogue: info.catalogue,
      pillar: info.pillar.title,
      objective: info.objective.title,
      measure: info.measure.text,
      mandatory: info.measure.mandatory,
      status: entry?.status ?? null,
      severity: entry?.severity ?? null,
      evidence: entry?.evidence ?? null,
      source: entry?.source ?? null,
      agency: entry?.agency ?? null,
      version: entry?.version ?? null,
    };
  });
  return {
    name: ASSESSMENT_SHEET,
    title: "Needs assessment: one row per measure",
    notes: [
      "Fill in Status (in_place, partial, absent, unknown, not_applicable), Severity 0-3 (0 when in place or not applicable, 1-3 when absent), Evidence, Source and Agency.",
      "Leave Status empty for a measure not answered yet. Grey columns are context: changes there are ignored.",
      "Keep the Version column as exported: a row whose answer changed since the export is refused.",
    ],
    columns: ASSESSMENT_COLUMNS,
    rows,
  };
}

export const ACTIVITY_COLUMNS: readonly Column[] = [
  column("id", "Activity ID", 28, { readOnly: true }),
  column("version", "Version", 9, { readOnly: true }),
  column("objectiveId", "Objective ID", 28),
  column("objective", "Objective", 36, { readOnly: true }),
  column("title", "Title", 45),
  column("description", "Description", 50),
  column("leadAgency", "Lead agency", 28),
  column("partnerAgencies", "Partner agencies", 36),
  column("start", "Start", 12),
  column("end", "End", 12),
  column("amount", "Budget amount", 16),
  column("currency", "Currency", 9),
  column("source", "Budget source", 12, { choices: ["state", "donor"] }),
  column("donor", "Donor", 20),
  column("funded", "Funded", 8, { choices: ["yes", "no"] }),
  column("measures", "Measures", 28),
  column("priorities", "Priorities", 28),
  column("dependsOn", "Depends on", 28),
];
export const ACTIVITY_REQUIRED = ["id", "version", "objectiveId", "title", "start", "end"];

/** Zod paths of an activity input, named as the template's columns (for rejection reports). */
export const ACTIVITY_FIELD_COLUMNS: Record<string, string> = {
  objectiveId: "objectiveId",
  title: "title",
  description: "description",
  leadAgency: "leadAgency",
  partnerAgencies: "partnerAgencies",
  start: "start",
  end: "end",
  "budget.amount": "amount",
  "budget.currency": "currency",
  "budget.source": "source",
  "budget.donorName": "donor",
  "budget.funded": "funded",
  budget: "amount",
  measureIds: "measures",
  priorityIds: "priorities",
  dependsOn: "dependsOn",
};

export function activitiesTemplate(
  objectives: readonly PlanObjective[],
  activities: readonly Activity[],
): Table {
  const titles = new Map(objectives.map((o) => [o.id, o.title]));
  const rows: Row[] = activities.map((a) => ({
    id: a.id,
    version: a.version,
    objectiveId: a.objectiveId,
    objective: titles.get(a.objectiveId) ?? null,
    title: a.title,
    description: a.description,
    leadAgency: a.leadAgency ?? null,
    partnerAgencies: joinList(a.partnerAgencies),
    start: date(a.start),
    end: date(a.end),
    amount: a.budget ? money(a.budget.amount, a.budget.currency) : null,
    currency: a.budget?.currency ?? null,
    source: a.budget?.source ?? null,
    donor: a.budget?.donorName ?? null,
    funded: a.budget ? (a.budget.funded ? "yes" : "no") : null,
    measures: joinList(a.measureIds),
    priorities: joinList(a.priorityIds),
    dependsOn: joinList(a.dependsOn),
  }));
  return {
    name: ACTIVITIES_SHEET,
    title: "Action plan activities: one row per activity",
    notes: [
      "Add a row with an empty Activity ID to create an activity; its Objective ID comes from the Objectives sheet.",
      "Lists (partner agencies, measures, priorities, depends on) are separated by semicolons. Dates are yyyy-mm-dd.",
      "Keep Activity ID and Version as exported: a row whose activity changed since the export is refused. An import never deletes an activity.",
    ],
    columns: ACTIVITY_COLUMNS,
    rows,
    openEnded: true,
  };
}

/** The objectives an activity may belong to, for looking up Objective IDs. */
export function objectivesReference(objectives: readonly PlanObjective[]): Table {
  return {
    name: "Objectives",
    title: "Objectives of the plan",
    notes: [],
    columns: [
      column("id", "Objective ID", 28),
      column("pillar", "Pillar", 8),
      column("title", "Objective", 60),
    ],
    rows: objectives.map((o) => ({ id: o.id, pillar: o.pillar, title: o.title })),
  };
}
