import { describe, expect, it } from "vitest";
import { WorkflowTaskGoneError } from "../../../functions/core/errors.js";
import { deliverReports } from "../../../functions/core/monitoring/reports-wait.js";
import { submitReport } from "../../../functions/core/monitoring/submit-report.js";
import { Principal } from "../../../functions/core/principal.js";
import { encodeContent } from "../../../functions/core/versions/codec.js";
import { versionId } from "../../../functions/core/versions/freeze.js";
import { StageVersion } from "../../../functions/core/versions/schema.js";
import { closePeriod, openPeriod, remindReports } from "../../../functions/workflow/tasks/period-tasks.js";
import { registerWait } from "../../../functions/workflow/tasks/register-wait.js";
import { newCycleRef } from "../../support/fixtures.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { activity, coreDeps, planRecords, seedMonitoredCycle } from "./monitoring-fixtures.js";

// The workflow's side of a report round, on the memory store: opening (who is expected, who is told), the
// deadline (overdue, reminders, escalation) and completing the wait exactly once.

const police = Principal.parse({
  sub: "m-police",
  role: "member",
  country: "KEN",
  agency: "national-police",
});
const labour = Principal.parse({
  sub: "m-labour",
  role: "member",
  country: "KEN",
  agency: "ministry-of-labour",
});
const step = (activityId: string) => ({
  activityId,
  status: "on_track" as const,
  percentComplete: 10,
  spend: 100,
  narrative: "",
});
const policeReport = {
  activities: [step("act-train"), step("act-border")],
  indicatorActuals: [],
  narrative: "",
};
const labourReport = { activities: [step("act-shelter")], indicatorActuals: [], narrative: "" };

async function setup(plan?: (ref: ReturnType<typeof newCycleRef>) => ReturnType<typeof planRecords>) {
  const store = new MemoryStore();
  const workflow = new RecordingWorkflow();
  const clock = { now: "2026-10-01T00:00:00.000Z" };
  const deps = coreDeps(store, workflow, clock);
  const ref = newCycleRef();
  await seedMonitoredCycle(store, ref, plan?.(ref));
  const task = (periodIndex: number) => ({ country: ref.country, cycleId: ref.cycleId, periodIndex });
  const inbox = async (recipient: string) =>
    (await store.listInbox(ref.country, recipient, { limit: 50 })).items;
  const audit = async () => (await store.listAudit(ref.country, ref.cycleId, { limit: 100 })).items;
  return { store, workflow, clock, deps, ref, task, inbox, audit };
}

describe("opening a report round", () => {
  it("expects the lead agencies of the running activities and notifies each in the same commit", async () => {
    const { deps, store, ref, task, inbox } = await setup();
    await openPeriod(deps, task(1));

    const period = await store.getPeriod(ref.country, ref.cycleId, 1);
    expect(period).toMatchObject({
      state: "open",
      label: "Q4 2026",
      expectedAgencies: ["ministry-of-labour", "national-police"],
      reportsComplete: false,
      dueAt: "2027-01-31T00:00:00.000Z",
    });
    const opened = store.commits.at(-1);
    expect(opened?.writes.map((w) => w.entity)).toEqual(["period", "notification", "notification"]);
    expect(await inbox("agency:ministry-of-labour")).toMatchObject([
      { kind: "period_opened", subject: "Progress report for Q4 2026 due 2027-01-31" },
    ]);
    expect(await inbox("agency:ministry-of-health")).toEqual([]);
  });

  it("completes a round nobody is expected in at once, and the reports wait with it", async () => {
    const { deps, store, workflow, ref, task } = await setup((r) => ({
      ...planRecords(r),
      activities: [activity(r, "act-late", { start: "2029-01-01", end: "2029-12-31" })],
    }));
    await openPeriod(deps, task(0));
    await registerWait(deps, { ...task(0), wait: "reports", token: "t-1" });

    expect(await store.getPeriod(ref.country, ref.cycleId, 0)).toMatchObject({
      expectedAgencies: [],
      reportsComplete: true,
    });
    expect(workflow.successes).toEqual([{ token: "t-1", output: { complete: true } }]);
  });

  it("leaves a period already open as it is", async () => {
    const { deps, store, ref, task } = await setup();
    await openPeriod(deps, task(1));
    const commits = store.commits.length;
    await openPeriod(deps, task(1));
    expect(store.commits).toHaveLength(commits);
    expect((await store.getPeriod(ref.country, ref.cycleId, 1))?.version).toBe(1);
  });
});

describe("the plan a round follows", () => {
  it("is the latest approved version while an amendment is drafted, not the draft records", async () => {
    const { deps, store, ref, task } = await setup();
    const plan = planRecords(ref);
    const snapshot = Object.fromEntries(
      [...plan.objectives, ...plan.activities, ...plan.indicators, plan.settings].map((r) => {
        const { country: _c, cycleId: _i, ...rest } = r;
        return [`${r.kind}/${r.id}`, rest];
      }),
    );
    const version = StageVersion.parse({
      kind: "version",
      id: versionId("action_plan", 1),
      country: ref.country,
      cycleId: ref.cycleId,
      stage: "action_plan",
      number: 1,
      approvedAt: "2026-03-02T09:00:00.000Z",
      decisions: [],
      content: encodeContent(snapshot),
      updatedAt: "2026-03-02T09:00:00.000Z",
      version: 1,
    });
    // A draft amendment adds an activity led by the health ministry, running from Q3 2026.
    const draft = activity(ref, "act-draft", { leadAgency: "ministry-of-health" });
    await store.commit({
      writes: [
        { entity: "record", item: version, expectedVersion: null },
        { entity: "record", item: draft, expectedVersion: null },
      ],
      events: [],
    });

    await openPeriod(deps, task(0));

    expect((await store.getPeriod(ref.country, ref.cycleId, 0))?.expectedAgencies).toEqual([
      "national-police",
    ]);
  });

  it("is nothing before the action plan was approved", async () => {
    const { deps, store, ref, task } = await setup();
    const stage = await store.getStage(ref.country, ref.cycleId, "action_plan");
    if (!stage) throw new Error("no stage");
    await store.commit({
      writes: [{ entity: "stage", item: { ...stage, state: "draft", version: 2 }, expectedVersion: 1 }],
      events: [],
    });
    await openPeriod(deps, task(0));
    expect(await store.getPeriod(ref.country, ref.cycleId, 0)).toMatchObject({
      expectedAgencies: [],
      reportsComplete: true,
    });
  });
});

describe("the last expected report", () => {
  it("completes the round in the report's own commit and the workflow's wait exactly once", async () => {
    const { deps, store, workflow, ref, task } = await setup();
    await openPeriod(deps, task(1));
    await registerWait(deps, { ...task(1), wait: "reports", token: "t-1" });

    await submitReport(deps, police, ref.country, ref.cycleId, 1, policeReport);
    expect(workflow.successes).toEqual([]);
    await submitReport(deps, labour, ref.country, ref.cycleId, 1, labourReport);

    const completing = store.commits.find(
      (c) =>
        c.events[0]?.action === "report.submitted" && c.events[0].summary.includes("every expected report"),
    );
    expect(completing?.writes.map((w) => w.entity)).toEqual(["record", "period"]);
    expect(workflow.successes).toEqual([{ token: "t-1", output: { complete: true } }]);
    // Every later caller finds nothing owed: the wait was settled.
    expect(await deliverReports(deps, task(1))).toEqual({ delivered: false, reason: "workflow_not_waiting" });
    await submitReport(deps, labour, ref.country, ref.cycleId, 1, { ...labourReport, expectedVersion: 1 });
    expect(workflow.successes).toHaveLength(1);
    expect(await store.getPeriod(ref.country, ref.cycleId, 1)).toMatchObject({
      reportsComplete: true,
      reportedAgencies: ["ministry-of-labour", "national-police"],
    });
  });

  it("sends once when the API and a registering wait race", async () => {
    const { deps, workflow, ref, task } = await setup();
    await openPeriod(deps, task(0));
    await registerWait(deps, { ...task(0), wait: "reports", token: "t-1" });
    await Promise.all([
      submitReport(deps, police, ref.country, ref.cycleId, 0, policeReport),
      deliverReports(deps, task(0)),
      deliverReports(deps, task(0)),
    ]);
    await deliverReports(deps, task(0));
    expect(workflow.successes).toEqual([{ token: "t-1", output: { complete: true } }]);
  });

  it("keeps the report when the workflow's token is gone; the next wait is completed from the data", async () => {
    const { deps, store, workflow, ref, task } = await setup();
    await openPeriod(deps, task(0));
    await registerWait(deps, { ...task(0), wait: "reports", token: "t-old" });
    workflow.failNext("sendTaskSuccess", new WorkflowTaskGoneError("TaskTimedOut", "gone"));

    await submitReport(deps, police, ref.country, ref.cycleId, 0, policeReport);
    expect(await store.getRecord(ref.country, ref.cycleId, "report", "000:national-police")).toBeDefined();
    expect((await store.getPeriod(ref.country, ref.cycleId, 0))?.wait).toBeUndefined();

    await registerWait(deps, { ...task(0), wait: "reports", token: "t-new" });
    expect(workflow.successes).toEqual([{ token: "t-new", output: { complete: true } }]);
  });
});

describe("a missed deadline", () => {
  it("marks the missing agencies overdue and reminds them, without escalating a first miss", async () => {
    const { deps, store, ref, task, inbox, audit } = await setup();
    await openPeriod(deps, task(1));
    await submitReport(deps, police, ref.country, ref.cycleId, 1, policeReport);

    const answer = await remindReports(deps, { ...task(1), reminders: 0 });

    expect(answer).toEqual({ again: true, timeoutSeconds: 7 * 86_400, reminders: 1 });
    expect(await store.getPeriod(ref.country, ref.cycleId, 1)).toMatchObject({
      overdueAgencies: ["ministry-of-labour"],
      escalatedAgencies: [],
      reminders: 1,
    });
    expect(await inbox("agency:ministry-of-labour")).toMatchObject([
      { kind: "reminder", subject: "Overdue: your progress report for Q4 2026 (reminder 1 of 2)" },
      { kind: "period_opened" },
    ]);
    expect(await inbox("agency:national-police")).toMatchObject([{ kind: "period_opened" }]);
    expect(await inbox("coordinator")).toEqual([]);
    expect((await audit()).map((e) => e.action)).toContain("period.reminder_sent");
  });

  it("escalates to the coordinator on the last reminder", async () => {
    const { deps, store, ref, task, inbox, audit } = await setup();
    await openPeriod(deps, task(1));
    await remindReports(deps, { ...task(1), reminders: 0 });
    const last = await remindReports(deps, { ...task(1), reminders: 1 });

    expect(last).toMatchObject({ again: false, reminders: 2 });
    expect(await store.getPeriod(ref.country, ref.cycleId, 1)).toMatchObject({
      escalatedAgencies: ["ministry-of-labour", "national-police"],
    });
    expect(await inbox("coordinator")).toMatchObject([
      {
        kind: "escalation",
        subject: "Escalation: reports for Q4 2026 missing from ministry-of-labour, national-police",
      },
    ]);
    const escalated = (await audit()).filter((e) => e.action === "period.escalated");
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.summary).toContain("after the last reminder");
  });

  it("escalates at once an agency that was overdue in the previous period too", async () => {
    const { deps, store, ref, task, inbox } = await setup();
    await openPeriod(deps, task(0));
    await remindReports(deps, { ...task(0), reminders: 0 });
    await submitReport(deps, police, ref.country, ref.cycleId, 0, policeReport); // late, still a miss
    await closePeriod(deps, task(0));
    await openPeriod(deps, task(1));
    await submitReport(deps, labour, ref.country, ref.cycleId, 1, labourReport);

    await remindReports(deps, { ...task(1), reminders: 0 });

    expect(await store.getPeriod(ref.country, ref.cycleId, 1)).toMatchObject({
      overdueAgencies: ["national-police"],
      escalatedAgencies: ["national-police"],
    });
    expect((await inbox("coordinator"))[0]?.body).toContain("after also missing Q3 2026");
  });

  it("does the same reminder once however often the task is retried", async () => {
    const { deps, store, ref, task, inbox } = await setup();
    await openPeriod(deps, task(1));
    await remindReports(deps, { ...task(1), reminders: 0 });
    await remindReports(deps, { ...task(1), reminders: 0 });
    expect((await store.getPeriod(ref.country, ref.cycleId, 1))?.reminders).toBe(1);
    expect((await inbox("agency:ministry-of-labour")).filter((n) => n.kind === "reminder")).toHaveLength(1);
  });

  it("closes the period at once when the round completed while the workflow was not listening", async () => {
    const { deps, workflow, ref, task } = await setup();
    await openPeriod(deps, task(0));
    workflow.failNext("sendTaskSuccess", new WorkflowTaskGoneError("TaskTimedOut", "gone"));
    await registerWait(deps, { ...task(0), wait: "reports", token: "t-1" });
    await submitReport(deps, police, ref.country, ref.cycleId, 0, policeReport);

    expect(await remindReports(deps, { ...task(0), reminders: 0 })).toMatchObject({ again: false });
  });
});
