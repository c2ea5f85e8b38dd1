import { PillarCode } from "../../../frameworks/schema.js";
import { planTree } from "../action-plan/plan-tree.js";
import type { ActivityTree, IndicatorView } from "../action-plan/views.js";
import { type Cell, type Column, column, date, joinList, money, type Row, type Table } from "./cells.js";
import type { PlanExport } from "./plan-source.js";

// The action plan as rows: one per activity and indicator (an activity without indicators still has its row; an
// objective's own indicators have rows with the activity columns empty). Targets get one typed column per plan
// year, so a spreadsheet can sum and chart them.

export function planYears(plan: Pick<PlanExport, "cycle">): number[] {
  const first = Number(plan.cycle.planPeriod.start.slice(0, 4));
  const last = Number(plan.cycle.planPeriod.end.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The columns of the plan rows; `withPillar` adds the pillar (one CSV file holds every pillar). */
export function planColumns(plan: Pick<PlanExport, "cycle">, withPillar: boolean): Column[] {
  return [
    ...(withPillar ? [column("pillar", "Pillar", 8)] : []),
    column("objectiveId", "Objective ID", 14),
    column("objective", "Objective", 40),
    column("activityId", "Activity ID", 14),
    column("activity", "Activity", 45),
    column("description", "Description", 50),
    column("leadAgency", "Lead agency", 28),
    column("partnerAgencies", "Partner agencies", 36),
    column("start", "Start", 12),
    column("end", "End", 12),
    column("budget", "Budget", 16),
    column("currency", "Currency", 9),
    column("source", "Budget source", 12),
    column("donor", "Donor", 20),
    column("funded", "Funded", 8),
    column("measures", "Measures", 28),
    column("priorities", "Priorities", 28),
    column("dependsOn", "Depends on", 20),
    column("indicatorId", "Indicator ID", 14),
    column("indicator", "Indicator", 45),
    column("level", "Measures progress of", 12),
    column("type", "Type", 10),
    column("unit", "Unit", 12),
    column("isCount", "Count of people or cases", 10),
    column("baseline", "Baseline", 10),
    column("baselineYear", "Baseline year", 10),
    ...planYears(plan).map((year) => column(`target${year}`, `Target ${year}`, 11)),
    column("disaggregation", "Disaggregation", 28),
    column("meansOfVerification", "Means of verification", 40),
    column("sdg", "SDG", 8),
    column("notes", "Notes", 30),
  ];
}

export type PlanRowGroup = { pillar: PillarCode | null; rows: Row[] };

/** Rows grouped by pillar (null: activities and indicators whose parent no longer exists, normally none). */
export function planRows(plan: PlanExport): PlanRowGroup[] {
  const tree = planTree(plan);
  const groups = new Map<PillarCode | null, Row[]>();
  const add = (pillar: PillarCode | null, row: Row) =>
    groups.set(pillar, [...(groups.get(pillar) ?? []), row]);
  for (const objective of tree.objectives) {
    const objectiveCells = {
      pillar: objective.pillar,
      objectiveId: objective.id,
      objective: objective.title,
    };
    for (const indicator of objective.indicators) {
      add(objective.pillar, { ...objectiveCells, ...indicatorCells(plan, indicator, "objective") });
    }
    for (const activity of objective.activities) {
      for (const row of activityRows(plan, activity)) add(objective.pillar, { ...objectiveCells, ...row });
    }
  }
  for (const activity of tree.unassigned.activities) {
    for (const row of activityRows(plan, activity)) add(null, { objectiveId: activity.objectiveId, ...row });
  }
  for (const indicator of tree.unassigned.indicators) {
    add(null, indicatorCells(plan, indicator, indicator.attachedTo.kind));
  }
  // Pillars in framework order (objectives are listed by id, i.e. as they were created), the orphans last.
  const order = (p: PillarCode | null) =>
    p === null ? PillarCode.options.length : PillarCode.options.indexOf(p);
  return [...groups].sort(([a], [b]) => order(a) - order(b)).map(([pillar, rows]) => ({ pillar, rows }));
}

function activityRows(plan: PlanExport, activity: ActivityTree): Row[] {
  const { budget } = activity;
  const cells: Row = {
    activityId: activity.id,
    activity: activity.title,
    description: activity.description,
    leadAgency: activity.leadAgency ?? null,
    partnerAgencies: joinList(activity.partnerAgencies),
    start: date(activity.start),
    end: date(activity.end),
    budget: budget ? money(budget.amount, budget.currency) : null,
    currency: budget?.currency ?? null,
    source: budget?.source ?? null,
    donor: budget?.donorName ?? null,
    funded: budget ? budget.funded : null,
    measures: joinList(activity.measureIds),
    priorities: joinList(activity.priorityIds),
    dependsOn: joinList(activity.dependsOn),
  };
  if (activity.indicators.length === 0) return [cells];
  return activity.indicators.map((i) => ({ ...cells, ...indicatorCells(plan, i, "activity") }));
}

function indicatorCells(plan: PlanExport, indicator: IndicatorView, level: "activity" | "objective"): Row {
  const suppressed = plan.suppressedBaselines.has(indicator.id);
  const targets: Record<string, Cell> = {};
  for (const t of indicator.targets) targets[`target${t.year}`] = t.value;
  return {
    indicatorId: indicator.id,
    indicator: indicator.name,
    level,
    type: indicator.type,
    unit: indicator.unit,
    isCount: indicator.isCount,
    baseline: indicator.baseline?.value ?? null,
    baselineYear: indicator.baseline?.year ?? plan.suppressedBaselines.get(indicator.id) ?? null,
    ...targets,
    disaggregation: joinList(indicator.disaggregation),
    meansOfVerification: indicator.meansOfVerification,
    sdg: indicator.sdg ?? null,
    notes: suppressed
      ? `baseline withheld: a count under ${plan.settings?.suppressionThreshold ?? "the threshold"}`
      : null,
  };
}

/** An activity's or objective's indicators as a table of their own (the printed plan shows one per activity). */
export function indicatorTable(plan: PlanExport, indicators: readonly IndicatorView[]): Table {
  const years = planYears(plan);
  return {
    name: "Indicators",
    title: "Indicators",
    notes: [],
    columns: [
      column("indicator", "Indicator", 40),
      column("type", "Type", 10),
      column("unit", "Unit", 12),
      column("baseline", "Baseline", 14),
      ...years.map((y) => column(`target${y}`, `Target ${y}`, 10)),
      column("disaggregation", "Disaggregated by", 20),
      column("meansOfVerification", "Means of verification", 30),
    ],
    rows: indicators.map((i) => {
      const cells = indicatorCells(plan, i, i.attachedTo.kind);
      const baseline = i.baseline
        ? `${i.baseline.value} (${i.baseline.year})`
        : plan.suppressedBaselines.has(i.id)
          ? "withheld"
          : "not set";
      return { ...cells, indicator: i.sdg ? `${i.name} (SDG ${i.sdg})` : i.name, baseline };
    }),
  };
}
