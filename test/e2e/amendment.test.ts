import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Share } from "../../functions/core/donors/schema.js";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { executionName } from "../../workflows/schemas.js";
import { apiClient, eventually, expectStatus } from "../support/api-client.js";
import { type AssessmentBody, type CycleBody, fillAssessment, stageOf } from "./cycle-fixtures.js";

type StageBody = CycleBody["stages"][number] & {
  versionNumber?: number;
  amendment?: { number: number; reason: string };
  closedAt?: string;
};
type VersionsBody = { items: { number: number; amendmentReason?: string }[] };
type DiffBody = {
  added: unknown[];
  removed: unknown[];
  changed: { key: string; fields: { path: string; before?: unknown; after?: unknown }[] }[];
};

const REASON = "The 2027 labour inspection report shows forced labour in agriculture is not covered";
const MEASURE = "TIP.PROS.1.1";

// An approved stage amended on the local stack: the real ASL runs the amendment's own execution while the cycle's
// execution waits at the next stage, and the cycle never moves back.
describe("amending an approved stage, on the local stack", () => {
  let stack: LocalStack;
  let stateDir: string;
  let api: ReturnType<typeof apiClient>;
  const tokens = { coordinator: "", justice: "", interior: "", donor: "" };
  let cycleId = "";

  const cycle = async () => {
    const res = await api.get<CycleBody & { position: unknown; stages: StageBody[] }>(
      `/cycles/${cycleId}`,
      tokens.coordinator,
    );
    expectStatus(res, 200);
    return res.body;
  };
  const assessment = async () => stageOf(await cycle(), "assessment") as StageBody;
  const approve = async () => {
    for (const token of [tokens.justice, tokens.interior]) {
      expectStatus(
        await api.post(`/cycles/${cycleId}/stages/assessment/decisions`, token, { decision: "approve" }),
        200,
      );
    }
  };
  const waitingFor = (execution: string, state: string) =>
    eventually(
      async () => stack.engine.pendingTasks().find((t) => t.execution === execution && t.state === state),
      `${execution} to wait in ${state}`,
    );

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-e2e-amend-"));
    stack = await startLocalStack({ port: 0, dataDir: "memory", stateDir });
    api = apiClient(stack.url);
    tokens.coordinator = await stack.issuer.mint({
      role: "coordinator",
      country: "KEN",
      name: "Amina Otieno",
    });
    tokens.justice = await stack.issuer.mint({
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-justice",
    });
    tokens.interior = await stack.issuer.mint({
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-interior",
    });
    tokens.donor = await stack.issuer.mint({ role: "donor", organisation: "giz" });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("freezes the approved assessment as version 1 when the workflow closes it", async () => {
    const created = await api.post<CycleBody>("/cycles", tokens.coordinator, {
      title: "National action plan against trafficking in persons 2027-2029",
      frameworks: [{ id: "TIP" }],
      planPeriod: { start: "2027-01-01", end: "2029-12-31" },
      approvalPolicies: {
        assessment: { ministries: ["ministry-of-justice", "ministry-of-interior"], rule: { type: "all" } },
      },
    });
    expectStatus(created, 201);
    cycleId = created.body.id;
    await fillAssessment(api, tokens.coordinator, cycleId);
    expectStatus(await api.post(`/cycles/${cycleId}/stages/assessment/submit`, tokens.coordinator, {}), 200);
    await waitingFor(executionName(cycleId, { kind: "stage", stage: "assessment" }, 0), "AwaitDecision");
    await approve();

    const closed = await eventually(async () => {
      const stage = await assessment();
      return stage.versionNumber === 1 && stage.closedAt ? stage : undefined;
    }, "the assessment to be closed as version 1");
    expect(closed.state).toBe("approved");
    expect((await cycle()).currentStage).toBe("priorities");
    const versions = await api.get<VersionsBody>(
      `/cycles/${cycleId}/stages/assessment/versions`,
      tokens.coordinator,
    );
    expectStatus(versions, 200);
    expect(versions.body.items.map((v) => v.number)).toEqual([1]);
  });

  it("amends it, has it approved again as version 2 and shows the difference, while the cycle stays at priorities", async () => {
    const before = await cycle();
    const priorities = waitingFor(
      executionName(cycleId, { kind: "stage", stage: "priorities" }, 0),
      "AwaitSubmission",
    );
    await priorities;

    const opened = await api.post<{ stage: StageBody }>(
      `/cycles/${cycleId}/stages/assessment/amendments`,
      tokens.coordinator,
      { reason: REASON },
      { "idempotency-key": `amend-${cycleId}` },
    );
    expectStatus(opened, 201);
    expect(opened.body.stage).toMatchObject({
      state: "draft",
      versionNumber: 1,
      amendment: { number: 2, reason: REASON },
    });
    const amendmentExecution = executionName(
      cycleId,
      { kind: "stage", stage: "assessment", amendment: 2 },
      0,
    );
    await waitingFor(amendmentExecution, "AwaitSubmission");

    const current = await api.get<AssessmentBody>(`/cycles/${cycleId}/assessment`, tokens.coordinator);
    const entry = current.body.items.find((i) => i.measureId === MEASURE)?.entry;
    const edited = await api.put(`/cycles/${cycleId}/assessment/entries/${MEASURE}`, tokens.coordinator, {
      answer: { status: "absent", severity: 3, evidence: "Labour inspection report 2027, chapter 4" },
      expectedVersion: entry?.version,
    });
    expectStatus(edited, 200);
    const pending = await api.get<DiffBody>(
      `/cycles/${cycleId}/stages/assessment/versions/1/diff/current`,
      tokens.coordinator,
    );
    expect(pending.body.changed.map((c) => c.key)).toEqual([MEASURE]);

    expectStatus(await api.post(`/cycles/${cycleId}/stages/assessment/submit`, tokens.coordinator, {}), 200);
    await waitingFor(amendmentExecution, "AwaitDecision");
    await approve();

    await stack.engine.waitFor(amendmentExecution, "SUCCEEDED", 15_000);
    const amended = await eventually(async () => {
      const stage = await assessment();
      return stage.versionNumber === 2 ? stage : undefined;
    }, "the amendment to be frozen as version 2");
    expect(amended).toMatchObject({ state: "approved", closedAt: expect.any(String) });
    expect(amended.amendment).toBeUndefined();

    const versions = await api.get<VersionsBody>(
      `/cycles/${cycleId}/stages/assessment/versions`,
      tokens.coordinator,
    );
    expect(versions.body.items.map((v) => [v.number, v.amendmentReason])).toEqual([
      [1, undefined],
      [2, REASON],
    ]);
    const diff = await api.get<DiffBody>(
      `/cycles/${cycleId}/stages/assessment/versions/1/diff/2`,
      tokens.coordinator,
    );
    expectStatus(diff, 200);
    expect(diff.body.added).toEqual([]);
    expect(diff.body.removed).toEqual([]);
    expect(diff.body.changed.map((c) => c.key)).toEqual([MEASURE]);
    expect(diff.body.changed[0]?.fields).toContainEqual({
      path: "status",
      before: expect.any(String),
      after: "absent",
    });

    const after = await cycle();
    expect(after.position).toEqual(before.position);
    expect(after.currentStage).toBe("priorities");
    expect(stageOf(after, "priorities").state).toBe(stageOf(before, "priorities").state);
    // The cycle's own execution still waits at priorities; the amendment chained nothing.
    await priorities;
    expect(
      stack.engine
        .executions()
        .map((e) => e.name)
        .sort(),
    ).toEqual(
      [
        executionName(cycleId, { kind: "stage", stage: "assessment" }, 0),
        amendmentExecution,
        executionName(cycleId, { kind: "stage", stage: "priorities" }, 0),
      ].sort(),
    );
  });

  it("lets a donor the cycle is shared with read both versions, but not the live content", async () => {
    const share: Share = {
      kind: "share",
      id: "giz",
      country: "KEN",
      cycleId,
      organisation: "giz",
      sharedBy: { type: "user", sub: "coordinator", role: "coordinator" },
      sharedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      version: 1,
    };
    await stack.deps.store.commit({
      writes: [{ entity: "record", item: share, expectedVersion: null }],
      events: [],
    });

    const versions = await api.get<VersionsBody>(
      `/cycles/${cycleId}/stages/assessment/versions`,
      tokens.donor,
    );
    const diff = await api.get(`/cycles/${cycleId}/stages/assessment/versions/1/diff/2`, tokens.donor);
    const current = await api.get(
      `/cycles/${cycleId}/stages/assessment/versions/2/diff/current`,
      tokens.donor,
    );

    expectStatus(versions, 200);
    expect(versions.body.items).toHaveLength(2);
    expectStatus(diff, 200);
    expectStatus(current, 403);
  });
});
