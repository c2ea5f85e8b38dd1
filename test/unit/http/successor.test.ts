import { beforeEach, describe, expect, it } from "vitest";
import { allMeasures, getCatalogue } from "../../../frameworks/index.js";
import { ServiceUnavailableError } from "../../../functions/core/errors.js";
import type { Changeset, Write } from "../../../functions/core/ports.js";
import { freezeStage } from "../../../functions/core/versions/freeze.js";
import { closeCycle } from "../../../functions/workflow/tasks/close-cycle.js";
import { anActivity, anObjective, aPriority, aReport } from "../core/donors-fixtures.js";
import { createCycle, createHarness, fillAssessment, type Harness, newCycleBody } from "./harness.js";

// A closed cycle on both catalogues, and the next cycle started from it.

const measureIds = (id: "TIP" | "SOM") => {
  const catalogue = getCatalogue(id);
  if (!catalogue) throw new Error(`the ${id} catalogue is not bundled`);
  return allMeasures(catalogue).map((m) => m.measure.id);
};
const ALL = [...measureIds("TIP"), ...measureIds("SOM")];

const closedBody = newCycleBody({
  title: "National Action Plan against Trafficking and Smuggling 2026-2027",
  frameworks: [{ id: "TIP" }, { id: "SOM" }],
  planPeriod: { start: "2026-07-01", end: "2027-06-30" },
  reportingCadence: "semiannual",
  deadlines: { submissionDays: 60, decisionDays: 20 },
});

const nextBody = {
  title: "National Action Plan against Trafficking and Smuggling 2027-2031",
  planPeriod: { start: "2027-07-01", end: "2031-06-30" },
};

/** Creates the cycle, answers every measure, adds its decided priorities, plan and reports, and closes it. */
async function closedCycle(h: Harness): Promise<string> {
  const cycleId = await createCycle(h, closedBody);
  await fillAssessment(h, cycleId, ALL);
  const ref = { country: "KEN", cycleId };
  const police = "national-police-service";
  const records = [
    aPriority(ref, "TIP.PROS.2.1", "accepted"), // its activity was completed: met
    aPriority(ref, "TIP.PROT.1.3", "accepted"), // its activity was delayed: carried over
    aPriority(ref, "SOM.PREV.2.1", "deferred"), // carried over
    aPriority(ref, "TIP.ICC.1.1", "rejected"),
    anObjective(ref, "obj-1", { priorityIds: ["TIP.PROS.2.1"] }),
    anActivity(ref, "act-1", { objectiveId: "obj-1", priorityIds: ["TIP.PROS.2.1"], end: "2027-06-30" }),
    anActivity(ref, "act-2", { objectiveId: "obj-2", priorityIds: ["TIP.PROT.1.3"], end: "2027-06-30" }),
    aReport(ref, 0, police, [
      { activityId: "act-1", status: "on_track", spend: 1_000_000 },
      { activityId: "act-2", status: "on_track", spend: 200_000 },
    ]),
    aReport(ref, 1, police, [
      { activityId: "act-1", status: "completed", spend: 900_000 },
      { activityId: "act-2", status: "delayed", spend: 100_000 },
    ]),
  ];
  // Monitoring (and so the summary and the carry-over) follows the approved plan: the action plan was approved.
  const plan = await h.store.getStage("KEN", cycleId, "action_plan");
  if (!plan) throw new Error("the cycle has no action plan stage");
  const at = h.deps.now().toISOString();
  await h.store.commit({
    writes: [
      ...records.map((item): Write => ({ entity: "record", item, expectedVersion: null })),
      {
        entity: "stage",
        item: { ...plan, state: "approved", approvedAt: at, updatedAt: at, version: plan.version + 1 },
        expectedVersion: plan.version,
      },
    ],
    events: [],
  });
  await closeCycle(h.deps, ref);
  return cycleId;
}

const successor = (h: Harness, cycleId: string, body: unknown = nextBody, headers?: Record<string, string>) =>
  h.call("POST", `/cycles/${cycleId}/successor`, {
    as: "coordinator",
    body,
    ...(headers ? { headers } : {}),
  });

type Item = { measureId: string; entry: { carriedOverFrom?: { cycleId: string }; version: number } | null };
type Actions = { items: { action: string; summary: string }[] };

describe("starting the next cycle from a closed one", () => {
  let h: Harness;
  let oldId: string;
  beforeEach(async () => {
    h = await createHarness();
    oldId = await closedCycle(h);
    return () => h.cleanup();
  });

  it("creates the cycle with the same frameworks at their latest versions and the closed cycle's settings", async () => {
    const res = await successor(h, oldId);

    expect(res.status).toBe(201);
    const cycle = res.body.cycle as Record<string, unknown>;
    expect(cycle).toMatchObject({
      title: nextBody.title,
      country: "KEN",
      frameworks: [
        { id: "TIP", version: getCatalogue("TIP")?.version },
        { id: "SOM", version: getCatalogue("SOM")?.version },
      ],
      planPeriod: nextBody.planPeriod,
      reportingCadence: "semiannual",
      deadlines: { submissionDays: 60, decisionDays: 20 },
      approvalPolicies: { assessment: closedBody.approvalPolicies.assessment },
      status: "active",
      currentStage: "assessment",
    });
    expect(res.body).toMatchObject({
      predecessorId: oldId,
      carriedOver: { entries: ALL.length, priorities: 2 },
    });
    const newId = String(cycle.id);
    expect(h.workflow.starts.map((s) => s.name)).toContain(`${newId}--stage-assessment--g0`);

    const summary = await h.call("GET", `/cycles/${oldId}/summary`, { as: "coordinator" });
    expect(summary.body.successorId).toBe(newId);
    const oldTrail = (await h.call("GET", `/cycles/${oldId}/audit?limit=100`, { as: "coordinator" }))
      .body as Actions;
    expect(oldTrail.items.map((e) => e.action)).toContain("cycle.successor_created");
  });

  it("pre-fills the assessment for re-verification: every answer copied and flagged until saved again", async () => {
    const newId = String(((await successor(h, oldId)).body.cycle as { id: string }).id);

    const view = await h.call("GET", `/cycles/${newId}/assessment`, { as: "coordinator" });
    const items = view.body.items as Item[];
    expect(items).toHaveLength(ALL.length);
    expect(items.every((i) => i.entry?.carriedOverFrom?.cycleId === oldId)).toBe(true);
    expect((view.body.scores as { overall: { toReverify: number } }).overall.toReverify).toBe(ALL.length);

    const saved = await h.call("PUT", `/cycles/${newId}/assessment/entries/TIP.PROS.1.1`, {
      as: "coordinator",
      body: {
        answer: { status: "in_place", severity: 0, evidence: "Act amended in 2027" },
        expectedVersion: 1,
      },
    });
    expect(saved.status).toBe(200);
    expect((saved.body.entry as Item["entry"])?.carriedOverFrom).toBeUndefined();
    const scores = await h.call("GET", `/cycles/${newId}/assessment/scores`, { as: "coordinator" });
    expect((scores.body.overall as { toReverify: number }).toReverify).toBe(ALL.length - 1);

    // 134 answers do not fit one transaction (nor one audit event): four chunks, each with its own audit event.
    const trail = (await h.call("GET", `/cycles/${newId}/audit?limit=100`, { as: "coordinator" }))
      .body as Actions;
    const chunks = trail.items.filter((e) => e.action === "assessment.carried_over");
    expect(chunks.map((e) => e.summary)).toEqual([
      expect.stringMatching(/^40 answers .* \(part 1 of 4\)$/),
      expect.stringMatching(/^40 answers .* \(part 2 of 4\)$/),
      expect.stringMatching(/^40 answers .* \(part 3 of 4\)$/),
      expect.stringMatching(/^14 answers .* \(part 4 of 4\)$/),
    ]);
    expect(trail.items[0]?.summary).toContain(`started from cycle "${closedBody.title}"`);
  });

  it("carries the unmet priorities over as undecided candidates: accepted but not completed, and deferred", async () => {
    const newId = String(((await successor(h, oldId)).body.cycle as { id: string }).id);
    const priorities = await h.store.listRecords("KEN", newId, "priority");
    expect(priorities.map((p) => [p.id, p.carriedOver, p.decision])).toEqual([
      ["SOM.PREV.2.1", true, undefined],
      ["TIP.PROT.1.3", true, undefined],
    ]);
  });

  it("judges the priorities met against the approved plan, not an amendment left in draft at closing", async () => {
    // Version 1 froze the plan with the completed act-1; an amendment still in draft then deleted act-1.
    const found = await h.store.getCycle("KEN", oldId);
    const plan = found?.stages.find((s) => s.stage === "action_plan");
    const act1 = await h.store.getRecord("KEN", oldId, "activity", "act-1");
    if (!found || !plan || !act1) throw new Error("no closed cycle");
    const frozen = await freezeStage(h.deps, found.cycle, plan, 1, found.cycle.updatedAt);
    const amendment = {
      number: 2,
      reason: "Drop the training",
      openedAt: found.cycle.updatedAt,
      openedBy: "c",
      generation: 0,
    };
    await h.store.commit({
      writes: [
        frozen.write,
        {
          entity: "stage",
          item: { ...plan, state: "draft", versionNumber: 1, amendment, version: plan.version + 1 },
          expectedVersion: plan.version,
        },
        { entity: "deletion", item: act1, expectedVersion: act1.version },
      ],
      events: [],
    });

    const newId = String(((await successor(h, oldId)).body.cycle as { id: string }).id);

    const priorities = await h.store.listRecords("KEN", newId, "priority");
    expect(priorities.map((p) => p.id)).toEqual(["SOM.PREV.2.1", "TIP.PROT.1.3"]);
  });

  it("replays a retry with the same Idempotency-Key and creates one cycle", async () => {
    const headers = { "Idempotency-Key": "next-cycle-2027" };
    const first = await successor(h, oldId, nextBody, headers);
    const retry = await successor(h, oldId, nextBody, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    const cycles = await h.call("GET", "/cycles", { as: "coordinator" });
    expect((cycles.body.items as unknown[]).length).toBe(2);
  });

  it("completes a half-done copy on retry, without duplicating or overwriting what was saved in between", async () => {
    const commit = h.store.commit.bind(h.store);
    let failed = false;
    h.store.commit = async (changes: Changeset) => {
      const summary = changes.events[0]?.summary ?? "";
      if (
        !failed &&
        changes.events[0]?.action === "assessment.carried_over" &&
        summary.endsWith("(part 2 of 4)")
      ) {
        failed = true;
        throw new ServiceUnavailableError("DynamoDB is throttling");
      }
      return commit(changes);
    };
    const headers = { "Idempotency-Key": "next-cycle-2027" };

    const broken = await successor(h, oldId, nextBody, headers);
    expect(broken.status).toBe(503);
    const newId = String(
      (await h.call("GET", `/cycles/${oldId}/summary`, { as: "coordinator" })).body.successorId,
    );
    const copied = await h.store.listEntries("KEN", newId);
    expect(copied).toHaveLength(40);
    // A colleague re-verifies one of the copied answers before the retry.
    const first = copied[0]?.measureId;
    await h.call("PUT", `/cycles/${newId}/assessment/entries/${first}`, {
      as: "coordinator",
      body: { answer: { status: "absent", severity: 3 }, expectedVersion: 1 },
    });

    const retry = await successor(h, oldId, nextBody, headers);

    expect(retry.status).toBe(201);
    expect((retry.body.cycle as { id: string }).id).toBe(newId);
    const entries = await h.store.listEntries("KEN", newId);
    expect(entries).toHaveLength(ALL.length);
    expect(entries.find((e) => e.measureId === first)).toMatchObject({ status: "absent", version: 2 });
    expect(entries.find((e) => e.measureId === first)?.carriedOverFrom).toBeUndefined();
    const trail = (await h.call("GET", `/cycles/${newId}/audit?limit=100`, { as: "coordinator" }))
      .body as Actions;
    const chunks = trail.items.filter((e) => e.action === "assessment.carried_over").map((e) => e.summary);
    expect(chunks).toEqual([
      expect.stringMatching(/^40 answers .*\(part 1 of 4\)$/),
      expect.stringMatching(/^40 answers .*\(part 1 of 3\)$/),
      expect.stringMatching(/^40 answers .*\(part 2 of 3\)$/),
      expect.stringMatching(/^14 answers .*\(part 3 of 3\)$/),
    ]);
    expect((await h.call("GET", "/cycles", { as: "coordinator" })).body.items).toHaveLength(2);
  });

  it("answers 409 successor_exists to a second, different next cycle", async () => {
    const first = await successor(h, oldId);
    const other = await successor(h, oldId, { ...nextBody, title: "Another plan 2027-2031" });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      code: "successor_exists",
      details: { successorId: (first.body.cycle as { id: string }).id },
    });
  });

  it("is the coordinator's: 403 for members, approvers and donors of a shared cycle, 404 for another country", async () => {
    await h.call("POST", `/cycles/${oldId}/shares`, { as: "coordinator", body: { organisation: "giz" } });
    for (const who of ["police", "justice", "donor"] as const) {
      const res = await h.call("POST", `/cycles/${oldId}/successor`, { as: who, body: nextBody });
      expect(res.status, who).toBe(403);
    }
    const mexico = await h.call("POST", `/cycles/${oldId}/successor`, { as: "mexico", body: nextBody });
    expect(mexico.status).toBe(404);
  });

  it("answers 400 naming the field for a missing title", async () => {
    const res = await successor(h, oldId, { planPeriod: nextBody.planPeriod });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^body\.title: /);
  });
});

describe("before a cycle is closed", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    return () => h.cleanup();
  });

  it("answers 422 cycle_not_closed to a next cycle and 404 to its summary", async () => {
    const cycleId = await createCycle(h);
    const res = await successor(h, cycleId);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("cycle_not_closed");
    const summary = await h.call("GET", `/cycles/${cycleId}/summary`, { as: "coordinator" });
    expect(summary.status).toBe(404);
    expect(summary.body.message).toContain("no final summary yet");
  });
});

describe("the final summary through the API", () => {
  let h: Harness;
  let cycleId: string;
  beforeEach(async () => {
    h = await createHarness();
    cycleId = await closedCycle(h);
    return () => h.cleanup();
  });

  it("is read by government roles and by the donors the cycle is shared with, the same for all", async () => {
    const coordinator = await h.call("GET", `/cycles/${cycleId}/summary`, { as: "coordinator" });
    expect(coordinator.status).toBe(200);
    expect(coordinator.body).toMatchObject({
      cycleId,
      activities: { total: 2, completed: 1, delayed: 1 },
      budget: { planned: 8_400_000, spent: 2_200_000, currency: "KES" },
      periods: { total: 2, withMissingReports: 0 },
    });
    await h.call("POST", `/cycles/${cycleId}/shares`, { as: "coordinator", body: { organisation: "giz" } });
    for (const who of ["justice", "police", "donor"] as const) {
      const res = await h.call("GET", `/cycles/${cycleId}/summary`, { as: who });
      expect(res.status, who).toBe(200);
      expect(res.body, who).toEqual(coordinator.body);
    }
  });

  it("answers 404 to a donor it is not shared with and to another country", async () => {
    expect((await h.call("GET", `/cycles/${cycleId}/summary`, { as: "donor" })).status).toBe(404);
    expect((await h.call("GET", `/cycles/${cycleId}/summary`, { as: "mexico" })).status).toBe(404);
  });
});
