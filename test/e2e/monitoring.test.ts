import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CycleRecord } from "../../functions/core/records.js";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { nextExecution } from "../../workflows/schemas.js";
import { apiClient, eventually, expectStatus } from "../support/api-client.js";
import { aCycle, aStage, newCycleRef } from "../support/fixtures.js";
import { activity, indicator, objective, settings } from "../unit/core/monitoring-fixtures.js";

// Monitoring on the whole local stack, moved through three quarters with the controllable clock: a round reported
// in full, a round where the labour ministry misses its report (overdue, two reminders, escalation), and a round
// where it misses again (escalated at the first reminder) and then reports late. The earlier stages have their own
// end-to-end test, so the cycle starts here with its action plan approved, written to the store as those stages
// leave it, and its first period's execution started as the workflow's chain would.

type Period = {
  index: number;
  label: string;
  state: string;
  opensAt: string;
  dueAt: string;
  reportsComplete: boolean;
  expectedAgencies: string[];
  reportedAgencies: string[];
  overdueAgencies: string[];
  escalatedAgencies: string[];
  reminders: number;
};
type Inbox = { items: { kind: string; subject: string; cycleId: string }[] };

const HOUR_MS = 3_600_000;

describe("reporting periods on the local stack, moved by the controllable clock", () => {
  let stack: LocalStack;
  let stateDir: string;
  let api: ReturnType<typeof apiClient>;
  const ref = newCycleRef();
  const tokens = { coordinator: "", police: "", labour: "" };

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-e2e-monitoring-"));
    stack = await startLocalStack({ port: 0, dataDir: "memory", stateDir });
    api = apiClient(stack.url);
    tokens.coordinator = await stack.issuer.mint({
      role: "coordinator",
      country: "KEN",
      name: "Amina Otieno",
    });
    tokens.police = await stack.issuer.mint({ role: "member", country: "KEN", agency: "national-police" });
    tokens.labour = await stack.issuer.mint({ role: "member", country: "KEN", agency: "ministry-of-labour" });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  /** A one-year plan starting this month: four quarters, the first round opening in two to three months. */
  async function seedApprovedPlan() {
    const now = stack.clock.now();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const months = (n: number) => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + n, 1));
    const end = day(new Date(months(12).getTime() - 86_400_000));
    const approved = {
      state: "approved" as const,
      round: 1,
      approvedAt: now.toISOString(),
      closedAt: now.toISOString(),
    };
    const records: CycleRecord[] = [
      objective(ref, "obj-pros", "PROS"),
      objective(ref, "obj-prot", "PROT"),
      activity(ref, "act-train", { start: day(start), end }),
      // The labour ministry's shelter support starts with the second quarter.
      activity(ref, "act-shelter", {
        objectiveId: "obj-prot",
        leadAgency: "ministry-of-labour",
        start: day(months(3)),
        end,
        measureIds: ["TIP.PROT.1.1"],
      }),
      indicator(ref, "ind-victims", {
        sdg: "16.2.2",
        disaggregation: ["sex"],
        targets: [{ year: start.getUTCFullYear(), value: 20 }],
      }),
      settings(ref),
    ];
    await stack.deps.store.commit({
      writes: [
        {
          entity: "cycle",
          item: aCycle(ref, {
            planPeriod: { start: day(start), end },
            position: { kind: "period", index: 0 },
            createdAt: now.toISOString(),
            updatedAt: now.toISOString(),
          }),
          expectedVersion: null,
        },
        ...(["assessment", "priorities", "action_plan"] as const).map((stage) => ({
          entity: "stage" as const,
          item: aStage(ref, stage, approved),
          expectedVersion: null,
        })),
        ...records.map((item) => ({ entity: "record" as const, item, expectedVersion: null })),
      ],
      events: [],
    });
    await stack.engine.startExecution(
      nextExecution({ ...ref, position: { kind: "period", index: 0 }, generation: 0 }),
    );
  }

  const periods = async () => {
    const res = await api.get<{ items: Period[] }>(`/cycles/${ref.cycleId}/periods`, tokens.coordinator);
    expectStatus(res, 200);
    return res.body.items;
  };
  const periodWhere = (index: number, what: string, check: (p: Period) => boolean) =>
    eventually(async () => {
      const p = (await periods())[index];
      return p && check(p) ? p : undefined;
    }, `period ${index} ${what}`);
  const inbox = async (token: string) => {
    const res = await api.get<Inbox>("/inbox?limit=100", token);
    expectStatus(res, 200);
    return res.body.items.filter((n) => n.cycleId === ref.cycleId);
  };
  const setClock = async (at: number) => {
    expectStatus(
      await api.post("/local/clock/set", tokens.coordinator, { at: new Date(at).toISOString() }),
      200,
    );
  };
  const report = (index: number, token: string, activities: string[], expectedVersion?: number) =>
    api.post(
      `/cycles/${ref.cycleId}/periods/${index}/reports`,
      token,
      {
        activities: activities.map((activityId) => ({
          activityId,
          status: "on_track",
          percentComplete: 25 * (index + 1),
          spend: 10_000,
          narrative: "On schedule",
        })),
        indicatorActuals: activities.includes("act-train")
          ? [{ indicatorId: "ind-victims", value: 12, disaggregation: { sex: { female: 8, male: 4 } } }]
          : [],
        narrative: `Report for period ${index + 1}`,
        ...(expectedVersion ? { expectedVersion } : {}),
      },
      { "idempotency-key": `${ref.cycleId}-${index}-${activities.join("-")}` },
    );
  /** Opens the period's round by moving the clock to its opening, as the Wait state expects. */
  const openRound = async (index: number) => {
    const scheduled = await periodWhere(index, "scheduled", (p) => p.state === "scheduled");
    // The execution must be waiting for the period before time moves past its opening.
    await eventually(
      async () =>
        stack.engine
          .executions()
          .find((e) => e.name.endsWith(`period-${index}--g0`) && e.currentState === "WaitForPeriod"),
      `the execution of period ${index} to wait for its opening`,
    );
    await setClock(Date.parse(scheduled.opensAt));
    return periodWhere(index, "open", (p) => p.state === "open");
  };
  /** Moves the clock past the reports wait's current deadline and waits for the reminder it triggers. */
  const passDeadline = async (index: number, reminders: number, after: number) => {
    await eventually(
      async () =>
        stack.engine
          .pendingTasks()
          .find((t) => t.execution.startsWith(ref.cycleId) && t.state === "AwaitReports"),
      "the workflow to wait for reports",
    );
    await setClock(after);
    return periodWhere(index, `reminded ${reminders} time(s)`, (p) => p.reminders === reminders);
  };

  it("opens each round by the clock, reminds and escalates missing reports, closes the periods and moves on", async () => {
    await seedApprovedPlan();
    expect((await api.get("/local/clock", undefined)).status).toBe(401);

    // Quarter 1: only the police lead an activity. Their report completes the round; the period closes.
    const first = await openRound(0);
    expect(first.expectedAgencies).toEqual(["national-police"]);
    expect((await inbox(tokens.police)).map((n) => n.kind)).toEqual(["period_opened"]);
    expectStatus(await report(0, tokens.police, ["act-train"]), 200);
    const closed = await periodWhere(0, "closed", (p) => p.state === "closed");
    expect(closed).toMatchObject({ reportsComplete: true, overdueAgencies: [], reminders: 0 });

    // Quarter 2: the police report, the labour ministry does not.
    const second = await openRound(1);
    expect(second.expectedAgencies).toEqual(["ministry-of-labour", "national-police"]);
    expectStatus(await report(1, tokens.police, ["act-train"]), 200);
    const overdue = await passDeadline(1, 1, Date.parse(second.dueAt) + HOUR_MS);
    expect(overdue).toMatchObject({
      state: "open",
      overdueAgencies: ["ministry-of-labour"],
      escalatedAgencies: [],
    });
    expect((await inbox(tokens.labour)).map((n) => n.kind)).toEqual(["reminder", "period_opened"]);
    expect((await inbox(tokens.police)).filter((n) => n.kind === "reminder")).toEqual([]);

    const escalated = await passDeadline(1, 2, Date.parse(second.dueAt) + 8 * 24 * HOUR_MS);
    expect(escalated.escalatedAgencies).toEqual(["ministry-of-labour"]);
    expect((await inbox(tokens.coordinator))[0]).toMatchObject({
      kind: "escalation",
      subject: `Escalation: reports for ${second.label} missing from ministry-of-labour`,
    });
    await periodWhere(1, "closed with a report missing", (p) => p.state === "closed" && !p.reportsComplete);

    // Quarter 3: the labour ministry misses again and is escalated at the first reminder; its late report then
    // completes the round.
    const third = await openRound(2);
    expectStatus(await report(2, tokens.police, ["act-train"]), 200);
    const again = await passDeadline(2, 1, Date.parse(third.dueAt) + HOUR_MS);
    expect(again).toMatchObject({
      overdueAgencies: ["ministry-of-labour"],
      escalatedAgencies: ["ministry-of-labour"],
    });
    expect((await inbox(tokens.coordinator)).filter((n) => n.kind === "escalation")).toHaveLength(2);
    expectStatus(await report(2, tokens.labour, ["act-shelter"]), 200);
    const late = await periodWhere(2, "closed", (p) => p.state === "closed");
    expect(late).toMatchObject({
      reportsComplete: true,
      overdueAgencies: ["ministry-of-labour"],
      reminders: 1,
    });

    // The cycle moved on to its fourth period, whose execution waits for the round to open.
    const cycle = await eventually(async () => {
      const res = await api.get<{ position: { kind: string; index?: number } }>(
        `/cycles/${ref.cycleId}`,
        tokens.coordinator,
      );
      return res.body.position.index === 3 ? res.body : undefined;
    }, "the cycle to reach period 4");
    expect(cycle.position).toEqual({ kind: "period", index: 3 });
    expect(
      stack.engine
        .executions()
        .filter((e) => e.name.startsWith(ref.cycleId))
        .map((e) => [e.name.split("--")[1], e.status]),
    ).toEqual([
      ["period-0", "SUCCEEDED"],
      ["period-1", "SUCCEEDED"],
      ["period-2", "SUCCEEDED"],
      ["period-3", "RUNNING"],
    ]);

    const audit = await api.get<{ items: { action: string; summary: string }[] }>(
      `/cycles/${ref.cycleId}/audit?limit=100`,
      tokens.coordinator,
    );
    expectStatus(audit, 200);
    expect(audit.body.items.map((e) => e.action)).toEqual([
      "period.opened",
      "report.submitted",
      "period.closed",
      "period.opened",
      "report.submitted",
      "period.reminder_sent",
      "period.reminder_sent",
      "period.escalated",
      "period.closed",
      "period.opened",
      "report.submitted",
      "period.reminder_sent",
      "period.escalated",
      "report.submitted",
      "period.closed",
    ]);
    expect(
      audit.body.items.find((e) => e.action === "period.closed" && e.summary.includes("missing")),
    ).toBeDefined();

    const monitoring = await api.get<{
      reportedThrough: number;
      activities: { id: string; status: string; budget: { spent: number } }[];
      sdg: { years: { victims: number }[] };
    }>(`/cycles/${ref.cycleId}/monitoring`, tokens.coordinator);
    expectStatus(monitoring, 200);
    expect(monitoring.body.reportedThrough).toBe(2);
    expect(monitoring.body.activities.find((a) => a.id === "act-train")?.budget.spent).toBe(30_000);
    expect(monitoring.body.sdg.years.reduce((s, y) => s + y.victims, 0)).toBe(36);
  });
});
