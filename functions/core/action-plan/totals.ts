import { PillarCode } from "../../../frameworks/schema.js";
import type { PlanData } from "./plan-data.js";
import type { Activity } from "./schema.js";
import type { ByCurrency, CatalogueBucket, PlanTotals } from "./views.js";

// Budget totals of a plan. Pure. Amounts are summed in integer hundredths so that the breakdowns add up exactly to
// the plan total (floating-point sums drift); each activity's budget is added once to each breakdown.

/** Sums in hundredths of a currency unit, per currency, funded and unfunded. */
class Tally {
  private readonly cents = new Map<string, { funded: number; unfunded: number }>();

  add(currency: string, cents: number, funded: boolean): void {
    const sum = this.cents.get(currency) ?? { funded: 0, unfunded: 0 };
    if (funded) sum.funded += cents;
    else sum.unfunded += cents;
    this.cents.set(currency, sum);
  }

  amounts(): ByCurrency {
    const out: ByCurrency = {};
    for (const currency of [...this.cents.keys()].sort()) {
      const { funded, unfunded } = this.cents.get(currency) ?? { funded: 0, unfunded: 0 };
      out[currency] = { total: (funded + unfunded) / 100, funded: funded / 100, unfunded: unfunded / 100 };
    }
    return out;
  }
}

/** Which catalogues an activity works for, from the measures and priorities (both measure ids) it serves. */
export function activityCatalogue(activity: Pick<Activity, "measureIds" | "priorityIds">): CatalogueBucket {
  const ids = [...activity.measureIds, ...activity.priorityIds];
  const tip = ids.some((id) => id.startsWith("TIP."));
  const som = ids.some((id) => id.startsWith("SOM."));
  if (tip && som) return "both";
  return tip ? "TIP" : som ? "SOM" : "none";
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * Splits `cents` over the calendar years from `start` to `end` (inclusive dates) in proportion to the days in each,
 * with the largest-remainder method so that the parts add up to exactly `cents`. BigInt keeps the products exact
 * (a budget of 10^12 in hundredths times thousands of days is past 2^53). Reversed dates put it all in the start year.
 */
export function spreadByYear(cents: number, start: string, end: string): { year: number; cents: number }[] {
  const first = Number(start.slice(0, 4));
  const last = Math.max(first, Number(end.slice(0, 4)));
  const from = dayNumber(start);
  const to = Math.max(from, dayNumber(end));
  const days: number[] = [];
  for (let year = first; year <= last; year++) {
    const yearStart = Math.max(from, dayNumber(`${year}-01-01`));
    const yearEnd = Math.min(to, dayNumber(`${year}-12-31`));
    days.push(yearEnd - yearStart + 1);
  }
  const totalDays = BigInt(to - from + 1);
  const whole = BigInt(cents);
  const parts = days.map((d, i) => {
    const share = whole * BigInt(d);
    return { index: i, cents: share / totalDays, remainder: share % totalDays };
  });
  let left = whole - parts.reduce((sum, p) => sum + p.cents, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index,
  );
  for (const part of byRemainder) {
    if (left <= 0n) break;
    part.cents += 1n;
    left -= 1n;
  }
  return parts.map((p) => ({ year: first + p.index, cents: Number(p.cents) }));
}

/**
 * Totals by pillar, objective, source, year and catalogue, funded and unfunded, per currency. An activity whose
 * objective no longer exists (a validation error) counts in the plan, source, year and catalogue totals but in no
 * pillar or objective.
 */
export function planTotals(plan: Pick<PlanData, "objectives" | "activities">): PlanTotals {
  const objectives = new Map(plan.objectives.map((o) => [o.id, o]));
  const all = new Tally();
  const byPillar = new Map(PillarCode.options.map((p) => [p, new Tally()]));
  const byObjective = new Map(plan.objectives.map((o) => [o.id, new Tally()]));
  const state = new Tally();
  const donors = new Map<string, { name: string; tally: Tally }>();
  const byYear = new Map<number, Tally>();
  const byCatalogue = new Map<CatalogueBucket, Tally>(
    (["TIP", "SOM", "both", "none"] as const).map((c) => [c, new Tally()]),
  );
  let unbudgeted = 0;

  for (const activity of plan.activities) {
    const { budget } = activity;
    if (!budget) {
      unbudgeted++;
      continue;
    }
    const cents = Math.round(budget.amount * 100);
    const add = (tally: Tally | undefined, part = cents) => tally?.add(budget.currency, part, budget.funded);
    add(all);
    const objective = objectives.get(activity.objectiveId);
    if (objective) {
      add(byPillar.get(objective.pillar));
      add(byObjective.get(objective.id));
    }
    if (budget.source === "donor" && budget.donorName) {
      // One donor, however its name is capitalised; the first spelling met is the one shown.
      const key = budget.donorName.trim().toLowerCase();
      const donor = donors.get(key) ?? { name: budget.donorName.trim(), tally: new Tally() };
      donors.set(key, donor);
      add(donor.tally);
    } else {
      add(state);
    }
    for (const part of spreadByYear(cents, activity.start, activity.end)) {
      const tally = byYear.get(part.year) ?? new Tally();
      byYear.set(part.year, tally);
      add(tally, part.cents);
    }
    add(byCatalogue.get(activityCatalogue(activity)));
  }

  const amountsOf = (tally: Tally | undefined) => tally?.amounts() ?? {};
  return {
    plan: all.amounts(),
    byPillar: {
      PROS: amountsOf(byPillar.get("PROS")),
      PROT: amountsOf(byPillar.get("PROT")),
      PREV: amountsOf(byPillar.get("PREV")),
      NCC: amountsOf(byPillar.get("NCC")),
      ICC: amountsOf(byPillar.get("ICC")),
    },
    byObjective: plan.objectives.map((o) => ({
      objectiveId: o.id,
      title: o.title,
      amounts: amountsOf(byObjective.get(o.id)),
    })),
    bySource: {
      state: state.amounts(),
      donors: [...donors.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((d) => ({ name: d.name, amounts: d.tally.amounts() })),
    },
    byYear: [...byYear.entries()]
      .sort(([a], [b]) => a - b)
      .map(([year, tally]) => ({ year, amounts: tally.amounts() })),
    byCatalogue: {
      TIP: amountsOf(byCatalogue.get("TIP")),
      SOM: amountsOf(byCatalogue.get("SOM")),
      both: amountsOf(byCatalogue.get("both")),
      none: amountsOf(byCatalogue.get("none")),
    },
    activities: { budgeted: plan.activities.length - unbudgeted, unbudgeted },
  };
}
