import { describe, expect, it } from "vitest";
import { rollups } from "../../../functions/core/monitoring/rollups.js";
import type { IndicatorActual } from "../../../functions/core/monitoring/schema.js";
import { ratePer100k, sdg1622 } from "../../../functions/core/monitoring/sdg.js";
import { newCycleRef } from "../../support/fixtures.js";
import { indicator, planRecords, report, SLOTS, settings } from "./monitoring-fixtures.js";

const ref = newCycleRef();
const plan = planRecords(ref);
const population = settings(ref).population;

/** The indicator roll-ups of police reports for the given periods, each with the given actuals. */
function indicatorsFrom(actuals: Record<number, IndicatorActual[]>, indicators = plan.indicators) {
  const reports = Object.entries(actuals).map(([index, indicatorActuals]) =>
    report(ref, Number(index), "national-police", {
      activities: ["act-train", "act-border"].map((activityId) => ({
        activityId,
        status: "on_track" as const,
        percentComplete: 10,
        spend: 0,
        narrative: "",
      })),
      indicatorActuals,
    }),
  );
  return rollups({ ...plan, indicators, reports, slots: SLOTS }).indicators;
}

describe("SDG 16.2.2", () => {
  it("is victims / population x 100,000", () => {
    expect(ratePer100k(14, 50_000_000)).toBe(0.028);
    expect(ratePer100k(1_234, 3_000_000)).toBe(41.133);
    expect(ratePer100k(5, 0)).toBeNull();
  });

  it("sums the flagged indicator's actuals over a calendar year, overall and by sex and age", () => {
    const indicators = indicatorsFrom({
      // Scenario 3 of the domain notes: 14 victims identified (female 9, male 5; children 4).
      0: [
        {
          indicatorId: "ind-victims",
          value: 14,
          disaggregation: { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } },
        },
      ],
      1: [
        {
          indicatorId: "ind-victims",
          value: 6,
          disaggregation: { sex: { female: 1, male: 5 }, age: { child: 1, adult: 5 } },
        },
      ],
      2: [{ indicatorId: "ind-victims", value: 30, disaggregation: {} }],
    });

    const sdg = sdg1622(indicators, population);

    expect(sdg.indicatorIds).toEqual(["ind-victims"]);
    expect(sdg.years).toEqual([
      {
        year: 2026,
        victims: 20,
        rate: 0.04,
        bySex: {
          female: { victims: 10, population: 25_000_000, rate: 0.04 },
          male: { victims: 10, population: 25_000_000, rate: 0.04 },
        },
        byAge: {
          child: { victims: 5, population: 20_000_000, rate: 0.025 },
          adult: { victims: 15, population: 30_000_000, rate: 0.05 },
        },
      },
      // No breakdown was reported for 2027: the rates by sex and age are not made up.
      { year: 2027, victims: 30, rate: 0.06, bySex: null, byAge: null },
    ]);
  });

  it("adds the actuals of every flagged indicator, and ignores the others", () => {
    const indicators = [
      ...plan.indicators,
      indicator(ref, "ind-victims-assisted", {
        sdg: "16.2.2",
        attachedTo: { kind: "activity", id: "act-border" },
      }),
    ];
    const rolled = indicatorsFrom(
      {
        0: [
          { indicatorId: "ind-victims", value: 14, disaggregation: {} },
          { indicatorId: "ind-victims-assisted", value: 6, disaggregation: {} },
          { indicatorId: "ind-trained", value: 500, disaggregation: {} },
        ],
      },
      indicators,
    );
    expect(sdg1622(rolled, population).years.map((y) => [y.year, y.victims])).toEqual([[2026, 20]]);
  });

  it("gives no breakdown where the population figure has none", () => {
    const rolled = indicatorsFrom({
      0: [{ indicatorId: "ind-victims", value: 14, disaggregation: { sex: { female: 9, male: 5 } } }],
    });
    const sdg = sdg1622(rolled, { year: 2026, total: 1_000_000 });
    expect(sdg.years).toEqual([{ year: 2026, victims: 14, rate: 1.4, bySex: null, byAge: null }]);
  });

  it("says why there is no figure without a population or a flagged indicator", () => {
    const rolled = indicatorsFrom({});
    expect(sdg1622(rolled, undefined)).toMatchObject({
      years: [],
      unavailable: "the plan settings give no population figure",
    });
    expect(
      sdg1622(
        rolled.filter((i) => i.sdg === undefined),
        population,
      ),
    ).toMatchObject({
      indicatorIds: [],
      unavailable: "no indicator of the plan is flagged as feeding SDG 16.2.2",
    });
  });
});
