import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import { planTree } from "../action-plan/plan-tree.js";
import { DisaggregationDimension } from "../action-plan/schema.js";
import type { IndicatorView } from "../action-plan/views.js";
import { DimensionCategories } from "../monitoring/schema.js";
import type { IndicatorYear, ShownDisaggregation } from "../monitoring/views.js";
import { type Cell, type Column, column, date, percent, type Row, type Table } from "./cells.js";
import type { PeriodActual, TrackingData } from "./monitoring-source.js";
import { planYears } from "./plan-rows.js";

// The indicator performance tracking table: per indicator and plan year, the baseline, the target, the actual, the
// share achieved and the breakdown, as monitoring computed them (for donors: with small counts suppressed). For the
// government a second table gives each reporting period's actual.

export function trackingTables(data: TrackingData, upToYear?: number): Table[] {
  const columns = breakdownColumns(data);
  const years = planYears(data.plan).filter((y) => upToYear === undefined || y <= upToYear);
  const rows = indicatorsInOrder(data).flatMap(({ indicator, context }) => {
    const rollup = data.monitoring.indicators.find((r) => r.id === indicator.id);
    return years.map((year): Row => {
      const figures = rollup?.years.find((y) => y.year === year);
      return {
        ...context,
        ...indicatorCells(data, indicator),
        year,
        target: indicator.targets.find((t) => t.year === year)?.value ?? null,
        actual: figures?.actual ?? null,
        percentAchieved: percent(figures?.percentAchieved ?? null),
        reports: figures?.reports ?? 0,
        ...breakdownCells(figures?.disaggregation ?? {}),
        suppressed: figures ? suppressedText(figures) : null,
      };
    });
  });
  const notes = trackingNotes(data);
  const yearly: Table = {
    name: "Tracking",
    title: "Indicator performance tracking: targets and actuals per year",
    notes,
    columns: [
      ...contextColumns,
      ...indicatorColumns,
      column("year", "Year", 7),
      column("target", "Target", 10),
      column("actual", "Actual", 10),
      column("percentAchieved", "% achieved", 11),
      column("reports", "Reports", 8),
      ...columns,
      column("suppressed", "Suppressed", 24),
    ],
    rows,
  };
  if (data.plan.audience === "donor") return [yearly];
  return [yearly, periodTable(data, columns)];
}

function periodTable(data: TrackingData, breakdown: Column[]): Table {
  const names = new Map(data.plan.indicators.map((i) => [i.id, i]));
  const rows = data.periodActuals.map((p: PeriodActual): Row => {
    const indicator = names.get(p.indicatorId);
    return {
      indicatorId: p.indicatorId,
      indicator: indicator?.name ?? p.indicatorId,
      unit: indicator?.unit ?? null,
      period: p.slot.label,
      start: date(p.slot.start),
      end: date(p.slot.end),
      actual: p.actual,
      reports: p.reports,
      ...breakdownCells(p.disaggregation),
    };
  });
  return {
    name: "By period",
    title: "Actuals per reporting period",
    notes: ["Counts per reporting period are for the government only: they are never published."],
    columns: [
      column("indicatorId", "Indicator ID", 14),
      column("indicator", "Indicator", 40),
      column("unit", "Unit", 12),
      column("period", "Period", 10),
      column("start", "Start", 12),
      column("end", "End", 12),
      column("actual", "Actual", 10),
      column("reports", "Reports", 8),
      ...breakdown,
    ],
    rows,
  };
}

export function trackingNotes(data: TrackingData): string[] {
  const { suppression, plan } = data.monitoring;
  const notes = [
    `Indicators of the approved action plan${plan.versionNumber ? ` (version ${plan.versionNumber})` : ""}. A count adds up its periods; any other unit takes the latest value of the year (a period counts in the year it ends).`,
  ];
  if (suppression.applied) {
    notes.push(
      `Counts under ${suppression.threshold}, and whatever would reveal them, are suppressed (empty, named in the Suppressed column).`,
    );
  }
  return notes;
}

const contextColumns: Column[] = [
  column("pillar", "Pillar", 8),
  column("objective", "Objective", 32),
  column("activity", "Activity", 32),
];
const indicatorColumns: Column[] = [
  column("indicatorId", "Indicator ID", 14),
  column("indicator", "Indicator", 40),
  column("type", "Type", 10),
  column("unit", "Unit", 12),
  column("isCount", "Count", 8),
  column("sdg", "SDG", 8),
  column("baseline", "Baseline", 10),
  column("baselineYear", "Baseline year", 10),
];

function indicatorsInOrder(data: TrackingData): { indicator: IndicatorView; context: Row }[] {
  const tree = planTree(data.plan);
  const order = (o: { pillar: PillarCode }) => PillarCode.options.indexOf(o.pillar);
  return [...tree.objectives]
    .sort((a, b) => order(a) - order(b))
    .flatMap((o) => [
      ...o.indicators.map((indicator) => ({
        indicator,
        context: { pillar: o.pillar, objective: o.title, activity: null },
      })),
      ...o.activities.flatMap((a) =>
        a.indicators.map((indicator) => ({
          indicator,
          context: { pillar: o.pillar, objective: o.title, activity: a.title },
        })),
      ),
    ]);
}

function indicatorCells(data: TrackingData, indicator: IndicatorView): Row {
  return {
    indicatorId: indicator.id,
    indicator: indicator.name,
    type: indicator.type,
    unit: indicator.unit,
    isCount: indicator.isCount,
    sdg: indicator.sdg ?? null,
    baseline: indicator.baseline?.value ?? null,
    baselineYear: indicator.baseline?.year ?? data.plan.suppressedBaselines.get(indicator.id) ?? null,
  };
}

/** One column per category reported anywhere, dimensions in their usual order, known categories first. */
function breakdownColumns(data: TrackingData): Column[] {
  const tables: ShownDisaggregation[] = [
    ...data.monitoring.indicators.flatMap((i) => i.years.map((y) => y.disaggregation)),
    ...data.periodActuals.map((p) => p.disaggregation),
  ];
  return DisaggregationDimension.options.flatMap((dimension) => {
    const present = new Set(tables.flatMap((t) => Object.keys(t[dimension] ?? {})));
    const schema = DimensionCategories[dimension];
    const known: readonly string[] = schema instanceof z.ZodEnum ? schema.options.map(String) : [];
    const ordered = [
      ...known.filter((c) => present.has(c)),
      ...[...present].filter((c) => !known.includes(c)).sort(),
    ];
    return ordered.map((category) => column(`d:${dimension}:${category}`, `${dimension}: ${category}`, 10));
  });
}

function breakdownCells(table: ShownDisaggregation): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const [dimension, values] of Object.entries(table)) {
    for (const [category, n] of Object.entries(values)) cells[`d:${dimension}:${category}`] = n;
  }
  return cells;
}

/** `disaggregation.sex.female` -> `sex: female`, for readers. */
function suppressedText(year: IndicatorYear): string | null {
  const fields = year.suppressedFields ?? [];
  if (fields.length === 0) return null;
  return fields.map((f) => f.replace(/^disaggregation\./, "").replace(".", ": ")).join("; ");
}
