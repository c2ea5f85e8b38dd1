import type { PillarCode } from "../../../frameworks/schema.js";
import type {
  ActivityRollup,
  BudgetLine,
  IndicatorRollup,
  IndicatorYear,
  MonitoringView,
} from "../../core/monitoring/views.js";
import { type BarRow, niceCeiling, type Tone } from "./charts-geometry.js";

// The monitoring charts' rows, pure: progress against plan and targets, budget spent against planned. A figure that
// was suppressed for donors (null with `suppressed`) gets a row with no bar and the words the page gives for it, so
// a suppressed count is never drawn, nor left out silently.

export type Words = {
  percentDone: (percent: number) => string;
  percentExpected: (percent: number, expected: number) => string;
  ofTarget: (actual: number, target: number, unit: string, percent: number) => string;
  noTarget: (actual: number, unit: string, year: number) => string;
  suppressed: string;
  spentOfPlanned: (line: BudgetLine) => string;
  pillar: (code: PillarCode) => string;
  plan: string;
};

const DAY_MS = 86_400_000;

/** How much of an activity's time has passed on `today` (0-100): where its progress would stand if it ran evenly. */
export function elapsedPercent(activity: Pick<ActivityRollup, "start" | "end">, today: string): number {
  const start = Date.parse(`${activity.start}T00:00:00Z`);
  const end = Date.parse(`${activity.end}T00:00:00Z`) + DAY_MS;
  const now = Date.parse(`${today}T00:00:00Z`);
  if (!(end > start)) return now >= start ? 100 : 0;
  return Math.round(Math.min(100, Math.max(0, ((now - start) / (end - start)) * 100)));
}

const STATUS_TONE: Record<string, Tone> = {
  delayed: "warning",
  completed: "success",
  cancelled: "muted",
};

/** The plan and each pillar: weighted % complete. */
export function pillarProgressRows(view: Pick<MonitoringView, "totals" | "pillars">, words: Words): BarRow[] {
  return [
    {
      label: words.plan,
      segments: [{ value: view.totals.progress, tone: "primary" }],
      text: words.percentDone(view.totals.progress),
    },
    ...view.pillars.map((p) => ({
      label: words.pillar(p.pillar),
      segments: [{ value: p.progress, tone: "primary" as const }],
      text: words.percentDone(p.progress),
    })),
  ];
}

/** Each activity's % complete, with a marker where it would stand by now if it ran evenly. */
export function activityProgressRows(
  activities: readonly ActivityRollup[],
  today: string,
  words: Words,
): BarRow[] {
  return activities.map((a) => {
    const expected = elapsedPercent(a, today);
    return {
      label: a.title,
      segments: [{ value: a.percentComplete, tone: STATUS_TONE[a.status ?? ""] ?? "primary" }],
      marker: expected,
      text: words.percentExpected(a.percentComplete, expected),
    };
  });
}

/** The latest year anything was reported for an indicator (its years are in order), or none yet. */
export function latestYear(indicator: IndicatorRollup): IndicatorYear | undefined {
  return indicator.years.at(-1);
}

export function isSuppressed(year: Pick<IndicatorYear, "actual" | "suppressed">): boolean {
  return year.actual === null && year.suppressed === true;
}

/**
 * Each indicator's latest reported year as % of that year's target (the tick marks 100%). Percentages share one
 * axis whatever the units; the figure in words gives the actual, the target and the unit.
 */
export function indicatorRows(
  indicators: readonly IndicatorRollup[],
  words: Words,
): { rows: BarRow[]; max: number } {
  const rows: BarRow[] = [];
  let largest = 100;
  for (const indicator of indicators) {
    const year = latestYear(indicator);
    if (!year) continue;
    const label = `${indicator.name} (${year.year})`;
    if (isSuppressed(year) || year.actual === null) {
      rows.push({ label, segments: [], marker: 100, text: words.suppressed });
      continue;
    }
    if (year.target === null || year.percentAchieved === null) {
      rows.push({ label, segments: [], text: words.noTarget(year.actual, indicator.unit, year.year) });
      continue;
    }
    largest = Math.max(largest, year.percentAchieved);
    const tone: Tone = year.percentAchieved >= 100 ? "success" : "primary";
    rows.push({
      label,
      segments: [{ value: year.percentAchieved, tone }],
      marker: 100,
      text: words.ofTarget(year.actual, year.target, indicator.unit, year.percentAchieved),
    });
  }
  // Far over-achievement is capped so that the other bars stay readable; its words still say how far.
  return { rows, max: niceCeiling(Math.min(largest, 200)) };
}

/** The currencies money was planned in, sorted. */
export function budgetCurrencies(view: Pick<MonitoringView, "totals">): string[] {
  return view.totals.budget.map((b) => b.currency).sort();
}

/** Planned (the bar) and spent (the thinner bar over it) for the plan and each pillar, in one currency. */
export function budgetRows(
  view: Pick<MonitoringView, "totals" | "pillars">,
  currency: string,
  words: Words,
): BarRow[] {
  const row = (label: string, line: BudgetLine | undefined): BarRow[] =>
    line
      ? [
          {
            label,
            segments: [{ value: line.planned, tone: "muted" }],
            overlay: { value: line.spent, tone: "primary" },
            text: words.spentOfPlanned(line),
          },
        ]
      : [];
  return [
    ...row(
      words.plan,
      view.totals.budget.find((b) => b.currency === currency),
    ),
    ...view.pillars.flatMap((p) =>
      row(
        words.pillar(p.pillar),
        p.budget.find((b) => b.currency === currency),
      ),
    ),
  ];
}
