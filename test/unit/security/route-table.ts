import { getCatalogue } from "../../../frameworks/index.js";
import { type Context, cycleSettings, entryBody, fullActivity, versionOf } from "./example-bodies.js";
import type { Role } from "./world.js";
import { indicatorBody, type Phase, type TenantWorld } from "./world-steps.js";

// Every route of the API, classified: which of the world's cycles it acts on, the path, query and body a real client
// would send (valid, so that a 403 is the role check and not validation), and what each role gets in its own
// country. In another country every cycle route answers 404 and anonymous callers 401: the matrix derives those.
// A route of the OpenAPI document missing here fails the matrix by name, so a new route must be classified.

export type Outcome = "allow" | 403 | 404;
export type Expectations = Record<Exclude<Role, "anonymous">, Outcome>;

export type RouteCase = {
  /** The cycle the route acts on; absent for routes that are not about one cycle. */
  phase?: Phase;
  params?: (t: TenantWorld) => Record<string, string>;
  query?: (c: Context) => Promise<Record<string, string>>;
  body?: (c: Context) => Promise<unknown>;
  expect: Expectations;
};

const everyone: Expectations = {
  coordinator: "allow",
  member: "allow",
  approver: "allow",
  donor: "allow",
  donorUnshared: "allow",
  admin: "allow",
};
/** What was approved: the government, the admin, and a donor the cycle is shared with. */
const approvedRead: Expectations = { ...everyone, donorUnshared: 404 };
/** Work in progress and the government's own records: never a donor's. */
const governmentRead: Expectations = { ...approvedRead, donor: 403 };
const coordinatorWrite: Expectations = {
  coordinator: "allow",
  member: 403,
  approver: 403,
  donor: 403,
  donorUnshared: 404,
  admin: 403,
};
/** The coordinator, or a member for what its own agency answers, leads or reports. */
const agencyWrite: Expectations = { ...coordinatorWrite, member: "allow" };
const governmentOnly: Expectations = { ...everyone, donor: 403, donorUnshared: 403, admin: 403 };

const plan = (pick: (p: TenantWorld["plan"]) => string) => (t: TenantWorld) => ({ id: pick(t.plan) });
const period0 = () => ({ index: "0" });
const assessmentStage = () => ({ stage: "assessment" });

export const ROUTE_TABLE: Record<string, RouteCase> = {
  "GET /health": { expect: everyone },
  "GET /frameworks": { expect: everyone },
  "GET /frameworks/{id}": { params: () => ({ id: "TIP" }), expect: everyone },
  "POST /cycles": {
    body: async () => ({
      title: "National Action Plan against Smuggling of Migrants 2031-2035",
      frameworks: [{ id: "SOM", version: getCatalogue("SOM")?.version }],
      ...cycleSettings(),
    }),
    expect: { ...coordinatorWrite, donorUnshared: 403 },
  },
  "GET /cycles": { expect: everyone },
  "GET /cycles/{cycleId}": { phase: "monitoring", expect: approvedRead },
  "GET /cycles/{cycleId}/assessment": { phase: "assessing", expect: governmentRead },
  "PUT /cycles/{cycleId}/assessment/entries/{measureId}": {
    phase: "assessing",
    params: (t) => ({ measureId: t.measures.member }),
    body: entryBody,
    expect: agencyWrite,
  },
  "POST /cycles/{cycleId}/assessment/bulk": {
    phase: "assessing",
    body: async (c) => ({ entries: [{ measureId: c.t.measures.member, ...(await entryBody(c)) }] }),
    expect: agencyWrite,
  },
  "GET /cycles/{cycleId}/assessment/scores": { phase: "assessing", expect: governmentRead },
  "POST /cycles/{cycleId}/stages/{stage}/submit": {
    phase: "assessing",
    params: assessmentStage,
    body: async () => ({ note: "Every measure answered" }),
    expect: coordinatorWrite,
  },
  "POST /cycles/{cycleId}/stages/{stage}/decisions": {
    phase: "submitted",
    params: assessmentStage,
    body: async () => ({ decision: "approve", reason: "Complete and well evidenced", round: 1 }),
    expect: { ...coordinatorWrite, coordinator: 403, approver: "allow" },
  },
  "GET /cycles/{cycleId}/stages/{stage}/versions": {
    phase: "prioritising",
    params: assessmentStage,
    expect: approvedRead,
  },
  "GET /cycles/{cycleId}/stages/{stage}/versions/{number}": {
    phase: "prioritising",
    params: () => ({ stage: "assessment", number: "1" }),
    expect: approvedRead,
  },
  "GET /cycles/{cycleId}/stages/{stage}/versions/{from}/diff/{to}": {
    phase: "prioritising",
    params: () => ({ stage: "assessment", from: "1", to: "current" }),
    // Against the live content: work in progress, so not for donors.
    expect: governmentRead,
  },
  "POST /cycles/{cycleId}/stages/{stage}/amendments": {
    phase: "prioritising",
    params: assessmentStage,
    body: async () => ({ reason: "The 2026 labour inspection report changes two answers" }),
    expect: coordinatorWrite,
  },
  "GET /cycles/{cycleId}/audit": { phase: "monitoring", expect: governmentRead },
  "GET /cycles/{cycleId}/plan": { phase: "planning", expect: governmentRead },
  "PUT /cycles/{cycleId}/plan/settings": {
    phase: "planning",
    body: async (c) => ({
      pillarJustifications: Object.fromEntries(
        ["PROS", "PROT", "PREV", "NCC", "ICC"].map((pillar) => [pillar, `Why ${pillar} is covered as it is`]),
      ),
      population: {
        year: 2026,
        total: 55_100_000,
        bySex: { female: 27_800_000, male: 27_300_000 },
        byAge: { child: 24_000_000, adult: 31_100_000 },
      },
      suppressionThreshold: 10,
      expectedVersion: await versionOf(c, "planning", "planSettings", "settings"),
    }),
    expect: coordinatorWrite,
  },
  "POST /cycles/{cycleId}/plan/objectives": {
    phase: "planning",
    body: async (c) => ({
      title: "Victims are identified early",
      description: "Frontline staff recognise the signs and refer at once",
      pillar: "PROT",
      priorityIds: [c.t.measures.member],
    }),
    expect: coordinatorWrite,
  },
  "PUT /cycles/{cycleId}/plan/objectives/{id}": {
    phase: "planning",
    params: plan((p) => p.objective),
    body: async (c) => ({
      title: "Investigators and prosecutors build trafficking cases",
      description: "Specialised units in every county",
      pillar: "PROS",
      priorityIds: [c.t.measures.member],
      expectedVersion: await versionOf(c, "planning", "objective", c.t.plan.objective),
    }),
    expect: coordinatorWrite,
  },
  "DELETE /cycles/{cycleId}/plan/objectives/{id}": {
    phase: "planning",
    params: plan((p) => p.spareObjective),
    query: async (c) => ({
      expectedVersion: String(await versionOf(c, "planning", "objective", c.t.plan.spareObjective)),
    }),
    expect: coordinatorWrite,
  },
  "POST /cycles/{cycleId}/plan/activities": {
    phase: "planning",
    body: async (c) => fullActivity(c.t),
    expect: agencyWrite,
  },
  "PUT /cycles/{cycleId}/plan/activities/{id}": {
    phase: "planning",
    params: plan((p) => p.memberActivity),
    body: async (c) => ({
      ...fullActivity(c.t),
      end: "2027-12-31",
      expectedVersion: await versionOf(c, "planning", "activity", c.t.plan.memberActivity),
    }),
    expect: agencyWrite,
  },
  "DELETE /cycles/{cycleId}/plan/activities/{id}": {
    phase: "planning",
    params: plan((p) => p.spareMemberActivity),
    query: async (c) => ({
      expectedVersion: String(await versionOf(c, "planning", "activity", c.t.plan.spareMemberActivity)),
    }),
    expect: agencyWrite,
  },
  "POST /cycles/{cycleId}/plan/indicators": {
    phase: "planning",
    body: async (c) => ({
      ...indicatorBody(c.t.plan.memberActivity),
      name: "Victims identified by joint teams",
      sdg: "16.2.2",
    }),
    expect: agencyWrite,
  },
  "PUT /cycles/{cycleId}/plan/indicators/{id}": {
    phase: "planning",
    params: plan((p) => p.memberIndicator),
    body: async (c) => ({
      ...indicatorBody(c.t.plan.memberActivity),
      targets: [{ year: 2027, value: 50 }],
      sdg: "16.2.2",
      expectedVersion: await versionOf(c, "planning", "indicator", c.t.plan.memberIndicator),
    }),
    expect: agencyWrite,
  },
  "DELETE /cycles/{cycleId}/plan/indicators/{id}": {
    phase: "planning",
    params: plan((p) => p.memberIndicator),
    query: async (c) => ({
      expectedVersion: String(await versionOf(c, "planning", "indicator", c.t.plan.memberIndicator)),
    }),
    expect: agencyWrite,
  },
  "GET /cycles/{cycleId}/priorities": { phase: "prioritising", expect: governmentRead },
  "POST /cycles/{cycleId}/priorities": {
    phase: "prioritising",
    body: async (c) => ({ measureId: c.t.measures.notCandidate }),
    expect: coordinatorWrite,
  },
  "PUT /cycles/{cycleId}/priorities/criteria": {
    phase: "prioritising",
    body: async (c) => ({
      criteria: [
        { id: "severity", label: "Gap severity", weight: 4, source: "assessment_severity" },
        { id: "impact", label: "Expected impact", weight: 3, source: "rating" },
      ],
      expectedVersion: await versionOf(c, "prioritising", "prioritySettings", "settings"),
    }),
    expect: coordinatorWrite,
  },
  "GET /cycles/{cycleId}/priorities/{measureId}": {
    phase: "prioritising",
    params: (t) => ({ measureId: t.measures.undecided }),
    expect: governmentRead,
  },
  "PUT /cycles/{cycleId}/priorities/{measureId}/ratings": {
    phase: "prioritising",
    params: (t) => ({ measureId: t.measures.undecided }),
    body: async (c) => ({
      ratings: { impact: 3, feasibility: 2, urgency: 3 },
      expectedVersion: await versionOf(c, "prioritising", "priority", c.t.measures.undecided),
    }),
    expect: coordinatorWrite,
  },
  "POST /cycles/{cycleId}/priorities/{measureId}/decision": {
    phase: "prioritising",
    params: (t) => ({ measureId: t.measures.undecided }),
    body: async (c) => ({
      outcome: "deferred",
      reason: "Waits for the new labour code",
      expectedVersion: await versionOf(c, "prioritising", "priority", c.t.measures.undecided),
    }),
    expect: coordinatorWrite,
  },
  "POST /cycles/{cycleId}/shares": {
    phase: "monitoring",
    body: async () => ({ organisation: "unicef" }),
    expect: coordinatorWrite,
  },
  "GET /cycles/{cycleId}/shares": { phase: "monitoring", expect: governmentRead },
  "DELETE /cycles/{cycleId}/shares/{organisation}": {
    phase: "monitoring",
    params: () => ({ organisation: "giz" }),
    expect: coordinatorWrite,
  },
  "GET /shared/cycles": {
    expect: { ...everyone, coordinator: 403, member: 403, approver: 403, admin: 403 },
  },
  "POST /cycles/{cycleId}/periods/{index}/comments": {
    phase: "monitoring",
    params: period0,
    body: async () => ({ text: "Could the shelter figures be broken down by county next quarter?" }),
    expect: { ...coordinatorWrite, donor: "allow" },
  },
  "GET /cycles/{cycleId}/periods/{index}/comments": {
    phase: "monitoring",
    params: period0,
    expect: approvedRead,
  },
  "GET /cycles/{cycleId}/summary": { phase: "closed", expect: approvedRead },
  "POST /cycles/{cycleId}/successor": {
    phase: "closed",
    body: async () => ({
      title: "National Action Plan against Trafficking in Persons 2030-2034",
      ...cycleSettings(),
      planPeriod: { start: "2030-07-01", end: "2034-06-30" },
    }),
    expect: coordinatorWrite,
  },
  "POST /cycles/{cycleId}/periods/{index}/reports": {
    phase: "monitoring",
    params: period0,
    body: async (c) => ({
      agency: "national-police",
      activities: [
        {
          activityId: c.t.monitored.activity,
          status: "on_track",
          percentComplete: 25,
          spend: 9000,
          narrative: "Teams formed",
        },
      ],
      indicatorActuals: [
        {
          indicatorId: c.t.monitored.indicator,
          value: 12,
          disaggregation: {
            sex: { female: 7, male: 5 },
            age: { child: 3, adult: 9 },
            exploitation: { sexual: 4, forced_labour: 8 },
            nationality: { domestic: 9, ETH: 3 },
            region: { mombasa: 8, kilifi: 4 },
          },
        },
      ],
      narrative: "Three joint teams formed in Mombasa, Kilifi and Kwale",
    }),
    expect: agencyWrite,
  },
  "GET /cycles/{cycleId}/periods": { phase: "monitoring", expect: approvedRead },
  "GET /cycles/{cycleId}/periods/{index}": { phase: "monitoring", params: period0, expect: approvedRead },
  "GET /cycles/{cycleId}/monitoring": { phase: "monitoring", expect: approvedRead },
  "GET /inbox": { expect: governmentOnly },
  // Files in a text format, so that the answer can be searched for another country's data.
  "GET /cycles/{cycleId}/exports/plan": {
    phase: "monitoring",
    query: async () => ({ format: "html" }),
    expect: approvedRead,
  },
  "GET /cycles/{cycleId}/exports/indicators": {
    phase: "monitoring",
    query: async () => ({ format: "csv" }),
    expect: approvedRead,
  },
  "GET /cycles/{cycleId}/exports/periods/{index}/report": {
    phase: "monitoring",
    params: period0,
    expect: approvedRead,
  },
  "GET /cycles/{cycleId}/exports/final-report": { phase: "closed", expect: approvedRead },
  "GET /cycles/{cycleId}/exports/iati": { phase: "monitoring", expect: approvedRead },
  "GET /cycles/{cycleId}/exports/templates/{kind}": {
    phase: "assessing",
    params: () => ({ kind: "assessment" }),
    expect: governmentRead,
  },
  "POST /cycles/{cycleId}/imports/{kind}": {
    phase: "assessing",
    params: () => ({ kind: "assessment" }),
    // The template as exported, sent back unchanged: a round trip a client may make at any time.
    body: async (c) => {
      const csv = await c.download(`/cycles/${c.t.cycles.assessing}/exports/templates/assessment?format=csv`);
      return { format: "csv", content: Buffer.from(csv).toString("base64") };
    },
    expect: agencyWrite,
  },
};
