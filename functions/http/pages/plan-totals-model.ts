import { PillarCode } from "../../../frameworks/schema.js";
import type { ByCurrency, PlanTotals } from "../../core/action-plan/views.js";
import type { BarRow } from "./charts-geometry.js";

// The plan's budget totals as the page shows them, pure: one table row per label and currency (currencies are
// never added together), and one chart per currency of funded and unfunded money by pillar.

export type AmountRow = { label: string; currency: string; total: number; funded: number; unfunded: number };

/** Rows of a totals table; a label with no money at all still gets a row (with no currency), so it shows as 0. */
export function amountRows(groups: readonly { label: string; amounts: ByCurrency }[]): AmountRow[] {
  return groups.flatMap(({ label, amounts }) => {
    const currencies = Object.keys(amounts).sort();
    if (currencies.length === 0) return [{ label, currency: "", total: 0, funded: 0, unfunded: 0 }];
    return currencies.map((currency) => {
      const a = amounts[currency] ?? { total: 0, funded: 0, unfunded: 0 };
      return { label, currency, total: a.total, funded: a.funded, unfunded: a.unfunded };
    });
  });
}

export type TotalsTables = {
  plan: AmountRow[];
  byPillar: AmountRow[];
  bySource: AmountRow[];
  byYear: AmountRow[];
};

/** The four tables: the plan, by pillar (in the Framework's order), by source (the state, then each donor), by year. */
export function totalsTables(
  totals: PlanTotals,
  labels: { pillar: (code: PillarCode) => string; state: string; plan: string },
): TotalsTables {
  return {
    plan: amountRows([{ label: labels.plan, amounts: totals.plan }]),
    byPillar: amountRows(
      PillarCode.options.map((code) => ({
        label: labels.pillar(code),
        amounts: totals.byPillar[code] ?? {},
      })),
    ),
    bySource: amountRows([
      { label: labels.state, amounts: totals.bySource.state },
      ...totals.bySource.donors.map((d) => ({ label: d.name, amounts: d.amounts })),
    ]).filter((r) => r.currency !== "" || r.label === labels.state),
    byYear: amountRows(totals.byYear.map((y) => ({ label: String(y.year), amounts: y.amounts }))),
  };
}

/** The currencies the plan has money in, sorted. */
export function currenciesOf(totals: Pick<PlanTotals, "plan">): string[] {
  return Object.keys(totals.plan).sort();
}

/**
 * Funded and unfunded money by pillar, in one currency: a stacked bar per pillar. `describe` writes the figure after
 * the bar (the page formats the numbers in the reader's locale).
 */
export function pillarBudgetRows(
  totals: Pick<PlanTotals, "byPillar">,
  currency: string,
  pillar: (code: PillarCode) => string,
  describe: (amounts: { total: number; funded: number; unfunded: number }) => string,
): BarRow[] {
  return PillarCode.options.map((code) => {
    const a = totals.byPillar[code]?.[currency] ?? { total: 0, funded: 0, unfunded: 0 };
    return {
      label: pillar(code),
      segments: [
        { value: a.funded, tone: "primary" as const },
        { value: a.unfunded, tone: "secondary" as const },
      ],
      text: describe(a),
    };
  });
}
