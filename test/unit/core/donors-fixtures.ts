import { Activity, Indicator, PlanObjective } from "../../../functions/core/action-plan/schema.js";
import { addDays } from "../../../functions/core/changes.js";
import { PeriodReport } from "../../../functions/core/monitoring/schema.js";
import { Priority } from "../../../functions/core/priorities/schema.js";
import { pad } from "../../../functions/core/record-base.js";
import { type CycleRef, coordinator, FIXTURE_TIME } from "../../support/fixtures.js";

// Plan, report and priority records of the Kenyan fixture cycle (quarterly from 2026-07-01), for the closing and
// next-cycle tests. Every builder parses with the record's schema, so a schema change fails here first.

const base = (ref: CycleRef, id: string) => ({
  id,
  country: ref.country,
  cycleId: ref.cycleId,
  updatedAt: FIXTURE_TIME,
  version: 1,
});

export function anObjective(
  ref: CycleRef,
  id: string,
  overrides: Partial<PlanObjective> = {},
): PlanObjective {
  return PlanObjective.parse({
    kind: "objective",
    ...base(ref, id),
    title: "Investigators and prosecutors build trafficking cases",
    description: "Specialised units and training across the counties",
    pillar: "PROS",
    priorityIds: ["TIP.PROS.2.1"],
    ...overrides,
  });
}

/** Police training run by the national police, KES 4.2 million, 2026-2028. */
export function anActivity(ref: CycleRef, id: string, overrides: Partial<Activity> = {}): Activity {
  return Activity.parse({
    kind: "activity",
    ...base(ref, id),
    objectiveId: "obj-1",
    title: "Train county investigators on trafficking indicators",
    description: "Twelve two-day courses with the judiciary training institute",
    leadAgency: "national-police-service",
    partnerAgencies: ["judiciary-training-institute"],
    start: "2026-07-01",
    end: "2028-06-30",
    budget: { amount: 4_200_000, currency: "KES", source: "state", funded: true },
    measureIds: ["TIP.PROS.2.6"],
    priorityIds: ["TIP.PROS.2.1"],
    dependsOn: [],
    ...overrides,
  });
}

/** Victims identified per year (a count), from 120 in 2025 to 300 in 2027. */
export function anIndicator(ref: CycleRef, id: string, overrides: Partial<Indicator> = {}): Indicator {
  return Indicator.parse({
    kind: "indicator",
    ...base(ref, id),
    attachedTo: { kind: "activity", id: "act-1" },
    name: "Victims identified and referred",
    type: "outcome",
    unit: "persons",
    isCount: true,
    baseline: { value: 120, year: 2025 },
    targets: [
      { year: 2026, value: 150 },
      { year: 2027, value: 300 },
    ],
    disaggregation: ["sex", "age"],
    meansOfVerification: "National referral mechanism case register",
    ...overrides,
  });
}

type Progress = { activityId: string; status: PeriodReport["activities"][number]["status"]; spend?: number };
type Actual = { indicatorId: string; value: number };

/** A lead agency's report for period `index`, submitted a week after the period's round opened. */
export function aReport(
  ref: CycleRef,
  index: number,
  agency: string,
  progress: Progress[],
  actuals: Actual[] = [],
): PeriodReport {
  const submittedAt = addDays(FIXTURE_TIME, 120 + index * 91);
  return PeriodReport.parse({
    kind: "report",
    ...base(ref, `${pad(index)}:${agency}`),
    periodIndex: index,
    agency,
    activities: progress.map((p) => ({
      activityId: p.activityId,
      status: p.status,
      percentComplete: p.status === "completed" ? 100 : 50,
      spend: p.spend ?? 0,
      narrative: "",
    })),
    indicatorActuals: actuals.map((a) => ({ ...a, disaggregation: {} })),
    narrative: "Quarter on plan",
    submittedBy: { type: "user", sub: "dev-member-ken-national-police-service", role: "member" },
    submittedAt,
  });
}

/** A priority of the closed cycle, decided `outcome` by the coordinator. */
export function aPriority(
  ref: CycleRef,
  measureId: string,
  outcome: "accepted" | "deferred" | "rejected" | undefined,
  overrides: Partial<Priority> = {},
): Priority {
  const [catalogue, pillar, objective] = measureId.split(".");
  return Priority.parse({
    kind: "priority",
    ...base(ref, measureId),
    measureId,
    catalogue,
    pillarId: `${catalogue}.${pillar}`,
    objectiveId: `${catalogue}.${pillar}.${objective}`,
    mandatory: false,
    gapStatus: "partial",
    severity: 2,
    ratings: { impact: 3, feasibility: 2, urgency: 2 },
    carriedOver: false,
    ...(outcome
      ? { decision: { outcome, reason: "Decided by the working group", by: coordinator, at: FIXTURE_TIME } }
      : {}),
    ...overrides,
  });
}
