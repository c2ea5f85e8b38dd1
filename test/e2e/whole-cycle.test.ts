import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { apiClient, expectStatus } from "../support/api-client.js";
import { type AssessmentBody, fillAssessment } from "./cycle-fixtures.js";
import {
  type Candidate,
  type Chosen,
  choosePriorities,
  type PlanIds,
  type Priorities,
  reportsOf,
  writePlan,
} from "./whole-cycle-plan.js";
import {
  type Api,
  type Cycle,
  CycleSession,
  type Diff,
  DONOR,
  type DonorCycle,
  LABOUR,
  MINISTRIES,
  type Monitoring,
  mintTokens,
  oneYearFrom,
  POLICE,
  type Summary,
  stageIn,
  stageIs,
  type Tokens,
} from "./whole-cycle-steps.js";

// One planning cycle on both catalogues carried from creation to closed on the whole local stack (DynamoDB Local,
// the real ASL on the local engine, the Hono app on a real port), all through the HTTP API, time moved by the
// local-only clock routes: the needs assessment, the priorities, the action plan, four quarterly reporting periods
// (one report overdue and reminded, then filed late), the plan amended and approved again while monitoring runs,
// a donor following it, the final summary, and the next cycle started from it. Each step asserts the state it
// leaves, so a failure names the step where the parts stopped fitting together.

const AMENDMENT_REASON = "The first two quarters found twice as many recruitment agencies as planned";

describe("a whole planning cycle on both catalogues, from creation to closed and on to the next", () => {
  let stack: LocalStack;
  let stateDir: string;
  let api: Api;
  let t: Tokens;
  let s: CycleSession;
  let period = { start: "", end: "" };
  let chosen: Chosen;
  let plan: PlanIds;
  let reports: ReturnType<typeof reportsOf>;
  const deferred: string[] = [];
  const path = (rest = "") => `/cycles/${s.cycleId}${rest}`;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-e2e-whole-"));
    stack = await startLocalStack({ port: 0, dataDir: "memory", stateDir });
    api = apiClient(stack.url);
    t = await mintTokens(stack);
    s = new CycleSession(stack, api, t);
    period = oneYearFrom(stack.clock.now());
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("creates the cycle on both catalogues and has its needs assessment approved by both ministries", async () => {
    const created = await api.post<Cycle>(
      "/cycles",
      t.coordinator,
      {
        title: "National action plan against trafficking in persons and smuggling of migrants",
        frameworks: [{ id: "TIP" }, { id: "SOM" }],
        planPeriod: period,
        reportingCadence: "quarterly",
        approvalPolicies: {
          assessment: { ministries: MINISTRIES, rule: { type: "all" } },
          priorities: { ministries: MINISTRIES, rule: { type: "quorum", n: 1 } },
          action_plan: { ministries: MINISTRIES, rule: { type: "all" } },
        },
        deadlines: { submissionDays: 30, decisionDays: 14 },
      },
      { "idempotency-key": "whole-cycle-create" },
    );
    expectStatus(created, 201);
    s.cycleId = created.body.id;
    expect(created.body.frameworks.map((f) => f.id)).toEqual(["TIP", "SOM"]);
    expect(stageIn(created.body, "assessment").state).toBe("draft");

    await s.waits("--stage-assessment--g0", "AwaitSubmission");
    const filled = await fillAssessment(api, t.coordinator, s.cycleId);
    const assessment = await api.get<AssessmentBody>(path("/assessment"), t.coordinator);
    expect(assessment.body.scores.overall).toMatchObject({ completeness: 100, answered: filled.measures });
    const catalogues = new Set(assessment.body.items.map((i) => i.measureId.slice(0, 3)));
    expect(catalogues).toEqual(new Set(["TIP", "SOM"]));

    await s.submitAndApprove("assessment", "--stage-assessment--g0", [t.justice, t.interior]);
    const moved = await s.cycleWhere("the priorities to open", stageIs("priorities", "draft"));
    expect(stageIn(moved, "assessment")).toMatchObject({ state: "approved", versionNumber: 1 });
    expect(moved.currentStage).toBe("priorities");
  });

  it("ranks the gaps, has every candidate decided with a reason and the priorities approved by a quorum", async () => {
    const listed = await api.get<Priorities>(path("/priorities"), t.coordinator);
    expectStatus(listed, 200);
    const { items, summary } = listed.body;
    // Candidates come from the gaps of both catalogues, unmet treaty obligations ranked first.
    expect(summary).toMatchObject({ candidates: items.length, undecided: items.length });
    expect(new Set(items.map((c) => c.catalogue))).toEqual(new Set(["TIP", "SOM"]));
    const firstOptional = items.findIndex((c) => !c.flags.mandatory);
    expect(items.slice(firstOptional).some((c) => c.flags.mandatory)).toBe(false);
    expect(summary.unmetObligations).toBe(firstOptional);
    chosen = choosePriorities(items);
    const accepted = Object.values(chosen).map((c) => c.measureId);

    // The working group rates what it accepts (re-scored at once), then decides every candidate with a reason.
    for (const c of Object.values(chosen)) {
      const rated = await api.put<Candidate>(path(`/priorities/${c.measureId}/ratings`), t.coordinator, {
        ratings: { impact: 3, feasibility: 3, urgency: 3 },
        expectedVersion: c.version,
      });
      expectStatus(rated, 200);
      expect(rated.body.score).toBeGreaterThanOrEqual(c.score);
    }
    const reasons = {
      accepted: "A critical gap the assessment named",
      deferred: "Needs the new data system first: planned for the next cycle",
      rejected: "Addressed by the existing national policing strategy and its budget",
    };
    const others = items.filter((c) => !accepted.includes(c.measureId));
    const decisions = [
      ...others.map((c, i) => [c.measureId, i % 4 === 0 ? "deferred" : "rejected"] as const),
      ...accepted.map((id) => [id, "accepted"] as const),
    ];
    for (const [measureId, outcome] of decisions) {
      if (outcome === "deferred") deferred.push(measureId);
      const body = { outcome, reason: reasons[outcome] };
      expectStatus(await api.post(path(`/priorities/${measureId}/decision`), t.coordinator, body), 200);
    }
    const decided = await api.get<Priorities>(path("/priorities"), t.coordinator);
    expect(decided.body.summary).toMatchObject({
      accepted: 4,
      deferred: deferred.length,
      rejected: items.length - 4 - deferred.length,
      undecided: 0,
    });
    const acceptedList = await api.get<Priorities>(path("/priorities?decision=accepted"), t.coordinator);
    expect(acceptedList.body.items.map((c) => c.measureId).sort()).toEqual([...accepted].sort());
    expect(acceptedList.body.items.filter((c) => c.flags.mandatory)).toHaveLength(3);

    // A quorum of one: the first ministry's approval decides; the second has nothing left to sign.
    await s.submitAndApprove("priorities", "--stage-priorities--g0", [t.interior]);
    const moved = await s.cycleWhere("the action plan to open", stageIs("action_plan", "draft"));
    expect(stageIn(moved, "priorities")).toMatchObject({ state: "approved", versionNumber: 1 });
    const late = await api.post(path("/stages/priorities/decisions"), t.justice, { decision: "approve" });
    expectStatus(late, 409);
  });

  it("writes the action plan through the API, checks its rules and totals, and has it approved", async () => {
    type PlanBody = {
      validation: { submittable: boolean; errors: { rule: string; id: string }[] };
      totals: { byCatalogue: Record<string, Record<string, { total: number }>> };
      objectives: { activities: unknown[] }[];
    };
    // Nothing written yet: the rules name every accepted priority still without an activity.
    const empty = await api.get<PlanBody>(path("/plan"), t.coordinator);
    expectStatus(empty, 200);
    const unserved = empty.body.validation.errors.filter((e) => e.rule === "priority_without_activity");
    const accepted = Object.values(chosen).map((c) => c.measureId);
    expect(unserved.map((e) => e.id).sort()).toEqual(accepted.sort());

    plan = await writePlan(api, t.coordinator, s.cycleId, period, chosen);
    reports = reportsOf(api, s.cycleId, plan, t);
    const written = await api.get<PlanBody>(path("/plan"), t.coordinator);
    expect(written.body.validation).toMatchObject({ submittable: true, errors: [] });
    expect(written.body.objectives.flatMap((o) => o.activities)).toHaveLength(3);
    // The joint border training counts once, under both catalogues together.
    expect(written.body.totals.byCatalogue.both?.USD?.total).toBe(60_000);
    // A donor was not given the cycle yet: it does not exist for them.
    expectStatus(await api.get(path(), t.donor), 404);

    await s.submitAndApprove("action_plan", "--stage-action_plan--g0", [t.justice, t.interior]);
    const monitoring = await s.cycleWhere("monitoring to start", (c) => c.position.kind === "period");
    expect(monitoring.position).toEqual({ kind: "period", index: 0 });
    expect(monitoring.currentStage).toBeNull();
    expect(stageIn(monitoring, "action_plan")).toMatchObject({ state: "approved", versionNumber: 1 });
    expect((await s.periods()).map((p) => p.state)).toEqual(Array(4).fill("scheduled"));
  });

  it("shares the cycle with a donor, who reads approved versions and never a draft", async () => {
    expectStatus(await api.post(path("/shares"), t.coordinator, { organisation: DONOR }), 201);

    const seen = await api.get<DonorCycle>(path(), t.donor);
    expectStatus(seen, 200);
    expect(seen.body.stages.map((st) => [st.stage, st.approved?.number])).toEqual([
      ["assessment", 1],
      ["priorities", 1],
      ["action_plan", 1],
    ]);
    const version = await api.get<{ content: Record<string, unknown> }>(
      path("/stages/action_plan/versions/1"),
      t.donor,
    );
    expectStatus(version, 200);
    expect(Object.keys(version.body.content).filter((k) => k.startsWith("activity/"))).toHaveLength(3);
    // The live stages, the audit trail and the list of shares are the government's.
    for (const draft of ["/plan", "/assessment", "/priorities", "/audit", "/shares"]) {
      expect((await api.get(path(draft), t.donor)).status, draft).toBe(403);
    }
    // Another donor organisation learns nothing.
    expectStatus(await api.get(path(), t.otherDonor), 404);
    const list = await api.get<{ items: { id: string }[] }>("/shared/cycles", t.donor);
    expect(list.body.items.map((c) => c.id)).toEqual([s.cycleId]);
  });

  it("reports on the first period in full: both lead agencies report and the period closes", async () => {
    const opened = await s.openRound(0);
    expect(opened.expectedAgencies).toEqual([LABOUR, POLICE]);
    expect((await s.inbox(t.police)).map((n) => n.kind)).toContain("period_opened");
    expect((await s.inbox(t.labour)).map((n) => n.kind)).toContain("period_opened");

    const border = { progress: ["on_track", 50, 25_000] as const, trained: [25, 10, 15] as const };
    expectStatus(await reports.police(0, ["on_track", 25, 20_000], [9, 6, 3, 2], border), 200);
    expectStatus(await reports.labour(0, ["on_track", 20, 8_000], 210), 200);
    const closed = await s.periodWhere(0, "closed", (p) => p.state === "closed");
    expect(closed).toMatchObject({ reportsComplete: true, overdueAgencies: [], reminders: 0 });
    await s.cycleWhere("the second period", (c) => c.position.index === 1);

    // The donor reads the monitoring with small counts suppressed, and comments on the period.
    const donorView = await api.get<Monitoring>(path("/monitoring"), t.donor);
    expectStatus(donorView, 200);
    expect(donorView.body.suppression.applied).toBe(true);
    const comment = await api.post(path("/periods/0/comments"), t.donor, {
      text: "Good start on identification; please share the referral figures next quarter.",
    });
    expectStatus(comment, 201);
    expect((await s.inbox(t.coordinator)).map((n) => n.kind)).toContain("report_comment");
  });

  it("finds the labour inspectorate's second report overdue, reminds it, and takes its late report", async () => {
    const opened = await s.openRound(1);
    expect(opened.expectedAgencies).toEqual([LABOUR, POLICE]);
    const border = { progress: ["completed", 100, 30_000] as const, trained: [30, 12, 18] as const };
    expectStatus(await reports.police(1, ["on_track", 50, 30_000], [12, 7, 5, 3], border), 200);
    await s.waits("--period-1--g0", "AwaitReports");
    await s.advanceTo(opened.dueAt);

    const overdue = await s.periodWhere(1, "reminded", (p) => p.reminders === 1);
    expect(overdue).toMatchObject({
      state: "open",
      reportsComplete: false,
      missingAgencies: [LABOUR],
      overdueAgencies: [LABOUR],
    });
    const reminders = (await s.inbox(t.labour)).filter((n) => n.kind === "reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.subject).toContain(opened.label);
    expect((await s.inbox(t.police)).filter((n) => n.kind === "reminder")).toEqual([]);
    const reminded = (await s.audit()).filter((e) => e.action === "period.reminder_sent");
    expect(reminded).toHaveLength(1);
    expect(reminded[0]?.summary).toContain(LABOUR);

    // The late report completes the round; the miss stays on record.
    expectStatus(await reports.labour(1, ["delayed", 35, 9_000], 190), 200);
    const closed = await s.periodWhere(1, "closed", (p) => p.state === "closed");
    expect(closed).toMatchObject({ reportsComplete: true, overdueAgencies: [LABOUR], reminders: 1 });
    await s.cycleWhere("the third period", (c) => c.position.index === 2);
  });

  it("amends the approved plan while monitoring runs: version 2 approved again, the diff shown, the cycle unmoved", async () => {
    const before = await s.cycle();
    await s.waits("--period-2--g0", "WaitForPeriod");
    const opened = await api.post<{ stage: { state: string; amendment: { number: number } } }>(
      path("/stages/action_plan/amendments"),
      t.coordinator,
      { reason: AMENDMENT_REASON },
      { "idempotency-key": `amend-${s.cycleId}` },
    );
    expectStatus(opened, 201);
    expect(opened.body.stage).toMatchObject({ state: "draft", amendment: { number: 2 } });
    const amendment = "--stage-action_plan-amend2--g0";
    await s.waits(amendment, "AwaitSubmission");

    // The inspections turned out twice as large: their budget doubles.
    const current = await api.get<{ objectives: { activities: Record<string, unknown>[] }[] }>(
      path("/plan"),
      t.coordinator,
    );
    const activity = current.body.objectives
      .flatMap((o) => o.activities)
      .find((a) => a.id === plan.activities.inspections);
    if (!activity) throw new Error("the inspections activity is missing from the plan");
    const { id: _i, version, updatedAt: _u, indicators: _n, ...fields } = activity;
    const budget = { amount: 80_000, currency: "USD", source: "state", funded: true };
    const edited = await api.put(path(`/plan/activities/${plan.activities.inspections}`), t.coordinator, {
      ...fields,
      budget,
      expectedVersion: version,
    });
    expectStatus(edited, 200);

    // The donor still sees version 1 and cannot read the draft's difference.
    const donorCycle = await api.get<DonorCycle>(path(), t.donor);
    expect(donorCycle.body.stages.find((st) => st.stage === "action_plan")?.approved?.number).toBe(1);
    expectStatus(await api.get(path("/stages/action_plan/versions/1/diff/current"), t.donor), 403);

    await s.submitAndApprove("action_plan", amendment, [t.justice, t.interior]);
    const amended = await s.cycleWhere("the amendment to be frozen as version 2", (c) => {
      const stage = stageIn(c, "action_plan");
      return stage.versionNumber === 2 && stage.amendment === undefined;
    });
    expect(stageIn(amended, "action_plan").state).toBe("approved");
    expect(amended.position).toEqual(before.position);
    expect(amended.position).toEqual({ kind: "period", index: 2 });

    const versions = await api.get<{ items: { number: number; amendmentReason?: string }[] }>(
      path("/stages/action_plan/versions"),
      t.coordinator,
    );
    expect(versions.body.items.map((v) => [v.number, v.amendmentReason])).toEqual([
      [1, undefined],
      [2, AMENDMENT_REASON],
    ]);
    for (const token of [t.coordinator, t.donor]) {
      const diff = await api.get<Diff>(path("/stages/action_plan/versions/1/diff/2"), token);
      expectStatus(diff, 200);
      expect(diff.body).toMatchObject({ added: [], removed: [] });
      expect(diff.body.changed.map((c) => c.key)).toEqual([`activity/${plan.activities.inspections}`]);
      const change = { path: "budget.amount", before: 40_000, after: 80_000 };
      expect(diff.body.changed[0]?.fields).toContainEqual(change);
    }
    const trail = (await s.audit()).map((e) => e.action);
    expect(trail.slice(trail.indexOf("stage.amendment_opened"))).toEqual([
      "stage.amendment_opened",
      "activity.saved",
      "stage.submitted",
      "stage.decision_recorded",
      "stage.decision_recorded",
      "stage.approved",
      "stage.closed",
      "version.frozen",
    ]);
    // The period's execution still waits for its round; the amendment's own execution ended.
    await s.waits("--period-2--g0", "WaitForPeriod");
    expect(s.executions()).toContainEqual(["stage-action_plan-amend2--g0", "SUCCEEDED"]);
  });

  it("reports on the remaining periods and rolls them up on the amended plan, with SDG 16.2.2", async () => {
    const third = await s.openRound(2);
    // The border training ended with the second quarter: the police report without it (it is not due).
    expect(third.expectedAgencies).toEqual([LABOUR, POLICE]);
    expectStatus(await reports.police(2, ["on_track", 75, 30_000], [8, 5, 3, 1]), 200);
    expectStatus(await reports.labour(2, ["on_track", 60, 20_000], 300), 200);
    await s.periodWhere(2, "closed", (p) => p.state === "closed" && p.reportsComplete);

    await s.openRound(3);
    expectStatus(await reports.police(3, ["completed", 100, 35_000], [11, 6, 5, 4]), 200);
    expectStatus(await reports.labour(3, ["delayed", 85, 30_000], 250), 200);

    // Roll-ups follow the amended plan (version 2); the joint activity counts once, under both catalogues.
    const monitoring = await api.get<Monitoring>(path("/monitoring"), t.coordinator);
    expectStatus(monitoring, 200);
    const { totals, sdg } = monitoring.body;
    expect(monitoring.body.plan).toEqual({ source: "version", versionNumber: 2 });
    expect(totals.activities).toBe(3);
    expect(totals.budget).toEqual([
      expect.objectContaining({ currency: "USD", planned: 260_000, spent: 237_000 }),
    ]);
    expect(totals.catalogues.map((c) => [c.catalogue, c.activities, c.jointActivities])).toEqual([
      ["TIP", 3, 1],
      ["SOM", 1, 1],
    ]);
    // SDG 16.2.2 from the reported victims (9 + 12 + 8 + 11) and the plan's population, by sex and age.
    const sum = (pick: (y: Monitoring["sdg"]["years"][number]) => number | null | undefined) =>
      sdg.years.reduce((total, y) => total + (pick(y) ?? 0), 0);
    expect(sum((y) => y.victims)).toBe(40);
    expect(sum((y) => y.bySex?.female?.victims)).toBe(24);
    expect(sum((y) => y.byAge?.child?.victims)).toBe(10);
    expect(sdg.years.every((y) => y.rate !== null && y.rate > 0)).toBe(true);
    expect(monitoring.body.suppression.applied).toBe(false);
    // The donor gets the same roll-ups with counts suppressed: no per-period count, no official's name.
    const donorMonitoring = await api.get<Monitoring>(path("/monitoring"), t.donor);
    expect(donorMonitoring.body.suppression.applied).toBe(true);
    expect(donorMonitoring.body.indicators.every((i) => i.latest?.value === null)).toBe(true);
    const donorPeriod = await api.get<{ reports: { agency: string; submittedBy?: unknown }[] }>(
      path("/periods/1"),
      t.donor,
    );
    expectStatus(donorPeriod, 200);
    expect(donorPeriod.body.reports.map((r) => r.agency)).toEqual([LABOUR, POLICE]);
    expect(donorPeriod.body.reports.some((r) => "submittedBy" in r)).toBe(false);
  });

  it("closes the cycle after its last period and writes the final summary, read by the coordinator and the donor", async () => {
    const closed = await s.cycleWhere("the cycle to close", (c) => c.status === "closed");
    expect(closed.position).toEqual({ kind: "close" });
    expect((await s.periods()).map((p) => [p.state, p.reportsComplete])).toEqual(
      Array(4).fill(["closed", true]),
    );
    for (const token of [t.coordinator, t.donor]) {
      const summary = await api.get<Summary>(path("/summary"), token);
      expectStatus(summary, 200);
      expect(summary.body.activities).toMatchObject({ total: 3, completed: 2, delayed: 1 });
      // The amended budget (version 2) counts: 120,000 + 80,000 + 60,000 planned.
      expect(summary.body.budget).toEqual({
        planned: 260_000,
        spent: 237_000,
        currency: "USD",
        byCurrency: [{ currency: "USD", planned: 260_000, spent: 237_000 }],
      });
      // Victims and border officers reached their targets; the inspections fell short (950 of 1,000).
      expect(summary.body.indicators).toEqual({ total: 3, met: 2, notMet: 1, noData: 0 });
      // The late report was filed: no period closed with a report missing.
      expect(summary.body.periods).toMatchObject({ total: 4, withMissingReports: 0 });
    }
    const trail = (await s.audit()).map((e) => e.action);
    expect(trail.filter((a) => a === "period.closed")).toHaveLength(4);
    expect(trail.slice(-2)).toEqual(["cycle.summarised", "cycle.closed"]);
    expect(s.executions().every(([, status]) => status === "SUCCEEDED")).toBe(true);
    // Closed is final: nothing can be amended any more.
    const amend = await api.post<{ code: string }>(path("/stages/action_plan/amendments"), t.coordinator, {
      reason: "Too late for this cycle",
    });
    expectStatus(amend, 422);
    expect(amend.body.code).toBe("cycle_not_active");
  });

  it("starts the next cycle from the closed one: answers to re-verify, unmet priorities carried over", async () => {
    type Started = {
      cycle: Cycle;
      predecessorId: string;
      carriedOver: { entries: number; priorities: number };
    };
    const started = await api.post<Started>(
      path("/successor"),
      t.coordinator,
      {
        title: "National action plan against trafficking and smuggling, second cycle",
        planPeriod: oneYearFrom(new Date(`${period.end}T00:00:00Z`)),
      },
      { "idempotency-key": `successor-${s.cycleId}` },
    );
    expectStatus(started, 201);
    const next = new CycleSession(stack, api, t);
    next.cycleId = started.body.cycle.id;
    expect(started.body.predecessorId).toBe(s.cycleId);
    expect(started.body.cycle.frameworks.map((f) => f.id)).toEqual(["TIP", "SOM"]);
    // Unmet: the deferred candidates and the inspections obligation, whose activity ended delayed.
    expect(started.body.carriedOver.priorities).toBe(deferred.length + 1);
    expect((await s.cycle()).status).toBe("closed");

    type Reverified = AssessmentBody & { scores: { overall: { toReverify: number } } };
    const assessment = await api.get<Reverified>(`/cycles/${next.cycleId}/assessment`, t.coordinator);
    expectStatus(assessment, 200);
    const { overall } = assessment.body.scores;
    expect(overall).toMatchObject({ completeness: 100, toReverify: started.body.carriedOver.entries });
    const entry = assessment.body.items[0]?.entry as { carriedOverFrom?: { cycleId: string } } | null;
    expect(entry?.carriedOverFrom?.cycleId).toBe(s.cycleId);

    const carried = await api.get<Priorities>(`/cycles/${next.cycleId}/priorities`, t.coordinator);
    expectStatus(carried, 200);
    const ids = carried.body.items.map((c) => c.measureId).sort();
    expect(ids).toEqual([...deferred, chosen.inspections.measureId].sort());
    expect(carried.body.items.every((c) => c.flags.carriedOver && c.decision === null)).toBe(true);

    // The working group re-verifies: the inspections gap is now closed. Its answer is no longer flagged.
    const measure = chosen.inspections.measureId;
    const old = assessment.body.items.find((i) => i.measureId === measure)?.entry;
    const verified = await api.put(`/cycles/${next.cycleId}/assessment/entries/${measure}`, t.coordinator, {
      answer: { status: "in_place", severity: 0, evidence: "Inspection regime in force since last year" },
      expectedVersion: old?.version,
    });
    expectStatus(verified, 200);
    const scores = await api.get<{ overall: { toReverify: number } }>(
      `/cycles/${next.cycleId}/assessment/scores`,
      t.coordinator,
    );
    expect(scores.body.overall.toReverify).toBe(started.body.carriedOver.entries - 1);

    // Approved, the assessment opens the priorities: the carried-over candidates join the new gaps, once each, and
    // stand on the re-verified answers.
    await next.submitAndApprove("assessment", "--stage-assessment--g0", [t.justice, t.interior]);
    await next.cycleWhere("the next priorities to open", stageIs("priorities", "draft"));
    const opened = await api.get<Priorities>(`/cycles/${next.cycleId}/priorities`, t.coordinator);
    const flagged = opened.body.items.filter((c) => c.flags.carriedOver).map((c) => c.measureId);
    expect(flagged.sort()).toEqual(ids);
    expect(opened.body.items.length).toBe(new Set(opened.body.items.map((c) => c.measureId)).size);
    expect(opened.body.items.length).toBeGreaterThan(ids.length);
    const closedGap = opened.body.items.find((c) => c.measureId === measure);
    expect(closedGap).toMatchObject({ gapStatus: "in_place", severity: 0, flags: { carriedOver: true } });
  });
});
