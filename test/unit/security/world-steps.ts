import { allMeasures, type CatalogueId, getCatalogue } from "../../../frameworks/index.js";
import type { Persona } from "../../../functions/local/dev-issuer.js";
import { closeCycle } from "../../../functions/workflow/tasks/close-cycle.js";
import { openPeriod } from "../../../functions/workflow/tasks/period-tasks.js";
import { registerWait } from "../../../functions/workflow/tasks/register-wait.js";
import { closeStage, openStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import type { StageName } from "../../../workflows/schemas.js";
import { createPlanViaApi, planPriorityIds } from "../../support/plan-fixtures.js";
import type { Api, CallOptions } from "./api.js";

// One country's cycles, each taken through the API (and the workflow's tasks, called as the state machine would)
// as far as its phase: every route of the matrix finds in one of them something to act on.

export const PHASES = ["assessing", "submitted", "prioritising", "planning", "monitoring", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export type CountryPeople = {
  coordinator: Persona;
  /** Of the national police, which answers one measure and leads one activity of its own. */
  member: Persona;
  /** Of the labour ministry, which answers another measure. */
  otherMember: Persona;
  /** Of the justice ministry, which signs every stage. */
  approver: Persona;
  /** Of the interior ministry, which signs every stage too. */
  secondApprover: Persona;
  /** Of the health ministry, which signs nothing. */
  strangerApprover: Persona;
};

export type TenantWorld = {
  country: "KEN" | "MEX";
  cycles: Record<Phase, string>;
  titles: string[];
  /** The measure the police answered, and the one the labour ministry answered, in every cycle. */
  measures: { member: string; otherMember: string; undecided: string; notCandidate: string };
  /** Ids in the planning cycle's action plan. */
  plan: {
    objective: string;
    spareObjective: string;
    memberActivity: string;
    spareMemberActivity: string;
    /** Led by the justice ministry. */
    otherActivity: string;
    memberIndicator: string;
    /** Of the justice ministry's activity. */
    otherIndicator: string;
    /** Of an objective: the coordinator's. */
    objectiveIndicator: string;
  };
  /** The police's activity and indicator in the monitored cycle's approved plan. */
  monitored: { activity: string; indicator: string };
  people: CountryPeople;
};

export function measuresOf(id: CatalogueId): string[] {
  const catalogue = getCatalogue(id);
  if (!catalogue) throw new Error(`the ${id} catalogue is not bundled`);
  return allMeasures(catalogue).map((m) => m.measure.id);
}

export type Spec = { country: "KEN" | "MEX"; people: CountryPeople; title: string; donor: string };
type Token = (persona: Persona) => Promise<string>;

const PLAN_PERIOD = { start: "2026-07-01", end: "2030-06-30" };
const GAPS = planPriorityIds();
const [MEMBER_MEASURE = "", OTHER_MEASURE = ""] = GAPS;

export async function buildCountry(api: Api, token: Token, spec: Spec): Promise<TenantWorld> {
  const { people } = spec;
  const send = async (who: Persona, method: string, path: string, options: CallOptions = {}) => {
    const res = await api.call(method, path, { ...options, token: await token(who) });
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
    return res.body;
  };
  const coordinator = (method: string, path: string, body?: unknown) =>
    send(people.coordinator, method, path, body === undefined ? {} : { body });
  const task = { country: spec.country, generation: 0 };

  const approve = async (cycleId: string, stage: StageName) => {
    await coordinator("POST", `/cycles/${cycleId}/stages/${stage}/submit`, { note: `${stage} ready` });
    for (const who of [people.approver, people.secondApprover]) {
      await send(who, "POST", `/cycles/${cycleId}/stages/${stage}/decisions`, {
        body: { decision: "approve" },
      });
    }
    await closeStage(api.deps, { country: spec.country, cycleId, stage });
    const next = stage === "assessment" ? "priorities" : stage === "priorities" ? "action_plan" : undefined;
    if (next) await openStage(api.deps, { ...task, cycleId, stage: next });
  };

  const titles: string[] = [];
  const cycles = {} as Record<Phase, string>;
  let plan: TenantWorld["plan"] | undefined;
  let monitored: TenantWorld["monitored"] | undefined;
  for (const [depth, phase] of PHASES.entries()) {
    const title = `${spec.title} (${phase})`;
    titles.push(title);
    const created = await coordinator("POST", "/cycles", {
      title,
      frameworks: [{ id: "TIP" }],
      planPeriod: PLAN_PERIOD,
      approvalPolicies: {
        assessment: { ministries: ["ministry-of-justice", "ministry-of-interior"], rule: { type: "all" } },
      },
    });
    const cycleId = String(created.id);
    cycles[phase] = cycleId;
    await coordinator("POST", `/cycles/${cycleId}/shares`, { organisation: spec.donor });
    await answerAssessment(cycleId);
    if (depth < 1) continue;
    if (depth === 1) {
      await coordinator("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
        note: "All measures answered",
      });
      continue;
    }
    await approve(cycleId, "assessment");
    if (depth === 2) continue;
    for (const measureId of GAPS) {
      await coordinator("POST", `/cycles/${cycleId}/priorities/${measureId}/decision`, {
        outcome: "accepted",
        reason: `A gap the working group of ${spec.country} wants closed`,
      });
    }
    await approve(cycleId, "priorities");
    const ids = await createPlanViaApi(
      async (method, path, body) => {
        const res = await api.call(method, path, { token: await token(people.coordinator), body });
        return { status: res.status, body: res.body };
      },
      cycleId,
      { period: PLAN_PERIOD },
    );
    const own = await memberActivity(cycleId, ids.pros ?? "");
    if (depth === 3) {
      const spareObjective = await coordinator("POST", `/cycles/${cycleId}/plan/objectives`, {
        title: "Objective kept aside for a later amendment",
        pillar: "PROS",
      });
      const spare = await send(people.member, "POST", `/cycles/${cycleId}/plan/activities`, {
        body: { ...activityBody(ids.pros ?? ""), title: "Second wave of joint investigation teams" },
      });
      plan = {
        objective: ids.pros ?? "",
        spareObjective: String(spareObjective.id),
        memberActivity: own.activity,
        spareMemberActivity: String(spare.id),
        otherActivity: ids.law ?? "",
        memberIndicator: own.indicator,
        otherIndicator: ids["amendment-adopted"] ?? "",
        objectiveIndicator: ids.convictions ?? "",
      };
      continue;
    }
    await approve(cycleId, "action_plan");
    const period = { country: spec.country, cycleId, periodIndex: 0 };
    await openPeriod(api.deps, period);
    await registerWait(api.deps, { ...period, wait: "reports", token: `reports-${cycleId}` });
    await coordinator("POST", `/cycles/${cycleId}/periods/0/reports`, {
      agency: "national-crime-research-centre",
      activities: [{ activityId: ids.data, status: "on_track", percentComplete: 20, spend: 1000 }],
      narrative: `Data system scoped with the statistics office of ${spec.country}`,
    });
    await coordinator("POST", `/cycles/${cycleId}/periods/0/comments`, {
      text: "The government thanks its partners for the first quarter",
    });
    if (depth === 4) {
      monitored = own;
      continue;
    }
    await closeCycle(api.deps, { country: spec.country, cycleId });
  }
  if (!plan || !monitored) throw new Error("the world was not built to the planning and monitoring phases");
  return {
    country: spec.country,
    cycles,
    titles,
    measures: {
      member: MEMBER_MEASURE,
      otherMember: OTHER_MEASURE,
      undecided: GAPS[2] ?? "",
      notCandidate: measuresOf("TIP").find((m) => !GAPS.includes(m)) ?? "",
    },
    plan,
    monitored,
    people,
  };

  /** The police and the labour ministry answer a gap each; the coordinator everything else. */
  async function answerAssessment(cycleId: string) {
    const entry = (measureId: string) => `/cycles/${cycleId}/assessment/entries/${measureId}`;
    const gap = (evidence: string) => ({ status: "absent", severity: 3, evidence, source: "Working group" });
    await send(people.member, "PUT", entry(MEMBER_MEASURE), {
      body: { answer: gap(`Police case files of ${spec.country} show no specialised unit`) },
    });
    await send(people.otherMember, "PUT", entry(OTHER_MEASURE), {
      body: { answer: gap(`Labour inspections in ${spec.country} found no referral`) },
    });
    const rest = measuresOf("TIP").filter((m) => m !== MEMBER_MEASURE && m !== OTHER_MEASURE);
    for (let i = 0; i < rest.length; i += 50) {
      const entries = rest.slice(i, i + 50).map((measureId) => ({
        measureId,
        answer: GAPS.includes(measureId)
          ? gap("Not yet in place")
          : { status: "in_place", severity: 0, evidence: "In the law and applied" },
      }));
      await coordinator("POST", `/cycles/${cycleId}/assessment/bulk`, { entries });
    }
  }

  /** The police add an activity of their own to the plan, with its indicator, as members may. */
  async function memberActivity(cycleId: string, objectiveId: string) {
    const activity = await send(people.member, "POST", `/cycles/${cycleId}/plan/activities`, {
      body: activityBody(objectiveId),
    });
    const indicator = await send(people.member, "POST", `/cycles/${cycleId}/plan/indicators`, {
      body: indicatorBody(String(activity.id)),
    });
    return { activity: String(activity.id), indicator: String(indicator.id) };
  }
}

export const activityBody = (objectiveId: string) => ({
  objectiveId,
  title: "Joint investigation teams in the coastal counties",
  description: "Police and prosecutors work trafficking cases together from the first report",
  start: "2026-07-01",
  end: "2027-06-30",
  budget: { amount: 80_000, currency: "USD", source: "state", funded: true },
  measureIds: [MEMBER_MEASURE],
  priorityIds: [MEMBER_MEASURE],
});

export const indicatorBody = (activityId: string) => ({
  attachedTo: { kind: "activity", id: activityId },
  name: "Cases investigated by joint teams",
  type: "output",
  unit: "cases",
  isCount: true,
  baseline: { value: 10, year: 2025 },
  targets: [{ year: 2027, value: 40 }],
  disaggregation: ["sex", "age", "exploitation", "nationality", "region"],
  meansOfVerification: "Police case register",
});
