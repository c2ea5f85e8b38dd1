import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerStageWait } from "../../../functions/core/use-cases/delivery.js";
import { planPriorityIds, realisticPlan, seedPlanStage } from "../../support/plan-fixtures.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { fillAssessment, newCycleBody } from "../../unit/http/harness.js";
import { compareTrailWithStore } from "../../unit/reliability/audit-replay.js";
import { createDynamoApp, type DynamoApp, gate } from "./dynamo-app.js";

// Concurrent requests through the HTTP app on DynamoDB Local. The single-ministry races and exactly-once delivery
// are in test/integration/core/delivery.test.ts; here: racing edits of one item answer 409 with the current
// version, and under any race every committed state change has exactly one audit change (the trail replays to the
// stored state, each change's `before` being the previous one's `after`).
describe("racing requests over DynamoDB", () => {
  let app: DynamoApp;
  const workflow = new RecordingWorkflow();
  /** Set while a race runs: holds each racer after its read until all racers have read. */
  let hold: { entry?: () => Promise<void>; activity?: () => Promise<void> } = {};

  beforeAll(async () => {
    app = await createDynamoApp({
      workflow,
      wrap: (store) => ({
        ...store,
        async getEntry(...args) {
          const entry = await store.getEntry(...args);
          await hold.entry?.();
          return entry;
        },
        async listRecords(country, cycleId, kind, idPrefix) {
          const records = await store.listRecords(country, cycleId, kind, idPrefix);
          if (kind === "activity") await hold.activity?.();
          return records;
        },
      }),
    });
  });
  afterAll(() => app.close());

  async function newCycle(body = newCycleBody()): Promise<string> {
    const res = await app.call("POST", "/cycles", { as: "coordinator", body });
    expect(res.status, res.text).toBe(201);
    return String(res.body.id);
  }

  async function expectTrailTrue(cycleId: string, only?: (id: string) => boolean) {
    const { replayed, stored, versionsAhead, breaks } = await compareTrailWithStore(
      app.inspect,
      "KEN",
      cycleId,
      only,
    );
    expect(breaks).toEqual([]);
    expect(versionsAhead).toEqual([]);
    expect(replayed).toEqual(stored);
  }

  async function actions(cycleId: string): Promise<string[]> {
    const trail = await app.call("GET", `/cycles/${cycleId}/audit?limit=100`, { as: "coordinator" });
    return (trail.body.items as { action: string }[]).map((e) => e.action);
  }

  it("lets one of ten concurrent edits of an assessment entry win; the others get 409 with the current version", async () => {
    const cycleId = await newCycle();
    const entry = `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.1`;
    const created = await app.call("PUT", entry, {
      as: "coordinator",
      body: { answer: { status: "absent", severity: 3 } },
    });
    expect(created.status).toBe(200);

    // Every racer reads version 1 before any commits: the store's conditional write decides.
    hold = { entry: gate(10) };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.call("PUT", entry, {
          as: "coordinator",
          body: { answer: { status: "partial", severity: 2, evidence: `edit ${i}` }, expectedVersion: 1 },
        }),
      ),
    );
    hold = {};

    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    const lost = answers.filter((a) => a.status !== 200);
    expect(lost.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const a of lost) {
      expect(a.body).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
      expect(a.body.message).toContain("is at version 2, not 1");
    }
    const stored = await app.inspect.getEntry("KEN", cycleId, "TIP.PROS.1.1");
    expect(stored?.version).toBe(2);
    expect(won[0]?.body).toMatchObject({ entry: { evidence: stored?.evidence, version: 2 } });
    expect((await actions(cycleId)).filter((a) => a === "entry.upserted")).toHaveLength(2);
    await expectTrailTrue(cycleId);
  });

  it("lets one of ten concurrent edits of an activity win; the others get 409 with the current version", async () => {
    const cycleId = await newCycle(newCycleBody({ title: "Activity race plan" }));
    await seedPlanStage(app.deps, { country: "KEN", cycleId });
    const blueprint = realisticPlan();
    const pros = blueprint.objectives.find((o) => o.key === "pros");
    const law = blueprint.activities.find((a) => a.key === "law");
    if (!pros || !law) throw new Error("the plan blueprint changed");
    expect(planPriorityIds()).toEqual(expect.arrayContaining(pros.input.priorityIds));
    const objective = await app.call("POST", `/cycles/${cycleId}/plan/objectives`, {
      as: "coordinator",
      body: pros.input,
    });
    expect(objective.status, objective.text).toBe(201);
    const body = { ...law.input, objectiveId: String(objective.body.id), dependsOn: [] };
    const activity = await app.call("POST", `/cycles/${cycleId}/plan/activities`, {
      as: "coordinator",
      body,
    });
    expect(activity.status, activity.text).toBe(201);
    const path = `/cycles/${cycleId}/plan/activities/${String(activity.body.id)}`;

    hold = { activity: gate(10) };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.call("PUT", path, {
          as: "coordinator",
          body: { ...body, title: `Draft the amendment, take ${i}`, expectedVersion: 1 },
        }),
      ),
    );
    hold = {};

    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    const lost = answers.filter((a) => a.status !== 200);
    expect(lost.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const a of lost)
      expect(a.body).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
    const plan = await app.call("GET", `/cycles/${cycleId}/plan`, { as: "coordinator" });
    expect(JSON.stringify(plan.body)).toContain(String(won[0]?.body.title));
    expect((await actions(cycleId)).filter((a) => a === "activity.saved")).toHaveLength(2);
    // The fixture seeded the priorities and opened the stage without a trail; the plan went through the API.
    await expectTrailTrue(cycleId, (id) => /\/(objective|activity)\//.test(id));
  });

  it("records one decision per ministry and one transition when three ministries each decide five times at once", async () => {
    const ministries = ["ministry-of-justice", "ministry-of-interior", "ministry-of-health"];
    const cycleId = await newCycle(
      newCycleBody({
        title: "Three-ministry plan",
        approvalPolicies: { assessment: { ministries, rule: { type: "all" } } },
      }),
    );
    await fillAssessment(app.http, cycleId);
    const submitted = await app.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
      as: "coordinator",
      body: {},
    });
    expect(submitted.status, submitted.text).toBe(200);
    await registerStageWait(
      app.deps,
      { country: "KEN", cycleId, stage: "assessment" },
      "decision",
      "token-15",
    );

    const answers = await Promise.all(
      (["justice", "interior", "health"] as const).flatMap((who) =>
        Array.from({ length: 5 }, () =>
          app.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
            as: who,
            body: { decision: "approve" },
          }),
        ),
      ),
    );

    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status, a.text).toBe(409);
      expect(["already_decided", "stage_already_decided", "version_conflict"]).toContain(a.body.code);
    }
    const stage = await app.inspect.getStage("KEN", cycleId, "assessment");
    expect(stage?.state).toBe("approved");
    expect(stage?.decisions.map((d) => d.ministry).sort()).toEqual([...ministries].sort());
    expect(workflow.successes.filter((s) => s.token === "token-15")).toEqual([
      { token: "token-15", output: { outcome: "approved", round: 1 } },
    ]);
    // One audit event per state change: a decision recorded per ministry, one approval, nothing else since submit.
    const trail = await actions(cycleId);
    expect(trail.slice(trail.indexOf("stage.submitted") + 1).sort()).toEqual([
      "stage.approved",
      "stage.decision_recorded",
      "stage.decision_recorded",
      "stage.decision_recorded",
    ]);
    await expectTrailTrue(cycleId);
  });
});
