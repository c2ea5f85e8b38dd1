import type { ActivityProgress } from "../monitoring/schema.js";
import type { MonitoringView, Progress, ReportView } from "../monitoring/views.js";
import type { PeriodSlot } from "../period.js";
import { type Cell, column, date, money, orgName, percent, type Row, type Table } from "./cells.js";
import type { CycleHeader } from "./monitoring-source.js";
import { pillarsOf } from "./pillars.js";

// The tables both monitoring reports share, read straight from the monitoring view: progress by level, activities,
// budget against spend, SDG 16.2.2, and what the agencies wrote.

export const FIELD_COLUMNS = [column("field", "Field", 34), column("value", "Value", 70)];
export const field = (name: string, value: Cell): Row => ({ field: name, value });

export const labelOf = (slots: readonly PeriodSlot[], index: number | null): string | null =>
  index === null ? null : (slots[index]?.label ?? `Period ${index + 1}`);

const statusCells = (p: Progress): Row => ({
  activities: p.activities,
  progress: percent(p.progress),
  notReported: p.statuses.not_reported,
  notStarted: p.statuses.not_started,
  onTrack: p.statuses.on_track,
  delayed: p.statuses.delayed,
  completed: p.statuses.completed,
  cancelled: p.statuses.cancelled,
});

export function progressTable(monitoring: MonitoringView, cycle: Pick<CycleHeader, "frameworks">): Table {
  const { totals } = monitoring;
  const pillars = pillarsOf(cycle);
  const order = (code: string) => pillars.findIndex((p) => p.code === code);
  const titleOf = (code: string) => pillars.find((p) => p.code === code)?.title ?? code;
  return {
    name: "Progress",
    title: "Progress by pillar and objective",
    notes: [
      `Progress is the share complete of the activities, weighted ${totals.weighting === "budget" ? "by budget" : "equally"}; cancelled activities are left out.`,
    ],
    columns: [
      column("level", "Level", 10),
      column("pillar", "Pillar", 8),
      column("name", "Name", 45),
      column("activities", "Activities", 10),
      column("progress", "Progress", 10),
      column("notReported", "Not reported", 10),
      column("notStarted", "Not started", 10),
      column("onTrack", "On track", 10),
      column("delayed", "Delayed", 10),
      column("completed", "Completed", 10),
      column("cancelled", "Cancelled", 10),
    ],
    rows: [
      { level: "Plan", pillar: null, name: "Whole plan", ...statusCells(totals) },
      ...[...monitoring.pillars]
        .sort((a, b) => order(a.pillar) - order(b.pillar))
        .map((p) => ({ level: "Pillar", pillar: p.pillar, name: titleOf(p.pillar), ...statusCells(p) })),
      ...[...monitoring.objectives]
        .sort((a, b) => order(a.pillar) - order(b.pillar))
        .map((o) => ({ level: "Objective", pillar: o.pillar, name: o.title, ...statusCells(o) })),
    ],
  };
}

export function activitiesTable(monitoring: MonitoringView, slots: readonly PeriodSlot[]): Table {
  return {
    name: "Activities",
    title: "Activities: status as last reported, and spend against budget",
    notes: [],
    columns: [
      column("id", "Activity ID", 14),
      column("title", "Activity", 45),
      column("pillar", "Pillar", 8),
      column("leadAgency", "Lead agency", 28),
      column("start", "Start", 12),
      column("end", "End", 12),
      column("status", "Status", 12),
      column("percentComplete", "% complete", 10),
      column("lastReported", "Last reported", 12),
      column("currency", "Currency", 9),
      column("planned", "Planned", 16),
      column("spent", "Spent", 16),
      column("spentPercent", "% spent", 10),
    ],
    rows: monitoring.activities.map((a) => ({
      id: a.id,
      title: a.title,
      pillar: a.pillar,
      leadAgency: a.leadAgency ? orgName(a.leadAgency) : null,
      start: date(a.start),
      end: date(a.end),
      status: a.status ?? "not reported",
      percentComplete: percent(a.percentComplete),
      lastReported: labelOf(slots, a.lastReportedPeriod),
      currency: a.budget?.currency ?? null,
      planned: a.budget ? money(a.budget.planned, a.budget.currency) : null,
      spent: a.budget ? money(a.budget.spent, a.budget.currency) : null,
      spentPercent: percent(a.budget?.spentPercent ?? null),
    })),
  };
}

export function budgetTable(monitoring: MonitoringView): Table {
  const lines = (scope: string, p: Progress): Row[] =>
    p.budget.map((b) => ({
      scope,
      currency: b.currency,
      planned: money(b.planned, b.currency),
      spent: money(b.spent, b.currency),
      spentPercent: percent(b.spentPercent),
    }));
  return {
    name: "Budget",
    title: "Budget: planned against reported spend",
    notes: [
      "Spend is what the lead agencies reported, summed over the periods; currencies are never added up.",
    ],
    columns: [
      column("scope", "Scope", 40),
      column("currency", "Currency", 9),
      column("planned", "Planned", 16),
      column("spent", "Spent", 16),
      column("spentPercent", "% spent", 10),
    ],
    rows: [
      ...lines("Whole plan", monitoring.totals),
      ...monitoring.pillars.flatMap((p) => lines(`Pillar ${p.pillar}`, p)),
      ...monitoring.objectives.flatMap((o) => lines(o.title, o)),
    ],
  };
}

export function sdgTable(monitoring: MonitoringView): Table {
  const { sdg } = monitoring;
  const notes = [
    "SDG indicator 16.2.2: detected victims of trafficking per 100,000 population, by sex and age.",
  ];
  if (sdg.unavailable) notes.push(`No figure: ${sdg.unavailable}.`);
  if (sdg.population) notes.push(`Population ${sdg.population.total} (${sdg.population.year}).`);
  if (monitoring.suppression.applied) {
    notes.push(
      `Victim counts under ${monitoring.suppression.threshold} are suppressed, with the rates computed from them.`,
    );
  }
  const group = (key: string) => [
    column(`${key}Victims`, `${key} victims`, 10),
    column(`${key}Rate`, `${key} rate`, 10),
  ];
  return {
    name: "SDG 16.2.2",
    title: "SDG 16.2.2: victims of trafficking per 100,000 population",
    notes,
    columns: [
      column("year", "Year", 7),
      column("victims", "Victims", 10),
      column("rate", "Rate per 100,000", 12),
      ...["Female", "Male", "Child", "Adult"].flatMap(group),
      column("suppressed", "Suppressed", 24),
    ],
    rows: sdg.years.map((y) => ({
      year: y.year,
      victims: y.victims,
      rate: y.rate,
      FemaleVictims: y.bySex?.female.victims ?? null,
      FemaleRate: y.bySex?.female.rate ?? null,
      MaleVictims: y.bySex?.male.victims ?? null,
      MaleRate: y.bySex?.male.rate ?? null,
      ChildVictims: y.byAge?.child.victims ?? null,
      ChildRate: y.byAge?.child.rate ?? null,
      AdultVictims: y.byAge?.adult.victims ?? null,
      AdultRate: y.byAge?.adult.rate ?? null,
      suppressed: y.suppressedFields?.join("; ") ?? null,
    })),
  };
}

/** What each agency wrote: its report's narrative, then each activity's, with the status it gave. */
export function narrativeTable(
  reports: readonly ReportView[],
  monitoring: MonitoringView,
  slots: readonly PeriodSlot[],
): Table {
  const titles = new Map(monitoring.activities.map((a) => [a.id, a.title]));
  const sorted = [...reports].sort(
    (a, b) => a.periodIndex - b.periodIndex || a.agency.localeCompare(b.agency),
  );
  const progressRow = (r: ReportView, p: ActivityProgress): Row => ({
    period: labelOf(slots, r.periodIndex),
    agency: orgName(r.agency),
    activity: titles.get(p.activityId) ?? p.activityId,
    status: p.status,
    percentComplete: percent(p.percentComplete),
    narrative: p.narrative,
  });
  return {
    name: "Narrative",
    title: "What the lead agencies reported",
    notes: [],
    columns: [
      column("period", "Period", 10),
      column("agency", "Agency", 28),
      column("activity", "Activity", 40),
      column("status", "Status", 12),
      column("percentComplete", "% complete", 10),
      column("narrative", "Narrative", 80),
    ],
    rows: sorted.flatMap((r) => [
      {
        period: labelOf(slots, r.periodIndex),
        agency: orgName(r.agency),
        activity: null,
        narrative: r.narrative,
      },
      ...r.activities.map((p) => progressRow(r, p)),
    ]),
  };
}

export function cycleFields(cycle: CycleHeader, countryLabel: string): Row[] {
  return [
    field("Cycle", cycle.title),
    field("Cycle ID", cycle.id),
    field("Country", countryLabel),
    field("Plan starts", date(cycle.planPeriod.start)),
    field("Plan ends", date(cycle.planPeriod.end)),
  ];
}
