import { monotonicFactory } from "ulid";
import { beforeEach, describe, expect, it } from "vitest";
import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Write } from "../../../functions/core/ports.js";
import type { Stage } from "../../../functions/core/stage.js";
import { freezeStage } from "../../../functions/core/versions/freeze.js";
import { closeCycle } from "../../../functions/workflow/tasks/close-cycle.js";
import { aCycle, aPeriod, aStage, type CycleRef, newCycleRef } from "../../support/fixtures.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { anActivity, anIndicator, aReport } from "./donors-fixtures.js";

const police = "national-police-service";

describe("closing a cycle", () => {
  let store: MemoryStore;
  let deps: CoreDeps;
  let ref: CycleRef;

  beforeEach(async () => {
    store = new MemoryStore();
    const ulid = monotonicFactory();
    let clock = Date.parse("2028-01-31T00:00:00.000Z");
    deps = {
      store,
      workflow: new RecordingWorkflow(),
      now: () => {
        clock += 1000;
        return new Date(clock);
      },
      newId: () => ulid(clock),
    };
    ref = newCycleRef();
    // A two-quarter plan in its closing position, with one activity, one indicator and one report.
    const cycle = aCycle(ref, {
      planPeriod: { start: "2026-07-01", end: "2026-12-31" },
      position: { kind: "close" },
    });
    const records: Write[] = [
      { entity: "record", item: anActivity(ref, "act-1"), expectedVersion: null },
      { entity: "record", item: anIndicator(ref, "ind-1"), expectedVersion: null },
      {
        entity: "record",
        item: aReport(
          ref,
          0,
          police,
          [{ activityId: "act-1", status: "completed", spend: 900_000 }],
          [{ indicatorId: "ind-1", value: 40 }],
        ),
        expectedVersion: null,
      },
    ];
    await store.commit({
      writes: [
        { entity: "cycle", item: cycle, expectedVersion: null },
        ...(["assessment", "priorities", "action_plan"] as const).map((s) => ({
          entity: "stage" as const,
          item: aStage(ref, s, { state: "approved" }),
          expectedVersion: null,
        })),
        {
          entity: "period",
          item: aPeriod(ref, 0, { state: "closed", expectedAgencies: [police] }),
          expectedVersion: null,
        },
        {
          entity: "period",
          item: aPeriod(ref, 1, { state: "closed", expectedAgencies: [police] }),
          expectedVersion: null,
        },
        ...records,
      ],
      events: [],
    });
  });

  it("stores the final summary in the same transaction as the closing, with both audit events", async () => {
    const before = store.commits.length;
    await closeCycle(deps, ref);

    expect(store.commits.length).toBe(before + 1);
    const commit = store.commits.at(-1);
    expect(commit?.writes.map((w) => w.entity)).toEqual(["record", "cycle"]);
    expect(commit?.events.map((e) => e.action)).toEqual(["cycle.summarised", "cycle.closed"]);
    expect(commit?.events[0]?.summary).toBe(
      "Final summary: 1 of 1 activities completed, 900000 of 4200000 KES spent, 0 of 1 indicators met",
    );

    const found = await store.getCycle(ref.country, ref.cycleId);
    expect(found?.cycle.status).toBe("closed");
    const summary = await store.getRecord(ref.country, ref.cycleId, "summary", "final");
    expect(summary).toMatchObject({
      closedAt: found?.cycle.updatedAt,
      activities: { total: 1, completed: 1 },
      budget: { planned: 4_200_000, spent: 900_000, currency: "KES" },
      // The 2027 target has no 2027 report: the plan ended in 2026.
      indicators: { total: 1, met: 0, notMet: 0, noData: 1 },
      periods: { total: 2, withMissingReports: 1, missing: [{ index: 1, agencies: [police] }] },
    });
  });

  it("sums up the approved plan, not the edits of an amendment still in draft when the cycle closes", async () => {
    // Version 1 of the plan is frozen; an amendment then reopened it and doubled the budget and added an activity.
    const found = await store.getCycle(ref.country, ref.cycleId);
    const plan = found?.stages.find((s) => s.stage === "action_plan");
    if (!found || !plan) throw new Error("no cycle");
    const frozen = await freezeStage(deps, found.cycle, plan, 1, "2026-06-01T00:00:00.000Z");
    const draft: Stage = {
      ...plan,
      state: "draft",
      versionNumber: 1,
      amendment: {
        number: 2,
        reason: "More courses",
        openedAt: "2027-12-01T00:00:00.000Z",
        openedBy: "c",
        generation: 0,
      },
      version: plan.version + 1,
    };
    const act1 = await store.getRecord(ref.country, ref.cycleId, "activity", "act-1");
    if (!act1) throw new Error("no activity");
    const doubled = {
      ...act1,
      budget: { amount: 8_400_000, currency: "KES", source: "state" as const, funded: true },
      version: act1.version + 1,
    };
    await store.commit({
      writes: [
        frozen.write,
        { entity: "stage", item: draft, expectedVersion: plan.version },
        { entity: "record", item: doubled, expectedVersion: act1.version },
        { entity: "record", item: anActivity(ref, "act-2"), expectedVersion: null },
      ],
      events: [],
    });

    await closeCycle(deps, ref);

    const summary = await store.getRecord(ref.country, ref.cycleId, "summary", "final");
    expect(summary).toMatchObject({
      activities: { total: 1, completed: 1 },
      budget: { planned: 4_200_000, spent: 900_000, currency: "KES" },
    });
  });

  it("is idempotent: a second run of the task changes nothing", async () => {
    await closeCycle(deps, ref);
    const after = store.commits.length;
    const summary = await store.getRecord(ref.country, ref.cycleId, "summary", "final");

    await closeCycle(deps, ref);

    expect(store.commits.length).toBe(after);
    expect(await store.getRecord(ref.country, ref.cycleId, "summary", "final")).toEqual(summary);
  });
});
