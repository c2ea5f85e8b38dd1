import type { Population } from "../action-plan/schema.js";
import type { IndicatorRollup, Sdg1622, SdgYear } from "./views.js";

// SDG indicator 16.2.2 (custodian UNODC): detected victims of trafficking per 100,000 population, overall and by
// sex and age. Victims are the actuals of the plan's indicators flagged `sdg: "16.2.2"`, summed over a calendar year
// (a period counts in the year it ends); the population is the plan's one figure, with its breakdowns where given.

const PER = 100_000;

/** victims / population * 100,000, to three decimals; null when there is no population to divide by. */
export function ratePer100k(victims: number, population: number): number | null {
  if (population <= 0) return null;
  return Math.round((victims / population) * PER * 1000) / 1000;
}

export function sdg1622(indicators: readonly IndicatorRollup[], population: Population | undefined): Sdg1622 {
  const sources = indicators.filter((i) => i.sdg === "16.2.2");
  const base = {
    indicator: "16.2.2" as const,
    indicatorIds: sources.map((i) => i.id),
    population: population ?? null,
  };
  if (sources.length === 0) {
    return { ...base, years: [], unavailable: "no indicator of the plan is flagged as feeding SDG 16.2.2" };
  }
  if (!population) {
    return { ...base, years: [], unavailable: "the plan settings give no population figure" };
  }
  const years = [...new Set(sources.flatMap((i) => i.years.map((y) => y.year)))].sort((a, b) => a - b);
  return { ...base, years: years.map((year) => sdgYear(year, sources, population)) };
}

function sdgYear(year: number, sources: readonly IndicatorRollup[], population: Population): SdgYear {
  const rows = sources.flatMap((i) => i.years.filter((y) => y.year === year));
  const victims = rows.reduce((s, y) => s + (y.actual ?? 0), 0);
  const cell = (dimension: string, category: string, of: number) => {
    const n = rows.reduce((s, y) => s + (y.disaggregation[dimension]?.[category] ?? 0), 0);
    return { victims: n, population: of, rate: ratePer100k(n, of) };
  };
  const reported = (dimension: string) => rows.some((y) => y.disaggregation[dimension] !== undefined);
  const { bySex, byAge } = population;
  return {
    year,
    victims,
    rate: ratePer100k(victims, population.total),
    bySex:
      bySex && reported("sex")
        ? { female: cell("sex", "female", bySex.female), male: cell("sex", "male", bySex.male) }
        : null,
    byAge:
      byAge && reported("age")
        ? { child: cell("age", "child", byAge.child), adult: cell("age", "adult", byAge.adult) }
        : null,
  };
}
