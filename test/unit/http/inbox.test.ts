import { beforeAll, describe, expect, it } from "vitest";
import { openPeriod } from "../../../functions/workflow/tasks/period-tasks.js";
import { openStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { newCycleRef } from "../../support/fixtures.js";
import { seedMonitoredCycle } from "../core/monitoring-fixtures.js";
import { createCycle, createHarness, fillAssessment, type Harness, type PersonaName } from "./harness.js";

type Notification = {
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  cycleId: string;
  at: string;
};

describe("the inbox", () => {
  let h: Harness;
  let cycleId: string;
  const inbox = async (as: PersonaName, query = "") => {
    const res = await h.call("GET", `/inbox${query}`, { as });
    expect(res.status, res.text).toBe(200);
    return res.body as { items: Notification[]; cursor?: string };
  };
  const decide = (as: "justice" | "interior", body: unknown) =>
    h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, { as, body });

  beforeAll(async () => {
    h = await createHarness();
    cycleId = await createCycle(h);
    await fillAssessment(h, cycleId);
    return () => h.cleanup();
  });

  it("tells the ministries of the policy that a stage awaits their decision, in the submission's commit", async () => {
    const res = await h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
      as: "coordinator",
      body: {},
    });
    expect(res.status).toBe(200);
    const submitted = h.store.commits.at(-1);
    expect(submitted?.events.map((e) => e.action)).toEqual(["stage.submitted"]);
    expect(submitted?.writes.map((w) => w.entity)).toEqual(["stage", "notification", "notification"]);

    expect((await inbox("justice")).items).toMatchObject([
      { kind: "stage_submitted", recipient: "ministry:ministry-of-justice", cycleId },
    ]);
    expect((await inbox("interior")).items).toHaveLength(1);
    expect((await inbox("health")).items).toEqual([]);
  });

  it("tells the coordinator a stage was decided once the rule is met, not on each signature", async () => {
    expect((await decide("justice", { decision: "approve" })).status).toBe(200);
    expect((await inbox("coordinator")).items).toEqual([]);
    expect((await decide("interior", { decision: "approve" })).status).toBe(200);
    expect((await inbox("coordinator")).items).toMatchObject([
      { kind: "stage_decided", recipient: "coordinator", subject: "The assessment was approved" },
    ]);
  });

  it("tells the coordinator when the workflow opens the next stage", async () => {
    await openStage(h.deps, { country: "KEN", cycleId, stage: "priorities", generation: 0 });
    const { items } = await inbox("coordinator");
    expect(items[0]).toMatchObject({ kind: "stage_opened", subject: "The priorities stage is open" });
  });

  it("lists newest first, a page at a time", async () => {
    const first = await inbox("coordinator", "?limit=1");
    expect(first.items.map((n) => n.kind)).toEqual(["stage_opened"]);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await inbox("coordinator", `?limit=1&cursor=${first.cursor}`);
    expect(second.items.map((n) => n.kind)).toEqual(["stage_decided"]);
    expect(second.cursor).toBeUndefined();
  });

  it("shows a member its agency's inbox: the report round it must report in", async () => {
    const ref = newCycleRef();
    await seedMonitoredCycle(h.store, ref);
    await openPeriod(h.deps, { country: ref.country, cycleId: ref.cycleId, periodIndex: 0 });
    expect((await inbox("police")).items).toMatchObject([
      { kind: "period_opened", recipient: "agency:national-police", cycleId: ref.cycleId },
    ]);
    expect((await inbox("labour")).items).toEqual([]);
  });

  it("shows nothing of Kenya to another country's coordinator", async () => {
    expect((await inbox("mexico")).items).toEqual([]);
  });

  it("answers 403 to donors and admins, who have no inbox", async () => {
    expect((await h.call("GET", "/inbox", { as: "donor" })).status).toBe(403);
    expect((await h.call("GET", "/inbox", { as: "admin" })).status).toBe(403);
  });

  it("answers 400 naming a bad limit", async () => {
    const res = await h.call("GET", "/inbox?limit=500", { as: "coordinator" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^query\.limit: /);
  });
});
