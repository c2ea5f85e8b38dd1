import type { Indicator } from "../action-plan/schema.js";
import type {
  IndicatorRollup,
  IndicatorYear,
  MonitoringView,
  ReportView,
  Sdg1622,
  SdgYear,
  ShownDisaggregation,
} from "./views.js";

// Small-cell suppression for every view that leaves the government (donors, the public). A count below the
// threshold is replaced by null, and so is every number that would give it back:
// - a table's total below the threshold takes all its cells with it;
// - in a dimension with exactly one suppressed cell, the total minus the other cells would reveal it, so the next
//   smallest cell of that dimension is suppressed too;
// - a ratio of a suppressed count (% achieved, a rate per 100,000) is suppressed with it;
// - a sum with a suppressed addend (SDG victims over several indicators) is suppressed;
// - counts are published per year only: a period's count next to its year's total would reveal the other periods,
//   so per-period counts (a report's actuals, an indicator's latest value) are withheld altogether.

export type Table = { total: number; cells: Record<string, Record<string, number>> };
export type ShownTable = { total: number | null; cells: ShownDisaggregation; fields: string[] };

/** One table (a total and its breakdown by dimension) with its small cells, and what reveals them, suppressed. */
export function suppressTable(
  table: Table,
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): ShownTable {
  const fields: string[] = [];
  const small = (n: number) => n < threshold;
  let total: number | null = table.total;
  if (small(table.total) || forced.has("total")) total = null;
  const cells: ShownDisaggregation = {};
  for (const [dimension, values] of Object.entries(table.cells)) {
    const hidden = new Set(
      Object.entries(values)
        .filter(([category, n]) => total === null || small(n) || forced.has(`${dimension}.${category}`))
        .map(([category]) => category),
    );
    if (total !== null && hidden.size === 1) {
      // Complementary suppression: the smallest cell still shown goes too.
      const partner = Object.entries(values)
        .filter(([category]) => !hidden.has(category))
        .sort(([, a], [, b]) => a - b)[0];
      if (partner) hidden.add(partner[0]);
    }
    cells[dimension] = Object.fromEntries(
      Object.entries(values).map(([category, n]) => [category, hidden.has(category) ? null : n]),
    );
    for (const category of hidden) fields.push(`${dimension}.${category}`);
  }
  if (total === null) fields.unshift("total");
  return { total, cells, fields };
}

/** The monitoring view as donors and the public may see it. */
export function suppressForDonors(view: MonitoringView, threshold: number): MonitoringView {
  const indicators = view.indicators.map((i) => (i.isCount ? suppressIndicator(i, threshold) : i));
  return {
    ...view,
    indicators,
    sdg: suppressSdg(view.sdg, indicators, threshold),
    suppression: { applied: true, threshold },
  };
}

function suppressIndicator(indicator: IndicatorRollup, threshold: number): IndicatorRollup {
  const years = indicator.years.map((year): IndicatorYear => {
    const shown = suppressTable({ total: year.actual ?? 0, cells: numbers(year.disaggregation) }, threshold);
    const fields = shown.fields.map((f) => (f === "total" ? "actual" : `disaggregation.${f}`));
    if (shown.total === null && year.percentAchieved !== null) fields.push("percentAchieved");
    return {
      ...year,
      actual: shown.total,
      percentAchieved: shown.total === null ? null : year.percentAchieved,
      disaggregation: shown.cells,
      ...marker(fields),
    };
  });
  const latest = indicator.latest && {
    periodIndex: indicator.latest.periodIndex,
    value: null,
    suppressed: true as const,
    suppressedFields: ["value"],
  };
  // A baseline is a count of people too (as in the donors' view of the frozen plan, versions/redact.ts).
  if (indicator.baseline && indicator.baseline.value < threshold) {
    return { ...indicator, baseline: null, latest, years, ...marker(["baseline"]) };
  }
  return { ...indicator, latest, years };
}

function suppressSdg(sdg: Sdg1622, indicators: readonly IndicatorRollup[], threshold: number): Sdg1622 {
  const sources = indicators.filter((i) => sdg.indicatorIds.includes(i.id));
  return { ...sdg, years: sdg.years.map((year) => suppressSdgYear(year, sources, threshold)) };
}

function suppressSdgYear(year: SdgYear, sources: readonly IndicatorRollup[], threshold: number): SdgYear {
  const rows = sources.flatMap((i) => i.years.filter((y) => y.year === year.year));
  // A sum is suppressed when one of its addends is, even if the sum itself is large.
  const forced = new Set<string>();
  if (rows.some((y) => y.actual === null)) forced.add("total");
  const cells: Record<string, Record<string, number>> = {};
  const groups = { sex: year.bySex, age: year.byAge } as const;
  for (const [dimension, group] of Object.entries(groups)) {
    if (!group) continue;
    cells[dimension] = {};
    for (const [category, cell] of Object.entries(group)) {
      cells[dimension][category] = cell.victims ?? 0;
      if (rows.some((y) => y.disaggregation[dimension]?.[category] === null))
        forced.add(`${dimension}.${category}`);
    }
  }
  const shown = suppressTable({ total: year.victims ?? 0, cells }, threshold, forced);
  const cellOf = (dimension: string, category: string, from: { population: number; rate: number | null }) => {
    const victims = shown.cells[dimension]?.[category] ?? null;
    return { victims, population: from.population, rate: victims === null ? null : from.rate };
  };
  const fields = shown.fields.flatMap((f) =>
    f === "total" ? ["victims", "rate"] : [`${f.replace(/^sex/, "bySex").replace(/^age/, "byAge")}.victims`],
  );
  return {
    year: year.year,
    victims: shown.total,
    rate: shown.total === null ? null : year.rate,
    bySex: year.bySex && {
      female: cellOf("sex", "female", year.bySex.female),
      male: cellOf("sex", "male", year.bySex.male),
    },
    byAge: year.byAge && {
      child: cellOf("age", "child", year.byAge.child),
      adult: cellOf("age", "adult", year.byAge.adult),
    },
    ...marker(fields),
  };
}

/** A period's report as donors see it: no per-period counts, and no official's identity. */
export function suppressReportForDonors(
  report: ReportView,
  indicators: ReadonlyMap<string, Indicator>,
): ReportView {
  const { submittedBy: _who, ...rest } = report;
  return {
    ...rest,
    indicatorActuals: report.indicatorActuals.map((a) =>
      indicators.get(a.indicatorId)?.isCount === false
        ? a
        : {
            indicatorId: a.indicatorId,
            value: null,
            disaggregation: {},
            suppressed: true as const,
            suppressedFields: ["value", "disaggregation"],
          },
    ),
  };
}

function numbers(d: ShownDisaggregation): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(d).map(([dim, cells]) => [
      dim,
      Object.fromEntries(Object.entries(cells).flatMap(([c, n]) => (n === null ? [] : [[c, n]]))),
    ]),
  );
}

function marker(fields: string[]): { suppressed?: true; suppressedFields?: string[] } {
  return fields.length > 0 ? { suppressed: true, suppressedFields: fields } : {};
}
