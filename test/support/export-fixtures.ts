import { Activity } from "../../functions/core/action-plan/schema.js";
import { addDays, type CoreDeps } from "../../functions/core/changes.js";
import type { Cycle } from "../../functions/core/cycle.js";
import { computeSummary } from "../../functions/core/donors/closing.js";
import { PeriodReport } from "../../functions/core/monitoring/schema.js";
import {
  REPORTING_WINDOW_DAYS,
  ReportingPeriod,
  reportingPeriods,
  roundOpensAt,
} from "../../functions/core/period.js";
import type { Write } from "../../functions/core/ports.js";
import type { Actor } from "../../functions/core/principal.js";
import { pad } from "../../functions/core/record-base.js";
import { freezeStage } from "../../functions/core/versions/freeze.js";
import { aCycle, aStage, type CycleRef, coordinator, FIXTURE_TIME } from "./fixtures.js";
import { FIXTURE_PLAN_PERIOD, planRecords } from "./plan-fixtures.js";

// A Kenyan cycle well into monitoring, for the export tests: the realistic plan of plan-fixtures (both catalogues,
// three currencies, state and donor money) approved and frozen as version 1, an amendment being drafted (one new
// activity exists only in the draft), quarterly reports for the first five periods with disaggregated actuals (the
// male victims of 2027 stay under the suppression threshold of 5), a late report and a missing one, and the cycle
// shared with the donor organisation `giz`. Everything is written straight to the store: the stages that lead here
// have their own tests.

export const DONOR_ORG = "giz";
export const DRAFT_ACTIVITY_ID = "draft-shelter";
export const DRAFT_ACTIVITY_TITLE = "Pilot shelter for child victims (draft)";
export const DRAFT_ACTIVITY_DESCRIPTION = 'Shelter for children <under 18> & their carers: "safe" places';
export const NARRATIVE_WITH_MARKUP = "Third desk opened in Nairobi; guidelines & forms <revised>.";
export const REPORTED_PERIODS = 5;
const VERSION_APPROVED_AT = "2026-11-20T10:00:00.000Z";

const person = (agency: string): Actor => ({
  type: "user",
  sub: `dev-member-ken-${agency}`,
  role: "member",
  agency,
});

type Progress = {
  activityId: string;
  status: PeriodReport["activities"][number]["status"];
  percent: number;
  spend: number;
};
type Actual = { indicatorId: string; value: number; disaggregation?: Record<string, Record<string, number>> };
type ReportSeed = {
  period: number;
  agency: string;
  progress: Progress[];
  actuals?: Actual[];
  narrative: string;
  late?: boolean;
};

const victims = (value: number, female: number, male: number, child: number): Actual => ({
  indicatorId: "victims-identified",
  value,
  disaggregation: {
    sex: { female, male },
    age: { child, adult: value - child },
    exploitation: { sexual: Math.ceil(value / 2), forced_labour: Math.floor(value / 2) },
    nationality: { domestic: value - 6, foreign: 6 },
  },
});

const count = (indicatorId: string, value: number, sex?: { female: number; male: number }): Actual => ({
  indicatorId,
  value,
  ...(sex ? { disaggregation: { sex } } : {}),
});

type Row = [
  period: number,
  agency: string,
  activity: string,
  status: Progress["status"],
  percent: number,
  spend: number,
];
const LAW = "ministry-of-justice";
const DATA = "national-crime-research-centre";
const SOCIAL = "social-protection-department";
const LABOUR = "ministry-of-labour";
const BORDER = "immigration-department";

/** What each lead agency reported, period by period (Q1 2027 to Q1 2028): progress, narrative, counts. */
const SEEDS: [Row, string, Actual[]][] = [
  [[0, LAW, "law", "on_track", 20, 6_000], "Drafting committee set up; consultations began.", []],
  [[0, DATA, "data", "on_track", 10, 4_000], "Terms of reference for the data system agreed.", []],
  [[1, LAW, "law", "on_track", 45, 9_000], "First draft circulated to the working group.", []],
  [[1, DATA, "data", "delayed", 15, 6_000], "Vendor selected.", []],
  [
    [1, SOCIAL, "referral", "on_track", 10, 15_000],
    "Guidelines drafted in two counties.",
    [victims(28, 27, 1, 9)],
  ],
  [[2, LAW, "law", "on_track", 80, 12_000], "Amendment tabled in Parliament.", []],
  [[2, DATA, "data", "delayed", 30, 8_000], "Data model drafted.", []],
  [
    [2, SOCIAL, "referral", "on_track", 25, 22_000],
    "Desks opened in Mombasa and Kisumu.",
    [victims(35, 33, 2, 12)],
  ],
  [
    [2, LABOUR, "inspections", "on_track", 10, 600_000],
    "Inspections started.",
    [count("agencies-inspected", 8)],
  ],
  [[2, BORDER, "border", "on_track", 30, 20_000], "Curriculum agreed with the coast guard.", []],
  [
    [3, LAW, "law", "completed", 100, 15_000],
    "Amendment adopted.",
    [count("amendment-adopted", 1), count("convictions", 14)],
  ],
  [[3, SOCIAL, "referral", "on_track", 40, 25_000], NARRATIVE_WITH_MARKUP, [victims(31, 30, 1, 10)]],
  [
    [3, LABOUR, "inspections", "on_track", 25, 700_000],
    "Twelve agencies inspected.",
    [count("agencies-inspected", 12)],
  ],
  [
    [3, BORDER, "border", "on_track", 60, 25_000],
    "Two courses held.",
    [count("border-officers-trained", 60, { female: 18, male: 42 })],
  ],
  [
    [4, SOCIAL, "referral", "on_track", 50, 20_000],
    "Desks running in three counties.",
    [victims(40, 31, 9, 14)],
  ],
  [
    [4, "national-police", "training", "on_track", 15, 18_000],
    "Training of trainers held.",
    [count("officers-trained", 45, { female: 12, male: 33 })],
  ],
  [
    [4, "office-of-the-attorney-general", "central-authority", "on_track", 30, 7_000],
    "Central authority designated by decree.",
    [count("mla-requests", 2)],
  ],
];

/** The labour ministry's report for Q3 2027 came in after the deadline. */
const LATE = { period: 2, agency: LABOUR };

export const REPORTS: readonly ReportSeed[] = SEEDS.map(
  ([[period, agency, activityId, status, percent, spend], narrative, actuals]) => ({
    period,
    agency,
    narrative,
    progress: [{ activityId, status, percent, spend }],
    actuals,
    late: period === LATE.period && agency === LATE.agency,
  }),
);

/** The agency that never reported for Q4 2027 (period 3): overdue, then escalated. */
export const MISSING_IN_PERIOD_3 = "national-crime-research-centre";

export type ExportCycle = { cycle: Cycle; ref: CycleRef };

export async function seedExportCycle(
  deps: CoreDeps,
  ref: CycleRef,
  options: { closed?: boolean } = {},
): Promise<ExportCycle> {
  const plan = planRecords(ref, { catalogues: ["TIP", "SOM"] });
  const cycle = aCycle(ref, {
    frameworks: [
      { id: "TIP", version: "2009.1" },
      { id: "SOM", version: "2011.1" },
    ],
    planPeriod: FIXTURE_PLAN_PERIOD,
    position: options.closed ? { kind: "close" } : { kind: "period", index: 4 },
    status: options.closed ? "closed" : "active",
  });
  const approved = (stage: "assessment" | "priorities" | "action_plan") =>
    aStage(ref, stage, {
      state: "approved",
      round: 1,
      approvedAt: VERSION_APPROVED_AT,
      closedAt: VERSION_APPROVED_AT,
      versionNumber: 1,
    });
  const planStage = approved("action_plan");
  await deps.store.commit({
    writes: [
      { entity: "cycle", item: cycle, expectedVersion: null },
      ...[approved("assessment"), approved("priorities"), planStage].map((item) => ({
        entity: "stage" as const,
        item,
        expectedVersion: null,
      })),
      ...[...plan.priorities, plan.settings, ...plan.objectives, ...plan.activities, ...plan.indicators].map(
        (item) => ({
          entity: "record" as const,
          item,
          expectedVersion: null,
        }),
      ),
    ],
    events: [],
  });
  const frozen = await freezeStage(deps, cycle, planStage, 1, VERSION_APPROVED_AT);
  const writes: Write[] = [frozen.write, ...periodWrites(cycle), ...reportWrites(ref)];
  writes.push({
    entity: "record",
    item: {
      kind: "share",
      id: DONOR_ORG,
      country: ref.country,
      cycleId: ref.cycleId,
      organisation: DONOR_ORG,
      sharedBy: coordinator,
      sharedAt: FIXTURE_TIME,
      updatedAt: FIXTURE_TIME,
      version: 1,
    },
    expectedVersion: null,
  });
  if (!options.closed) {
    // An amendment is being drafted: the records hold work in progress that no donor may see.
    writes.push(
      {
        entity: "stage",
        item: {
          ...planStage,
          state: "draft",
          amendment: {
            number: 2,
            reason: "Add a shelter pilot",
            openedAt: FIXTURE_TIME,
            openedBy: "auth0|coordinator-ken",
            generation: 0,
          },
          version: 2,
        },
        expectedVersion: 1,
      },
      {
        entity: "record",
        item: Activity.parse({
          ...plan.activities[2],
          id: DRAFT_ACTIVITY_ID,
          title: DRAFT_ACTIVITY_TITLE,
          description: DRAFT_ACTIVITY_DESCRIPTION,
          budget: { amount: 50_000, currency: "USD", source: "donor", donorName: "UNICEF", funded: false },
        }),
        expectedVersion: null,
      },
    );
  }
  await deps.store.commit({ writes, events: [] });
  if (options.closed) {
    const stages = (await deps.store.getCycle(ref.country, ref.cycleId))?.stages ?? [];
    const summary = await computeSummary(deps, cycle, stages, "2030-02-15T12:00:00.000Z");
    await deps.store.commit({
      writes: [{ entity: "record", item: summary, expectedVersion: null }],
      events: [],
    });
  }
  return { cycle, ref };
}

function periodWrites(cycle: Cycle): Write[] {
  const slots = reportingPeriods(cycle.planPeriod, cycle.reportingCadence).slice(0, REPORTED_PERIODS);
  return slots.map((slot) => {
    const reports = REPORTS.filter((r) => r.period === slot.index);
    const reported = reports.map((r) => r.agency);
    const late = reports.filter((r) => r.late).map((r) => r.agency);
    const missing = slot.index === 3 ? [MISSING_IN_PERIOD_3] : [];
    const opensAt = roundOpensAt(slot);
    const open = slot.index === REPORTED_PERIODS - 1;
    const item = ReportingPeriod.parse({
      country: cycle.country,
      cycleId: cycle.id,
      ...slot,
      dueAt: addDays(opensAt, REPORTING_WINDOW_DAYS),
      state: open ? "open" : "closed",
      openedAt: opensAt,
      ...(open ? {} : { closedAt: addDays(opensAt, REPORTING_WINDOW_DAYS + 14) }),
      reportsComplete: missing.length === 0,
      expectedAgencies: [...reported, ...missing].sort(),
      reportedAgencies: reported.sort(),
      overdueAgencies: [...late, ...missing].sort(),
      escalatedAgencies: missing,
      reminders: late.length + missing.length > 0 ? 2 : 0,
      updatedAt: opensAt,
      version: 2,
    });
    return { entity: "period", item, expectedVersion: null };
  });
}

function reportWrites(ref: CycleRef): Write[] {
  const slots = reportingPeriods(FIXTURE_PLAN_PERIOD, "quarterly");
  return REPORTS.map((r) => {
    const opensAt = roundOpensAt(
      slots[r.period] ?? { index: 0, label: "", start: "", end: FIXTURE_PLAN_PERIOD.start },
    );
    const item = PeriodReport.parse({
      kind: "report",
      id: `${pad(r.period)}:${r.agency}`,
      country: ref.country,
      cycleId: ref.cycleId,
      periodIndex: r.period,
      agency: r.agency,
      activities: r.progress.map((p) => ({
        activityId: p.activityId,
        status: p.status,
        percentComplete: p.percent,
        spend: p.spend,
        narrative: "",
      })),
      indicatorActuals: (r.actuals ?? []).map((a) => ({
        indicatorId: a.indicatorId,
        value: a.value,
        disaggregation: a.disaggregation ?? {},
      })),
      narrative: r.narrative,
      submittedBy: person(r.agency),
      submittedAt: addDays(opensAt, r.late ? 38 : 12),
      updatedAt: addDays(opensAt, r.late ? 38 : 12),
      version: 1,
    });
    return { entity: "record", item, expectedVersion: null };
  });
}
