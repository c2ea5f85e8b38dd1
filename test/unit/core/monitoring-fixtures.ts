import {
  Activity,
  Indicator,
  PlanObjective,
  PlanSettings,
} from "../../../functions/core/action-plan/schema.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { PeriodReport } from "../../../functions/core/monitoring/schema.js";
import { reportingPeriods } from "../../../functions/core/period.js";
import type { Store } from "../../../functions/core/ports.js";
import type { CycleRecord } from "../../../functions/core/records.js";
import { aCycle, aStage, type CycleRef, coordinator, FIXTURE_TIME } from "../../support/fixtures.js";

// An approved action plan of a Kenyan cycle (quarterly, 2026-07-01 to 2030-06-30) for the monitoring tests, every
// record parsed with its schema. Police lead the training and the joint TIP+SOM border operation, the labour
// ministry leads shelter support from Q4 2026, health a campaign from 2028.

export const SLOTS = reportingPeriods({ start: "2026-07-01", end: "2030-06-30" }, "quarterly");

const base = (ref: CycleRef) => ({
  country: ref.country,
  cycleId: ref.cycleId,
  updatedAt: FIXTURE_TIME,
  version: 1,
});

export function objective(ref: CycleRef, id: string, pillar: PlanObjective["pillar"]): PlanObjective {
  return PlanObjective.parse({
    ...base(ref),
    kind: "objective",
    id,
    title: `Objective ${id}`,
    description: "",
    pillar,
    priorityIds: [],
  });
}

export function activity(ref: CycleRef, id: string, overrides: Partial<Activity> = {}): Activity {
  return Activity.parse({
    ...base(ref),
    kind: "activity",
    id,
    objectiveId: "obj-pros",
    title: `Activity ${id}`,
    description: "",
    leadAgency: "national-police",
    partnerAgencies: [],
    start: "2026-07-01",
    end: "2027-06-30",
    budget: { amount: 100_000, currency: "USD", source: "state", funded: true },
    measureIds: ["TIP.PROS.1.1"],
    priorityIds: [],
    dependsOn: [],
    ...overrides,
  });
}

export function indicator(ref: CycleRef, id: string, overrides: Partial<Indicator> = {}): Indicator {
  return Indicator.parse({
    ...base(ref),
    kind: "indicator",
    id,
    attachedTo: { kind: "activity", id: "act-train" },
    name: `Indicator ${id}`,
    type: "output",
    unit: "persons",
    isCount: true,
    baseline: { value: 0, year: 2025 },
    targets: [],
    disaggregation: [],
    meansOfVerification: "Agency records",
    ...overrides,
  });
}

export function settings(ref: CycleRef, overrides: Partial<PlanSettings> = {}): PlanSettings {
  return PlanSettings.parse({
    ...base(ref),
    kind: "planSettings",
    id: "settings",
    pillarJustifications: {},
    population: {
      year: 2026,
      total: 50_000_000,
      bySex: { female: 25_000_000, male: 25_000_000 },
      byAge: { child: 20_000_000, adult: 30_000_000 },
    },
    suppressionThreshold: 5,
    ...overrides,
  });
}

export function report(
  ref: CycleRef,
  periodIndex: number,
  agency: string,
  body: Pick<PeriodReport, "activities"> & Partial<PeriodReport>,
): PeriodReport {
  return PeriodReport.parse({
    ...base(ref),
    kind: "report",
    id: `${String(periodIndex).padStart(3, "0")}:${agency}`,
    periodIndex,
    agency,
    indicatorActuals: [],
    narrative: "",
    submittedBy: coordinator,
    submittedAt: new Date(Date.parse(`${SLOTS[periodIndex]?.end}T00:00:00Z`) + 5 * 86_400_000).toISOString(),
    ...body,
  });
}

/** The plan every monitoring test starts from. */
export function planRecords(ref: CycleRef) {
  const objectives = [
    objective(ref, "obj-pros", "PROS"),
    objective(ref, "obj-prot", "PROT"),
    objective(ref, "obj-icc", "ICC"),
  ];
  const activities = [
    activity(ref, "act-train"),
    activity(ref, "act-shelter", {
      objectiveId: "obj-prot",
      leadAgency: "ministry-of-labour",
      start: "2026-10-01",
      end: "2028-12-31",
      budget: { amount: 300_000, currency: "USD", source: "donor", donorName: "GIZ", funded: true },
      measureIds: ["TIP.PROT.1.1"],
    }),
    activity(ref, "act-border", {
      objectiveId: "obj-icc",
      start: "2026-07-01",
      end: "2030-06-30",
      budget: { amount: 50_000, currency: "USD", source: "state", funded: false },
      measureIds: ["TIP.ICC.1.1", "SOM.ICC.1.1"],
    }),
    activity(ref, "act-campaign", {
      objectiveId: "obj-prot",
      leadAgency: "ministry-of-health",
      start: "2028-01-01",
      end: "2028-12-31",
      measureIds: ["TIP.PREV.1.1"],
    }),
  ];
  const indicators = [
    indicator(ref, "ind-victims", {
      sdg: "16.2.2",
      unit: "victims",
      disaggregation: ["sex", "age", "exploitation"],
      targets: [
        { year: 2026, value: 20 },
        { year: 2027, value: 60 },
      ],
    }),
    indicator(ref, "ind-trained", { targets: [{ year: 2026, value: 100 }] }),
    indicator(ref, "ind-sheltered", {
      attachedTo: { kind: "objective", id: "obj-prot" },
      unit: "percent",
      isCount: false,
      targets: [{ year: 2027, value: 80 }],
    }),
  ];
  return { objectives, activities, indicators, settings: settings(ref) };
}

/**
 * A cycle standing at its first reporting period, with every stage approved and the plan above, written straight
 * to the store (the earlier stages have their own tests).
 */
export async function seedMonitoredCycle(
  store: Store,
  ref: CycleRef,
  plan = planRecords(ref),
): Promise<ReturnType<typeof planRecords>> {
  const approved = { state: "approved" as const, round: 1, approvedAt: FIXTURE_TIME, closedAt: FIXTURE_TIME };
  const records: CycleRecord[] = [...plan.objectives, ...plan.activities, ...plan.indicators, plan.settings];
  await store.commit({
    writes: [
      {
        entity: "cycle",
        item: aCycle(ref, { position: { kind: "period", index: 0 } }),
        expectedVersion: null,
      },
      ...(["assessment", "priorities", "action_plan"] as const).map((stage) => ({
        entity: "stage" as const,
        item: aStage(ref, stage, approved),
        expectedVersion: null,
      })),
      ...records.map((item) => ({ entity: "record" as const, item, expectedVersion: null })),
    ],
    events: [],
  });
  return plan;
}

/** Core dependencies over a store, with a clock the test sets. */
export function coreDeps(store: Store, workflow: CoreDeps["workflow"], at: { now: string }): CoreDeps {
  let n = 0;
  return {
    store,
    workflow,
    now: () => new Date(at.now),
    newId: () => `01JD${String(++n).padStart(22, "0")}`,
  };
}
