import { describe, expect, it } from "vitest";
import type { Principal } from "../../../functions/core/principal.js";
import type { Stage } from "../../../functions/core/stage.js";
import { upsertEntry } from "../../../functions/core/use-cases/assessment.js";
import { ensureWorkflows, resumeAllCycles } from "../../../functions/core/use-cases/resume.js";
import { decideStage, submitStage } from "../../../functions/core/use-cases/stages.js";
import { openAmendment } from "../../../functions/core/versions/amend.js";
import { decodeContent } from "../../../functions/core/versions/codec.js";
import { closeStage, stageOverdue } from "../../../functions/workflow/tasks/stage-tasks.js";
import { executionName, type StagePosition } from "../../../workflows/schemas.js";
import { anEntry } from "../../support/fixtures.js";
import { newWorld, seedApprovedAssessment, type World } from "./versions-support.js";

const coordinator: Principal = {
  sub: "auth0|coordinator-ken",
  role: "coordinator",
  country: "KEN",
  name: "Amina",
};
const REASON = "The 2026 labour inspection report changes three answers";
const amendment2: StagePosition = { kind: "stage", stage: "assessment", amendment: 2 };

/** An assessment approved as version 1, amended, the amendment reworked and approved by the ministries. */
async function approvedAmendment(world: World): Promise<Stage> {
  await seedApprovedAssessment(world);
  await closeStage(world.deps, { ...world.ref, stage: "assessment" });
  await openAmendment(world.deps, coordinator, world.ref.country, world.ref.cycleId, "assessment", {
    reason: REASON,
  });
  const entry = await world.store.getEntry(world.ref.country, world.ref.cycleId, "TIP.PROS.1.1");
  const reworked = anEntry(world.ref, "TIP.PROS.1.1", {
    status: "absent",
    severity: 3,
    version: (entry?.version ?? 0) + 1,
  });
  const stage = await getStage(world);
  const approved: Stage = {
    ...stage,
    state: "approved",
    round: stage.round + 1,
    approvedAt: "2026-09-01T10:00:00.000Z",
    version: stage.version + 1,
  };
  await world.store.commit({
    writes: [
      { entity: "entry", item: reworked, expectedVersion: entry?.version ?? null },
      { entity: "stage", item: approved, expectedVersion: stage.version },
    ],
    events: [],
  });
  return approved;
}

async function getStage(world: World): Promise<Stage> {
  const stage = await world.store.getStage(world.ref.country, world.ref.cycleId, "assessment");
  if (!stage) throw new Error("no assessment stage");
  return stage;
}

const cycleOf = async (world: World) =>
  (await world.store.getCycle(world.ref.country, world.ref.cycleId))?.cycle;

describe("closing an approved amendment", () => {
  it("freezes version 2 with the amendment's reason, clears the amendment and chains nothing", async () => {
    const world = newWorld();
    await approvedAmendment(world);
    const cycleBefore = await cycleOf(world);

    const result = await closeStage(world.deps, { ...world.ref, stage: "assessment", position: amendment2 });

    expect(result).toEqual({ next: null });
    const version = await world.store.getRecord(
      world.ref.country,
      world.ref.cycleId,
      "version",
      "assessment:002",
    );
    expect(version).toMatchObject({
      number: 2,
      amendmentReason: REASON,
      approvedAt: "2026-09-01T10:00:00.000Z",
    });
    expect(version && decodeContent(version.content)["TIP.PROS.1.1"]).toMatchObject({ status: "absent" });
    const stage = await getStage(world);
    expect(stage).toMatchObject({ state: "approved", versionNumber: 2, closedAt: expect.any(String) });
    expect(stage.amendment).toBeUndefined();
    expect(await cycleOf(world)).toEqual(cycleBefore);
  });

  it("leaves version 1 as it was", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);
    await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    const v1 = await world.store.getRecord(world.ref.country, world.ref.cycleId, "version", "assessment:001");
    await openAmendment(world.deps, coordinator, world.ref.country, world.ref.cycleId, "assessment", {
      reason: REASON,
    });
    const stage = await getStage(world);
    await world.store.commit({
      writes: [
        {
          entity: "stage",
          item: { ...stage, state: "approved", version: stage.version + 1 },
          expectedVersion: stage.version,
        },
      ],
      events: [],
    });

    await closeStage(world.deps, { ...world.ref, stage: "assessment", position: amendment2 });

    expect(
      await world.store.getRecord(world.ref.country, world.ref.cycleId, "version", "assessment:001"),
    ).toEqual(v1);
  });

  it("freezes nothing twice when retried", async () => {
    const world = newWorld();
    await approvedAmendment(world);

    await closeStage(world.deps, { ...world.ref, stage: "assessment", position: amendment2 });
    const again = await closeStage(world.deps, { ...world.ref, stage: "assessment", position: amendment2 });

    expect(again).toEqual({ next: null });
    const versions = await world.store.listRecords(world.ref.country, world.ref.cycleId, "version");
    expect(versions.map((v) => v.id)).toEqual(["assessment:001", "assessment:002"]);
  });

  it("fails an execution for an amendment the data does not hold, freezing nothing", async () => {
    const world = newWorld();
    await approvedAmendment(world);

    await expect(
      closeStage(world.deps, {
        ...world.ref,
        stage: "assessment",
        position: { ...amendment2, amendment: 3 },
      }),
    ).rejects.toThrow(/not approved amendment 3/);
    expect(await world.store.listRecords(world.ref.country, world.ref.cycleId, "version")).toHaveLength(1);
  });
});

describe("an amendment's missed deadline", () => {
  it("hands over to the amendment's next generation without touching the cycle", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world, {}, { deadlines: { submissionDays: 1, decisionDays: 1 } });
    await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    await openAmendment(world.deps, coordinator, world.ref.country, world.ref.cycleId, "assessment", {
      reason: REASON,
    });
    const cycleBefore = await cycleOf(world);
    const late = { ...world.deps, now: () => new Date("2027-01-01T00:00:00.000Z") };

    const { next } = await stageOverdue(late, {
      ...world.ref,
      stage: "assessment",
      wait: "submission",
      generation: 0,
      position: amendment2,
    });

    expect(next?.name).toBe(executionName(world.ref.cycleId, amendment2, 1));
    expect(next?.input).toEqual({ ...world.ref, position: amendment2, generation: 1 });
    expect(await getStage(world)).toMatchObject({
      overdue: "submission",
      amendment: { number: 2, generation: 1 },
    });
    expect(await cycleOf(world)).toEqual(cycleBefore);
  });

  it("ends a superseded execution (an older generation) instead of chaining it", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);
    await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    await openAmendment(world.deps, coordinator, world.ref.country, world.ref.cycleId, "assessment", {
      reason: REASON,
    });
    const input = { ...world.ref, stage: "assessment", wait: "submission", position: amendment2 } as const;
    await stageOverdue(world.deps, { ...input, generation: 0 });
    const stage = await getStage(world);

    const { next } = await stageOverdue(world.deps, { ...input, generation: 0 });

    expect(next).toBeNull();
    expect(await getStage(world)).toEqual(stage);
  });

  it("ends the execution of an amendment that was closed meanwhile", async () => {
    const world = newWorld();
    await approvedAmendment(world);
    await closeStage(world.deps, { ...world.ref, stage: "assessment", position: amendment2 });

    const { next } = await stageOverdue(world.deps, {
      ...world.ref,
      stage: "assessment",
      wait: "decision",
      generation: 0,
      position: amendment2,
    });

    expect(next).toBeNull();
  });
});

describe("an amendment still open when the cycle closes", () => {
  async function closedWithAmendmentOpen(world: World) {
    await seedApprovedAssessment(world);
    await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    await openAmendment(world.deps, coordinator, world.ref.country, world.ref.cycleId, "assessment", {
      reason: REASON,
    });
    const cycle = await cycleOf(world);
    if (!cycle) throw new Error("no cycle");
    await world.store.commit({
      writes: [
        {
          entity: "cycle",
          item: { ...cycle, status: "closed", position: { kind: "close" }, version: cycle.version + 1 },
          expectedVersion: cycle.version,
        },
      ],
      events: [],
    });
  }

  it("ends its execution at the deadline instead of chaining a new generation forever", async () => {
    const world = newWorld();
    await closedWithAmendmentOpen(world);
    const stage = await getStage(world);

    const { next } = await stageOverdue(world.deps, {
      ...world.ref,
      stage: "assessment",
      wait: "submission",
      generation: 0,
      position: amendment2,
    });

    expect(next).toBeNull();
    expect(await getStage(world)).toEqual(stage);
  });

  it("can no longer be edited, submitted or approved: the closed cycle's summary is final", async () => {
    const world = newWorld();
    await closedWithAmendmentOpen(world);
    const approver: Principal = {
      sub: "auth0|justice",
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-justice",
    };
    const { country, cycleId } = world.ref;

    const attempts = [
      submitStage(world.deps, coordinator, country, cycleId, "assessment", {}),
      decideStage(world.deps, approver, country, cycleId, "assessment", { decision: "approve" }),
      upsertEntry(world.deps, coordinator, country, cycleId, "TIP.PROS.1.1", {
        answer: { status: "absent", severity: 3, evidence: "", source: "" },
        expectedVersion: 1,
      }),
    ];

    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({ name: "RuleViolationError", code: "cycle_not_active" });
    }
    expect((await getStage(world)).state).toBe("draft");
  });
});

describe("executions of amendments", () => {
  it("are named from the cycle, the stage, the amendment and the generation, apart from the cycle's own", () => {
    const name = executionName(
      "01JD3ZQ7X4B8N6T2W5Y9C0E1F3",
      { kind: "stage", stage: "action_plan", amendment: 2 },
      1,
    );

    expect(name).toBe("01JD3ZQ7X4B8N6T2W5Y9C0E1F3--stage-action_plan-amend2--g1");
    expect(name).not.toBe(
      executionName("01JD3ZQ7X4B8N6T2W5Y9C0E1F3", { kind: "stage", stage: "action_plan" }, 1),
    );
    expect(
      executionName("x".repeat(40), { kind: "stage", stage: "action_plan", amendment: 999 }, 999).length,
    ).toBeLessThanOrEqual(80);
  });

  it("are started again with the cycle's own when the runtime resumes, and by the reconciler", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);
    await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    await openAmendment(world.deps, coordinator, world.ref.country, world.ref.cycleId, "assessment", {
      reason: REASON,
    });
    world.workflow.starts.length = 0;

    await resumeAllCycles(world.deps);
    await ensureWorkflows(world.deps);

    const amendmentStarts = world.workflow.starts.filter((s) => s.name.includes("amend2"));
    expect(amendmentStarts.map((s) => s.name)).toEqual([
      executionName(world.ref.cycleId, amendment2, 0),
      executionName(world.ref.cycleId, amendment2, 0),
    ]);
    expect(world.workflow.starts.filter((s) => !s.name.includes("amend"))).toHaveLength(2);
  });
});
