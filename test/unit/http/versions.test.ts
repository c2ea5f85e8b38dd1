import { beforeAll, describe, expect, it } from "vitest";
import type { Cycle } from "../../../functions/core/cycle.js";
import type { Share } from "../../../functions/core/donors/schema.js";
import { ServiceUnavailableError } from "../../../functions/core/errors.js";
import { closeStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { executionName } from "../../../workflows/schemas.js";
import { coordinator as coordinatorActor } from "../../support/fixtures.js";
import {
  createCycle,
  createHarness,
  fillAssessment,
  type Harness,
  newCycleBody,
  tipMeasureIds,
} from "./harness.js";

const REASON = "The 2026 labour inspection report changes the picture for two measures";
type Versions = {
  items: { number: number; amendmentReason?: string; items: number; decisions: unknown[] }[];
};

async function approveAssessment(h: Harness, cycleId: string): Promise<void> {
  const submitted = await h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
    as: "coordinator",
    body: {},
  });
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${submitted.text}`);
  for (const as of ["justice", "interior"] as const) {
    const res = await h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
      as,
      body: { decision: "approve" },
    });
    if (res.status !== 200) throw new Error(`decision answered ${res.status}: ${res.text}`);
  }
}

/** A cycle whose assessment was approved and closed (as the workflow's CloseStage would) as version 1. */
async function cycleWithVersion1(h: Harness, title = "Plan with an approved assessment"): Promise<string> {
  const cycleId = await createCycle(h, newCycleBody({ title }));
  await fillAssessment(h, cycleId);
  await approveAssessment(h, cycleId);
  await closeStage(h.deps, { country: "KEN", cycleId, stage: "assessment" });
  return cycleId;
}

async function shareWithDonor(h: Harness, cycleId: string): Promise<void> {
  const share: Share = {
    kind: "share",
    id: "giz",
    country: "KEN",
    cycleId,
    organisation: "giz",
    sharedBy: coordinatorActor,
    sharedAt: "2026-03-03T09:00:00.000Z",
    updatedAt: "2026-03-03T09:00:00.000Z",
    version: 1,
  };
  await h.store.commit({ writes: [{ entity: "record", item: share, expectedVersion: null }], events: [] });
}

const amend = (h: Harness, cycleId: string, options: Parameters<Harness["call"]>[2]) =>
  h.call("POST", `/cycles/${cycleId}/stages/assessment/amendments`, options);

describe("reading a stage's versions", () => {
  let h: Harness;
  let cycleId: string;
  beforeAll(async () => {
    h = await createHarness();
    cycleId = await cycleWithVersion1(h);
    return () => h.cleanup();
  });

  it("lists version 1 with its approval, the round's decisions and how many items it froze", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions`, { as: "coordinator" });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      stage: "assessment",
      items: [
        {
          number: 1,
          approvedAt: expect.any(String),
          items: tipMeasureIds().length,
          decisions: [
            { ministry: "ministry-of-justice", decision: "approve", at: expect.any(String) },
            { ministry: "ministry-of-interior", decision: "approve", at: expect.any(String) },
          ],
        },
      ],
    });
  });

  it("answers a version with its frozen content, who answered and who signed", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1`, { as: "police" });

    expect(res.status).toBe(200);
    const content = res.body.content as Record<string, { status: string }>;
    expect(Object.keys(content).sort()).toEqual(tipMeasureIds().sort());
    expect(content["TIP.PROS.1.1"]).toMatchObject({
      measureId: "TIP.PROS.1.1",
      status: "partial",
      version: 1,
    });
    expect((res.body.decisions as { by?: unknown }[])[0]?.by).toMatchObject({
      ministry: "ministry-of-justice",
    });
    expect(res.text).toContain("Amina Otieno");
  });

  it("lets approvers and admins read versions too", async () => {
    const approver = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions`, { as: "justice" });
    const admin = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions?country=KEN`, {
      as: "admin",
    });

    expect([approver.status, admin.status]).toEqual([200, 200]);
  });

  it("lists no versions for a stage never approved", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/action_plan/versions`, { as: "coordinator" });

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it("answers 404 naming the version for a number that does not exist", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/7`, { as: "coordinator" });

    expect(res.status).toBe(404);
    expect(res.body.message).toBe("version 7 of the assessment stage was not found");
  });

  it("answers 400 naming the path parameter for a version that is not a number", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/latest`, {
      as: "coordinator",
    });
    const diff = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1/diff/next`, {
      as: "coordinator",
    });

    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^path\.number: /);
    expect(diff.status).toBe(400);
    expect(diff.body.message).toMatch(/path\.to/);
  });

  it("answers 404 to another country's coordinator, revealing nothing", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1`, { as: "mexico" });

    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`cycle ${cycleId} was not found`);
  });

  it("answers 404 to a donor the cycle was not shared with", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions`, { as: "donor" });

    expect(res.status).toBe(404);
  });

  it("shows the live content's difference from version 1 as nothing right after approval", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1/diff/current`, {
      as: "coordinator",
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: 1, to: "current", added: [], removed: [], changed: [] });
    expect(res.body.unchanged).toBe(tipMeasureIds().length);
  });
});

describe("a donor the cycle is shared with", () => {
  let h: Harness;
  let cycleId: string;
  beforeAll(async () => {
    h = await createHarness();
    cycleId = await cycleWithVersion1(h);
    await shareWithDonor(h, cycleId);
    return () => h.cleanup();
  });

  it("reads the approved versions, without the people who answered or signed", async () => {
    const list = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions`, { as: "donor" });
    const version = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1`, { as: "donor" });

    expect(list.status).toBe(200);
    expect(version.status).toBe(200);
    const content = version.body.content as Record<string, Record<string, unknown>>;
    expect(content["TIP.PROS.1.1"]).toMatchObject({ status: "partial" });
    expect(content["TIP.PROS.1.1"]).not.toHaveProperty("answeredBy");
    expect((version.body.decisions as Record<string, unknown>[])[0]).not.toHaveProperty("by");
    expect(version.text).not.toContain("Amina Otieno");
  });

  it("may compare two approved versions but never sees the live content (403)", async () => {
    const approved = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1/diff/1`, {
      as: "donor",
    });
    const current = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1/diff/current`, {
      as: "donor",
    });

    expect(approved.status).toBe(200);
    expect(current.status).toBe(403);
    expect(current.body.code).toBe("forbidden");
  });

  it("may not open an amendment (403)", async () => {
    const res = await amend(h, cycleId, { as: "donor", body: { reason: REASON } });

    expect(res.status).toBe(403);
  });
});

describe("opening an amendment", () => {
  let h: Harness;
  let cycleId: string;
  beforeAll(async () => {
    h = await createHarness();
    cycleId = await cycleWithVersion1(h);
    return () => h.cleanup();
  });

  it("answers 403 to an approver and to a member: only the coordinator amends", async () => {
    const approver = await amend(h, cycleId, { as: "justice", body: { reason: REASON } });
    const member = await amend(h, cycleId, { as: "police", body: { reason: REASON } });

    expect([approver.status, member.status]).toEqual([403, 403]);
  });

  it("answers 404 to another country's coordinator and to a donor the cycle was not shared with", async () => {
    const mexico = await amend(h, cycleId, { as: "mexico", body: { reason: REASON } });
    const donor = await amend(h, cycleId, { as: "donor", body: { reason: REASON } });

    expect([mexico.status, donor.status]).toEqual([404, 404]);
  });

  it("answers 400 naming `reason` when there is none, or too short a one", async () => {
    const missing = await amend(h, cycleId, { as: "coordinator", body: {} });
    const short = await amend(h, cycleId, { as: "coordinator", body: { reason: " ok " } });

    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^body\.reason: /);
    expect(short.status).toBe(400);
    expect(short.body.message).toBe(
      "body.reason: a reason (5 characters or more) is required to amend an approved stage",
    );
  });

  it("answers 422 stage_not_amendable for a stage that was never approved", async () => {
    const res = await h.call("POST", `/cycles/${cycleId}/stages/priorities/amendments`, {
      as: "coordinator",
      body: { reason: REASON },
    });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe("stage_not_amendable");
  });

  it("reopens the approved stage in draft as version 2, with the reason, and starts an execution of its own", async () => {
    const before = await h.call("GET", `/cycles/${cycleId}`, { as: "coordinator" });

    const res = await amend(h, cycleId, { as: "coordinator", body: { reason: REASON } });

    expect(res.status).toBe(201);
    expect(res.body.stage).toMatchObject({
      stage: "assessment",
      state: "draft",
      versionNumber: 1,
      amendment: { number: 2, reason: REASON, openedBy: expect.any(String), openedAt: expect.any(String) },
    });
    expect(res.body.stage).not.toHaveProperty("closedAt");
    const name = executionName(cycleId, { kind: "stage", stage: "assessment", amendment: 2 }, 0);
    expect(h.workflow.starts.find((s) => s.name === name)?.input).toEqual({
      country: "KEN",
      cycleId,
      position: { kind: "stage", stage: "assessment", amendment: 2 },
      generation: 0,
    });
    const after = await h.call("GET", `/cycles/${cycleId}`, { as: "coordinator" });
    expect(after.body.position).toEqual(before.body.position);
    const trail = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "coordinator" });
    const actions = (trail.body.items as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a === "stage.amendment_opened")).toHaveLength(1);
  });

  it("makes the content editable again", async () => {
    const res = await h.call("PUT", `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.1`, {
      as: "coordinator",
      body: {
        answer: { status: "absent", severity: 3, evidence: "Labour inspection report 2026" },
        expectedVersion: 1,
      },
    });

    expect(res.status).toBe(200);
  });

  it("answers 422 while the stage is already being amended", async () => {
    const res = await amend(h, cycleId, { as: "coordinator", body: { reason: REASON } });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe("stage_not_amendable");
    expect(res.body.message).toContain("already being amended as version 2");
  });

  it("approves the amendment like a first approval and freezes version 2, showing the change from version 1", async () => {
    await approveAssessment(h, cycleId);
    await closeStage(h.deps, {
      country: "KEN",
      cycleId,
      stage: "assessment",
      position: { kind: "stage", stage: "assessment", amendment: 2 },
    });

    const list = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions`, { as: "coordinator" });
    const diff = await h.call("GET", `/cycles/${cycleId}/stages/assessment/versions/1/diff/2`, {
      as: "coordinator",
    });

    expect((list.body as Versions).items.map((v) => [v.number, v.amendmentReason])).toEqual([
      [1, undefined],
      [2, REASON],
    ]);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ from: 1, to: 2, added: [], removed: [] });
    const changed = diff.body.changed as {
      key: string;
      fields: { path: string; before?: unknown; after?: unknown }[];
    }[];
    expect(changed.map((c) => c.key)).toEqual(["TIP.PROS.1.1"]);
    expect(changed[0]?.fields).toEqual(
      expect.arrayContaining([
        { path: "status", before: "partial", after: "absent" },
        { path: "severity", before: 1, after: 3 },
        { path: "evidence", before: "seen in 2025", after: "Labour inspection report 2026" },
      ]),
    );
    const stage = await h.store.getStage("KEN", cycleId, "assessment");
    expect(stage).toMatchObject({ state: "approved", versionNumber: 2 });
    expect(stage?.amendment).toBeUndefined();
  });
});

describe("amendment preconditions and retries", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    return () => h.cleanup();
  });

  it("answers 422 for an approved stage the workflow has not closed (frozen) yet", async () => {
    const cycleId = await createCycle(h, newCycleBody({ title: "Approved, not closed" }));
    await fillAssessment(h, cycleId);
    await approveAssessment(h, cycleId);

    const res = await amend(h, cycleId, { as: "coordinator", body: { reason: REASON } });

    expect(res.status).toBe(422);
    expect(res.body.message).toContain("approved but not closed");
  });

  it("answers 422 cycle_not_active once the cycle is closed", async () => {
    const cycleId = await cycleWithVersion1(h, "A closed cycle");
    const found = await h.store.getCycle("KEN", cycleId);
    if (!found) throw new Error("no cycle");
    const closed: Cycle = { ...found.cycle, status: "closed", version: found.cycle.version + 1 };
    await h.store.commit({
      writes: [{ entity: "cycle", item: closed, expectedVersion: found.cycle.version }],
      events: [],
    });

    const res = await amend(h, cycleId, { as: "coordinator", body: { reason: REASON } });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe("cycle_not_active");
  });

  it("replays a retry with the same Idempotency-Key, opening one amendment", async () => {
    const cycleId = await cycleWithVersion1(h, "Retried amendment");
    const options = {
      as: "coordinator" as const,
      body: { reason: REASON },
      headers: { "Idempotency-Key": "amend-1" },
    };

    const first = await amend(h, cycleId, options);
    const retry = await amend(h, cycleId, options);

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    const trail = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "coordinator" });
    const opened = (trail.body.items as { action: string }[]).filter(
      (e) => e.action === "stage.amendment_opened",
    );
    expect(opened).toHaveLength(1);
  });

  it("keeps the amendment when the workflow is unavailable: its execution is started later from the data", async () => {
    const cycleId = await cycleWithVersion1(h, "Amendment during an outage");
    h.workflow.failNext("startExecution", new ServiceUnavailableError("Step Functions is throttling"));

    const res = await amend(h, cycleId, { as: "coordinator", body: { reason: REASON } });

    expect(res.status).toBe(201);
    expect((await h.store.getStage("KEN", cycleId, "assessment"))?.amendment?.number).toBe(2);
  });
});
