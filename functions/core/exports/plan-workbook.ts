import { planTotals } from "../action-plan/totals.js";
import type { ByCurrency } from "../action-plan/views.js";
import { countryName } from "../countries.js";
import { type Cell, column, date, money, type Row, type Table, type Workbook } from "./cells.js";
import { pillarsOf } from "./pillars.js";
import { planColumns, planRows } from "./plan-rows.js";
import type { PlanExport } from "./plan-source.js";

// The action plan as a workbook: a summary, one sheet per pillar, the budget. The totals are the plan's own
// (planTotals), never summed again here.

export function planWorkbook(plan: PlanExport, generatedAt: string): Workbook {
  const groups = planRows(plan);
  const columns = planColumns(plan, false);
  const notes = planNotes(plan);
  const pillarSheets: Table[] = pillarsOf(plan.cycle).map((p) => ({
    name: `${p.code} ${p.short}`,
    title: `${p.code}: ${p.title}`,
    notes,
    columns,
    rows: groups.find((g) => g.pillar === p.code)?.rows ?? [],
  }));
  return {
    title: `${plan.cycle.title}: action plan`,
    subject: describeSource(plan),
    sheets: [summarySheet(plan, generatedAt), ...pillarSheets, budgetSheet(plan)],
  };
}

/** Every row in one table, with the pillar as a column: the CSV export. */
export function planTable(plan: PlanExport): Table {
  return {
    name: "Action plan",
    title: `${plan.cycle.title}: action plan`,
    notes: planNotes(plan),
    columns: planColumns(plan, true),
    rows: planRows(plan).flatMap((g) => g.rows),
  };
}

export function describeSource(plan: Pick<PlanExport, "source">): string {
  const { source } = plan;
  if (source.kind === "current") return `Current plan, work in progress (stage ${source.stage})`;
  return `Approved version ${source.number} (approved ${source.approvedAt.slice(0, 10)})`;
}

export function planNotes(plan: PlanExport): string[] {
  const notes = [describeSource(plan)];
  if (plan.suppressedBaselines.size > 0) {
    const threshold = plan.settings?.suppressionThreshold ?? "the threshold";
    notes.push(`Baselines that count fewer than ${threshold} people or cases are withheld.`);
  }
  return notes;
}

const FIELD_COLUMNS = [column("field", "Field", 34), column("value", "Value", 70)];

function summarySheet(plan: PlanExport, generatedAt: string): Table {
  const totals = planTotals(plan);
  const { cycle, source } = plan;
  const field = (name: string, value: Cell): Row => ({ field: name, value });
  const rows: Row[] = [
    field("Cycle", cycle.title),
    field("Cycle ID", cycle.id),
    field("Country", `${countryName(cycle.country) ?? cycle.country} (${cycle.country})`),
    field("Frameworks", cycle.frameworks.map((f) => `${f.id} ${f.version}`).join("; ")),
    field("Plan starts", date(cycle.planPeriod.start)),
    field("Plan ends", date(cycle.planPeriod.end)),
    field("Plan shown", describeSource(plan)),
    ...(source.kind === "version" ? [field("Approved on", date(source.approvedAt.slice(0, 10)))] : []),
    ...(source.kind === "version" && source.amendmentReason
      ? [field("Amended because", source.amendmentReason)]
      : []),
    field("Generated at", generatedAt),
    field("Objectives", plan.objectives.length),
    field("Activities", plan.activities.length),
    field("Indicators", plan.indicators.length),
    field("Activities with a budget", totals.activities.budgeted),
    field("Activities without a budget", totals.activities.unbudgeted),
    ...amountRows("Budget", totals.plan).map(({ label, cell }) => field(label, cell)),
    ...Object.entries(plan.settings?.pillarJustifications ?? {}).map(([pillar, why]) =>
      field(`Pillar ${pillar} not covered because`, why ?? ""),
    ),
    ...planNotes(plan)
      .slice(1)
      .map((note) => field("Note", note)),
  ];
  return { name: "Summary", title: "Summary", notes: [], columns: FIELD_COLUMNS, rows };
}

function amountRows(label: string, amounts: ByCurrency): { label: string; cell: Cell }[] {
  return Object.entries(amounts).flatMap(([currency, a]) => [
    { label: `${label} total (${currency})`, cell: money(a.total, currency) },
    { label: `${label} funded (${currency})`, cell: money(a.funded, currency) },
    { label: `${label} unfunded (${currency})`, cell: money(a.unfunded, currency) },
  ]);
}

function budgetSheet(plan: PlanExport): Table {
  const totals = planTotals(plan);
  const rows: Row[] = [];
  const add = (breakdown: string, item: string, amounts: ByCurrency) => {
    for (const [currency, a] of Object.entries(amounts)) {
      rows.push({
        breakdown,
        item,
        currency,
        total: money(a.total, currency),
        funded: money(a.funded, currency),
        unfunded: money(a.unfunded, currency),
      });
    }
  };
  add("Plan", "Whole plan", totals.plan);
  for (const p of pillarsOf(plan.cycle)) add("Pillar", `${p.code} ${p.title}`, totals.byPillar[p.code] ?? {});
  for (const o of totals.byObjective) add("Objective", o.title, o.amounts);
  add("Source", "State", totals.bySource.state);
  for (const d of totals.bySource.donors) add("Source", d.name, d.amounts);
  for (const y of totals.byYear) add("Year", String(y.year), y.amounts);
  for (const [bucket, amounts] of Object.entries(totals.byCatalogue)) add("Catalogue", bucket, amounts);
  return {
    name: "Budget",
    title: "Budget by pillar, objective, source, year and catalogue",
    notes: [
      "Amounts are never added across currencies. A budget spanning years is spread over them by days.",
      `${totals.activities.unbudgeted} activities have no budget yet.`,
    ],
    columns: [
      column("breakdown", "Breakdown", 12),
      column("item", "Item", 50),
      column("currency", "Currency", 9),
      column("total", "Total", 16),
      column("funded", "Funded", 16),
      column("unfunded", "Unfunded", 16),
    ],
    rows,
  };
}
