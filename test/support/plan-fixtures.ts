import { allMeasures, getCatalogue } from "../../frameworks/index.js";
import type { PillarCode } from "../../frameworks/schema.js";
import type {
  ActivityInput,
  IndicatorInput,
  ObjectiveInput,
} from "../../functions/core/action-plan/inputs.js";
import { SETTINGS_ID } from "../../functions/core/action-plan/plan-data.js";
import { Activity, Indicator, PlanObjective, PlanSettings } from "../../functions/core/action-plan/schema.js";
import type { CoreDeps } from "../../functions/core/changes.js";
import type { PlanPeriod } from "../../functions/core/cycle.js";
import { Priority } from "../../functions/core/priorities/schema.js";
import { openStage } from "../../functions/workflow/tasks/stage-tasks.js";
import { type CycleRef, coordinator, FIXTURE_TIME } from "./fixtures.js";

// A realistic action plan: frameworks.md section 5, scenario 2 (a three-year plan across the five pillars, funded and
// unfunded, state and donor money, three currencies), with scenario 1 as its first activity (the legislation
// amendment, due in the fourth quarter of the plan's first year). With `catalogues: ["TIP", "SOM"]` it gains a joint
// border training that serves measures of both catalogues.
//
// Items are named by stable keys (`law`, `training`...). Three ways to use it:
//   - pure tests:  `planRecords(ref)` -> parsed objectives, activities, indicators, settings and the accepted
//                  priorities, with ids = keys (`activity "law"` has id `law`).
//   - API tests:   `seedPlanStage(deps, ref)` stores the accepted priorities and opens the action plan stage as the
//                  workflow would; then `createPlanViaApi(send, cycleId)` creates everything through
//                  POST /cycles/{id}/plan/... and returns key -> server id.
//   - e2e tests:   accept `planPriorityIds()` in the priorities stage, then `createPlanViaApi`.
// Dates follow the plan period (default 2027-01-01 to 2029-12-31), so the plan fits any cycle's period.

export type PlanFixtureOptions = { period?: PlanPeriod; catalogues?: readonly ("TIP" | "SOM")[] };

export const FIXTURE_PLAN_PERIOD: PlanPeriod = { start: "2027-01-01", end: "2029-12-31" };

export type ObjectiveBlueprint = { key: string; input: ObjectiveInput };
export type ActivityBlueprint = {
  key: string;
  objective: string;
  /** Keys of the activities it depends on. */
  after: string[];
  input: Omit<ActivityInput, "objectiveId" | "dependsOn">;
};
export type IndicatorBlueprint = {
  key: string;
  attachedTo: { kind: "activity" | "objective"; key: string };
  input: Omit<IndicatorInput, "attachedTo">;
};
export type PlanBlueprint = {
  period: PlanPeriod;
  objectives: ObjectiveBlueprint[];
  activities: ActivityBlueprint[];
  indicators: IndicatorBlueprint[];
  settings: {
    pillarJustifications: Partial<Record<PillarCode, string>>;
    suppressionThreshold: number;
    population: PopulationFigure;
  };
};
type PopulationFigure = {
  year: number;
  total: number;
  bySex: { female: number; male: number };
  byAge: { child: number; adult: number };
};

/** The priorities the plan serves; they must be accepted in the priorities stage before the plan is written. */
export function planPriorityIds(options: PlanFixtureOptions = {}): string[] {
  const ids = new Set(realisticPlan(options).activities.flatMap((a) => a.input.priorityIds));
  return [...ids].sort();
}

/** Month `m` (0 = the plan's first) as an ISO date, or the day before it when `dayBefore`; clamped to the plan. */
function monthOf(period: PlanPeriod, m: number, dayBefore = false): string {
  const d = new Date(`${period.start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + m);
  if (dayBefore) d.setUTCDate(d.getUTCDate() - 1);
  const iso = d.toISOString().slice(0, 10);
  if (iso > period.end) return period.end;
  return iso;
}

export function realisticPlan(options: PlanFixtureOptions = {}): PlanBlueprint {
  const period = options.period ?? FIXTURE_PLAN_PERIOD;
  const joint = options.catalogues?.includes("SOM") ?? false;
  const year = (n: number) => Number(period.start.slice(0, 4)) + n;
  const during = (from: number, months: number) => ({
    start: monthOf(period, from),
    end: monthOf(period, from + months, true),
  });
  const objective = (
    key: string,
    pillar: PillarCode,
    title: string,
    priorityIds: string[],
  ): ObjectiveBlueprint => ({
    key,
    input: { title, description: "", pillar, priorityIds },
  });
  const activities: ActivityBlueprint[] = [
    {
      // Scenario 1: due in the fourth quarter of the plan's first year.
      key: "law",
      objective: "pros",
      after: [],
      input: {
        title: "Draft amendment covering all forms of exploitation",
        description:
          "Amend the Counter-Trafficking in Persons Act so that it covers labour and other exploitation.",
        leadAgency: "ministry-of-justice",
        partnerAgencies: ["parliamentary-legal-committee"],
        ...during(0, 12),
        budget: { amount: 45_000, currency: "USD", source: "state", funded: true },
        measureIds: ["TIP.PROS.1.1", "TIP.PROS.1.4"],
        priorityIds: ["TIP.PROS.1.1", "TIP.PROS.1.4"],
      },
    },
    {
      key: "training",
      objective: "pros",
      after: ["law"],
      input: {
        title: "Train police and prosecutors on the amended law",
        description: "",
        leadAgency: "national-police",
        partnerAgencies: ["office-of-the-director-of-public-prosecutions"],
        ...during(12, 24),
        budget: {
          amount: 120_000,
          currency: "USD",
          source: "donor",
          donorName: "European Union",
          funded: true,
        },
        measureIds: ["TIP.PROS.2.6"],
        priorityIds: ["TIP.PROS.2.6"],
      },
    },
    {
      key: "referral",
      objective: "prot",
      after: [],
      input: {
        title: "Set up the national referral mechanism",
        description: "",
        leadAgency: "social-protection-department",
        partnerAgencies: ["national-police", "ministry-of-health"],
        ...during(3, 30),
        budget: { amount: 200_000, currency: "USD", source: "donor", donorName: "IOM", funded: false },
        measureIds: ["TIP.PROT.1.3"],
        priorityIds: ["TIP.PROT.1.3"],
      },
    },
    {
      key: "inspections",
      objective: "prev",
      after: [],
      input: {
        title: "Inspect recruitment agencies in high-risk sectors",
        description: "",
        leadAgency: "ministry-of-labour",
        partnerAgencies: [],
        ...during(6, 30),
        budget: { amount: 8_000_000, currency: "KES", source: "state", funded: true },
        measureIds: ["TIP.PREV.4.2"],
        priorityIds: ["TIP.PREV.4.2"],
      },
    },
    {
      key: "data",
      objective: "ncc",
      after: [],
      input: {
        title: "Build the national trafficking data system",
        description: "",
        leadAgency: "national-crime-research-centre",
        partnerAgencies: ["national-police"],
        ...during(0, 18),
        budget: { amount: 90_000, currency: "USD", source: "state", funded: false },
        measureIds: ["TIP.NCC.5.2"],
        priorityIds: ["TIP.NCC.5.2"],
      },
    },
    {
      key: "central-authority",
      objective: "icc",
      after: ["law"],
      input: {
        title: "Designate and train the central authority for mutual legal assistance",
        description: "",
        leadAgency: "office-of-the-attorney-general",
        partnerAgencies: [],
        ...during(12, 12),
        budget: { amount: 30_000, currency: "EUR", source: "donor", donorName: "GIZ", funded: true },
        measureIds: ["TIP.ICC.2.2"],
        priorityIds: ["TIP.ICC.2.2"],
      },
    },
  ];
  if (joint) {
    activities.push({
      key: "border",
      objective: "prev",
      after: [],
      input: {
        title: "Joint border training on trafficking and smuggling",
        description: "One course for border, immigration and coast-guard officers on both protocols.",
        leadAgency: "immigration-department",
        partnerAgencies: ["national-police"],
        ...during(6, 12),
        budget: {
          amount: 75_000,
          currency: "USD",
          source: "donor",
          donorName: "European Union",
          funded: true,
        },
        measureIds: ["TIP.PREV.5.1", "SOM.PREV.4.1"],
        priorityIds: ["TIP.PREV.5.1", "SOM.PREV.4.1"],
      },
    });
  }
  const count = (
    name: string,
    unit: string,
    targets: number[],
    extra: Partial<IndicatorBlueprint["input"]> = {},
  ) => ({
    name,
    type: "output" as const,
    unit,
    isCount: true,
    baseline: { value: 0, year: year(-1) },
    targets: targets.map((value, i) => ({ year: year(i), value })),
    disaggregation: [],
    meansOfVerification: "Agency records, checked by the secretariat",
    ...extra,
  });
  const indicators: IndicatorBlueprint[] = [
    {
      key: "amendment-adopted",
      attachedTo: { kind: "activity", key: "law" },
      input: {
        name: "Amendment adopted (Y/N)",
        type: "output",
        unit: "yes/no",
        isCount: false,
        baseline: { value: 0, year: year(-1) },
        targets: [{ year: year(0), value: 1 }],
        disaggregation: [],
        meansOfVerification: "Kenya Gazette",
      },
    },
    {
      key: "officers-trained",
      attachedTo: { kind: "activity", key: "training" },
      input: count("Police officers and prosecutors trained", "persons", [0, 150, 300], {
        disaggregation: ["sex"],
      }),
    },
    {
      key: "victims-identified",
      attachedTo: { kind: "activity", key: "referral" },
      input: count("Victims identified and referred", "persons", [120, 160, 200], {
        type: "outcome",
        baseline: { value: 96, year: year(-1) },
        disaggregation: ["sex", "age", "exploitation", "nationality"],
        sdg: "16.2.2",
      }),
    },
    {
      key: "agencies-inspected",
      attachedTo: { kind: "activity", key: "inspections" },
      input: count("Recruitment agencies inspected", "agencies", [40, 80, 80], { type: "process" }),
    },
    {
      key: "data-system",
      attachedTo: { kind: "activity", key: "data" },
      input: { ...count("Data system operational (Y/N)", "yes/no", [0, 1]), isCount: false },
    },
    {
      key: "mla-requests",
      attachedTo: { kind: "activity", key: "central-authority" },
      input: count("Mutual legal assistance requests executed", "requests", [0, 10, 15]),
    },
    {
      key: "convictions",
      attachedTo: { kind: "objective", key: "pros" },
      input: count("Trafficking convictions per year", "convictions", [20, 30, 40], {
        type: "outcome",
        baseline: { value: 12, year: year(-1) },
        meansOfVerification: "Judiciary annual report",
      }),
    },
  ];
  if (joint) {
    indicators.push({
      key: "border-officers-trained",
      attachedTo: { kind: "activity", key: "border" },
      input: count("Border officers trained on both protocols", "persons", [200], {
        disaggregation: ["sex"],
      }),
    });
  }
  return {
    period,
    objectives: [
      objective("pros", "PROS", "Bring the law and its enforcement in line with the Protocol", [
        "TIP.PROS.1.1",
      ]),
      objective("prot", "PROT", "Identify every victim and refer them to assistance", ["TIP.PROT.1.3"]),
      objective("prev", "PREV", "Reduce recruitment abuse and detect trafficking at the border", [
        "TIP.PREV.4.2",
      ]),
      objective("ncc", "NCC", "Coordinate, fund and monitor the national response", ["TIP.NCC.5.2"]),
      objective("icc", "ICC", "Cooperate with other states on cross-border cases", ["TIP.ICC.2.2"]),
    ],
    activities,
    indicators,
    settings: {
      pillarJustifications: {},
      suppressionThreshold: 5,
      population: {
        year: year(0),
        total: 55_100_000,
        bySex: { female: 27_900_000, male: 27_200_000 },
        byAge: { child: 24_000_000, adult: 31_100_000 },
      },
    },
  };
}

/** An accepted priority for `measureId`, decided by the coordinator. */
export function anAcceptedPriority(ref: CycleRef, measureId: string): Priority {
  const catalogue = measureId.startsWith("SOM.") ? "SOM" : "TIP";
  const found = allMeasures(getCatalogue(catalogue) ?? missing(`catalogue ${catalogue}`)).find(
    (m) => m.measure.id === measureId,
  );
  const [cat, pillar, objective] = measureId.split(".");
  return Priority.parse({
    kind: "priority",
    id: measureId,
    country: ref.country,
    cycleId: ref.cycleId,
    updatedAt: FIXTURE_TIME,
    version: 2,
    measureId,
    catalogue,
    pillarId: `${cat}.${pillar}`,
    objectiveId: `${cat}.${pillar}.${objective}`,
    mandatory: found?.measure.mandatory ?? false,
    gapStatus: "absent",
    severity: 3,
    ratings: { impact: 3, feasibility: 2, urgency: 3 },
    carriedOver: false,
    decision: {
      outcome: "accepted",
      reason: "Critical gap named by the assessment",
      by: coordinator,
      at: FIXTURE_TIME,
    },
  });
}

function missing(what: string): never {
  throw new Error(`plan fixture: ${what} is missing`);
}

/** The plan as stored records (ids = keys), for pure tests and for seeding a store. */
export function planRecords(ref: CycleRef, options: PlanFixtureOptions = {}) {
  const plan = realisticPlan(options);
  const common = (kind: string, id: string) => ({
    kind,
    id,
    country: ref.country,
    cycleId: ref.cycleId,
    updatedAt: FIXTURE_TIME,
    version: 1,
  });
  return {
    period: plan.period,
    objectives: plan.objectives.map((o) =>
      PlanObjective.parse({ ...common("objective", o.key), ...o.input }),
    ),
    activities: plan.activities.map((a) =>
      Activity.parse({
        ...common("activity", a.key),
        ...a.input,
        objectiveId: a.objective,
        dependsOn: a.after,
      }),
    ),
    indicators: plan.indicators.map((i) =>
      Indicator.parse({
        ...common("indicator", i.key),
        ...i.input,
        attachedTo: { kind: i.attachedTo.kind, id: i.attachedTo.key },
      }),
    ),
    settings: PlanSettings.parse({ ...common("planSettings", SETTINGS_ID), ...plan.settings }),
    priorities: planPriorityIds(options).map((id) => anAcceptedPriority(ref, id)),
  };
}

/**
 * Stores the plan's accepted priorities and opens the action plan stage as the workflow does (its default settings
 * included), so that API tests can write the plan without running the first two stages.
 */
export async function seedPlanStage(
  deps: CoreDeps,
  ref: CycleRef,
  options: PlanFixtureOptions = {},
): Promise<void> {
  await deps.store.commit({
    writes: planPriorityIds(options).map((id) => ({
      entity: "record" as const,
      item: anAcceptedPriority(ref, id),
      expectedVersion: null,
    })),
    events: [],
  });
  await openStage(deps, { country: ref.country, cycleId: ref.cycleId, stage: "action_plan", generation: 0 });
}

/** Sends one request; answers the status and parsed JSON body. Wraps the unit harness or the e2e client alike. */
export type Send = (
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/**
 * Writes the plan through the API as the coordinator would: settings, objectives, activities (dependencies after
 * what they depend on), indicators. Returns key -> server id. Throws on any answer but 200/201, quoting it.
 */
export async function createPlanViaApi(
  send: Send,
  cycleId: string,
  options: PlanFixtureOptions = {},
): Promise<Record<string, string>> {
  const plan = realisticPlan(options);
  const ids: Record<string, string> = {};
  const idOf = (key: string) => ids[key] ?? missing(`the id of ${key}`);
  const call = async (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => {
    const res = await send(method, `/cycles/${cycleId}/plan${path}`, body);
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res.body as { id: string; version: number; settings: { version: number } };
  };
  // The stage opened with default settings (version 1); version 0 means they were never saved.
  const { version } = (await call("GET", "")).settings;
  await call("PUT", "/settings", { ...plan.settings, ...(version > 0 ? { expectedVersion: version } : {}) });
  for (const o of plan.objectives) ids[o.key] = (await call("POST", "/objectives", o.input)).id;
  for (const a of plan.activities) {
    const body = { ...a.input, objectiveId: idOf(a.objective), dependsOn: a.after.map(idOf) };
    ids[a.key] = (await call("POST", "/activities", body)).id;
  }
  for (const i of plan.indicators) {
    const body = { ...i.input, attachedTo: { kind: i.attachedTo.kind, id: idOf(i.attachedTo.key) } };
    ids[i.key] = (await call("POST", "/indicators", body)).id;
  }
  return ids;
}
