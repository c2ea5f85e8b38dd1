import type { PillarCode } from "../../../frameworks/schema.js";
import type { Activity, Indicator, PlanObjective } from "../action-plan/schema.js";
import type { PeriodSlot } from "../period.js";
import type { ActivityStatus, PeriodReport } from "./schema.js";
import type {
  ActivityRollup,
  BudgetLine,
  IndicatorRollup,
  IndicatorYear,
  ObjectiveRollup,
  PillarRollup,
  PlanRollup,
  Progress,
  StatusCounts,
} from "./views.js";

// Roll-ups, pure: activity -> objective -> pillar -> plan, and indicators against the targets of their years.
// Every level is computed from the activities themselves (each belongs to one objective, each objective to one
// pillar), so an activity counts once at every level, a joint TIP+SOM activity included.

export type RollupInput = {
  objectives: readonly PlanObjective[];
  activities: readonly Activity[];
  indicators: readonly Indicator[];
  reports: readonly PeriodReport[];
  slots: readonly PeriodSlot[];
};

export type Rollups = {
  totals: PlanRollup;
  pillars: PillarRollup[];
  objectives: ObjectiveRollup[];
  activities: ActivityRollup[];
  indicators: IndicatorRollup[];
  reportedThrough: number | null;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Reports in the order they happened: by period, then by submission. */
function chronological(reports: readonly PeriodReport[]): PeriodReport[] {
  return [...reports].sort(
    (a, b) => a.periodIndex - b.periodIndex || a.submittedAt.localeCompare(b.submittedAt),
  );
}

/** The year a period's figures count in: the year it ends in. */
export function yearOfPeriod(slots: readonly PeriodSlot[], index: number): number {
  const slot = slots[index];
  if (!slot) throw new Error(`no reporting period ${index}`);
  return Number(slot.end.slice(0, 4));
}

export function activityRollups(
  activities: readonly Activity[],
  objectives: readonly PlanObjective[],
  reports: readonly PeriodReport[],
): ActivityRollup[] {
  const pillarOf = new Map(objectives.map((o) => [o.id, o.pillar]));
  const latest = new Map<string, { status: ActivityStatus; percent: number; period: number }>();
  const spent = new Map<string, number>();
  for (const report of chronological(reports)) {
    for (const a of report.activities) {
      latest.set(a.activityId, { status: a.status, percent: a.percentComplete, period: report.periodIndex });
      spent.set(a.activityId, (spent.get(a.activityId) ?? 0) + a.spend);
    }
  }
  return activities.map((a) => {
    const last = latest.get(a.id);
    const spend = spent.get(a.id) ?? 0;
    return {
      id: a.id,
      title: a.title,
      objectiveId: a.objectiveId,
      pillar: pillarOf.get(a.objectiveId) ?? null,
      leadAgency: a.leadAgency ?? null,
      catalogues: cataloguesOf(a),
      start: a.start,
      end: a.end,
      status: last?.status ?? null,
      percentComplete: last?.percent ?? 0,
      lastReportedPeriod: last?.period ?? null,
      budget: a.budget ? budgetLine(a.budget.currency, a.budget.amount, spend) : null,
    };
  });
}

function cataloguesOf(a: Activity): ("TIP" | "SOM")[] {
  const found = new Set(a.measureIds.map((id) => id.split(".")[0]));
  return (["TIP", "SOM"] as const).filter((c) => found.has(c));
}

function budgetLine(currency: string, planned: number, spent: number): BudgetLine {
  return { currency, planned, spent, spentPercent: planned > 0 ? round1((spent / planned) * 100) : null };
}

/** Budget weights need one currency and a budget on every activity; otherwise every activity weighs the same. */
export function weightingOf(activities: readonly Activity[]): "budget" | "equal" {
  const currencies = new Set(activities.map((a) => a.budget?.currency));
  const total = activities.reduce((s, a) => s + (a.budget?.amount ?? 0), 0);
  return currencies.size === 1 && !currencies.has(undefined) && total > 0 ? "budget" : "equal";
}

/** Progress of a set of activities: % complete weighted by budget (or equally), cancelled ones left out. */
export function progressOf(
  rollups: readonly ActivityRollup[],
  activities: ReadonlyMap<string, Activity>,
  weighting: "budget" | "equal",
): Progress {
  const statuses: StatusCounts = {
    not_reported: 0,
    not_started: 0,
    on_track: 0,
    delayed: 0,
    completed: 0,
    cancelled: 0,
  };
  let weighted = 0;
  let weights = 0;
  const budget = new Map<string, { planned: number; spent: number }>();
  for (const r of rollups) {
    statuses[r.status ?? "not_reported"]++;
    if (r.budget) {
      const line = budget.get(r.budget.currency) ?? { planned: 0, spent: 0 };
      line.planned += r.budget.planned;
      line.spent += r.budget.spent;
      budget.set(r.budget.currency, line);
    }
    if (r.status === "cancelled") continue;
    const w = weighting === "budget" ? (activities.get(r.id)?.budget?.amount ?? 0) : 1;
    weighted += w * r.percentComplete;
    weights += w;
  }
  return {
    activities: rollups.length,
    progress: weights > 0 ? round1(weighted / weights) : 0,
    statuses,
    budget: [...budget]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, l]) => budgetLine(currency, l.planned, l.spent)),
  };
}

export function indicatorRollups(
  indicators: readonly Indicator[],
  reports: readonly PeriodReport[],
  slots: readonly PeriodSlot[],
): IndicatorRollup[] {
  const actuals = new Map<
    string,
    { period: number; value: number; disaggregation: Record<string, Record<string, number>> }[]
  >();
  for (const report of chronological(reports)) {
    for (const a of report.indicatorActuals) {
      const list = actuals.get(a.indicatorId) ?? [];
      list.push({
        period: report.periodIndex,
        value: a.value,
        disaggregation: a.disaggregation as Record<string, Record<string, number>>,
      });
      actuals.set(a.indicatorId, list);
    }
  }
  return indicators.map((ind) => {
    const list = actuals.get(ind.id) ?? [];
    const byYear = new Map<number, typeof list>();
    for (const a of list) {
      const year = yearOfPeriod(slots, a.period);
      byYear.set(year, [...(byYear.get(year) ?? []), a]);
    }
    const years: IndicatorYear[] = [...byYear]
      .sort(([a], [b]) => a - b)
      .map(([year, values]) => {
        const actual = ind.isCount ? values.reduce((s, v) => s + v.value, 0) : (values.at(-1)?.value ?? 0);
        const disaggregation = ind.isCount
          ? sumCells(values.map((v) => v.disaggregation))
          : (values.at(-1)?.disaggregation ?? {});
        const target = ind.targets.find((t) => t.year === year)?.value ?? null;
        return {
          year,
          actual,
          target,
          percentAchieved: target ? round1((actual / target) * 100) : null,
          reports: values.length,
          disaggregation,
        };
      });
    const last = list.at(-1);
    return {
      id: ind.id,
      name: ind.name,
      unit: ind.unit,
      type: ind.type,
      isCount: ind.isCount,
      ...(ind.sdg ? { sdg: ind.sdg } : {}),
      attachedTo: ind.attachedTo,
      baseline: ind.baseline ?? null,
      latest: last ? { periodIndex: last.period, value: last.value } : null,
      years,
    };
  });
}

/** Category counts added up per dimension and category. */
export function sumCells(
  tables: readonly Record<string, Record<string, number>>[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const table of tables) {
    for (const [dimension, cells] of Object.entries(table)) {
      const into = out[dimension] ?? {};
      for (const [category, n] of Object.entries(cells)) into[category] = (into[category] ?? 0) + n;
      out[dimension] = into;
    }
  }
  return out;
}

export function rollups(input: RollupInput): Rollups {
  const activities = activityRollups(input.activities, input.objectives, input.reports);
  const byId = new Map(input.activities.map((a) => [a.id, a]));
  const cancelled = new Set(activities.filter((r) => r.status === "cancelled").map((r) => r.id));
  const weighting = weightingOf(input.activities.filter((a) => !cancelled.has(a.id)));
  const of = (filter: (r: ActivityRollup) => boolean) =>
    progressOf(activities.filter(filter), byId, weighting);

  const objectives = input.objectives.map((o) => ({
    id: o.id,
    title: o.title,
    pillar: o.pillar,
    ...of((r) => r.objectiveId === o.id),
  }));
  const pillars = [...new Set(input.objectives.map((o) => o.pillar))]
    .sort()
    .map((pillar: PillarCode) => ({ pillar, ...of((r) => r.pillar === pillar) }));
  const catalogues = (["TIP", "SOM"] as const).flatMap((catalogue) => {
    const serving = activities.filter((r) => r.catalogues.includes(catalogue));
    if (serving.length === 0) return [];
    return [
      {
        catalogue,
        activities: serving.length,
        jointActivities: serving.filter((r) => r.catalogues.length > 1).length,
        progress: progressOf(serving, byId, weighting).progress,
      },
    ];
  });
  const reported = input.reports.map((r) => r.periodIndex);
  return {
    totals: { ...of(() => true), weighting, catalogues },
    pillars,
    objectives,
    activities,
    indicators: indicatorRollups(input.indicators, input.reports, input.slots),
    reportedThrough: reported.length > 0 ? Math.max(...reported) : null,
  };
}
