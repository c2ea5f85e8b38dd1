import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deletePlanItem } from "../../../functions/core/action-plan/deletions.js";
import { commitChange } from "../../../functions/core/action-plan/editing.js";
import {
  ActivityInput,
  IndicatorInput,
  ObjectiveInput,
  SettingsInput,
} from "../../../functions/core/action-plan/inputs.js";
import {
  getPlan,
  saveActivity,
  saveIndicator,
  saveObjective,
  saveSettings,
} from "../../../functions/core/action-plan/use-cases.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { StateConflictError, VersionConflictError } from "../../../functions/core/errors.js";
import { Principal } from "../../../functions/core/principal.js";
import { createCycle } from "../../../functions/core/use-cases/cycles.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { FIXTURE_PLAN_PERIOD, realisticPlan, seedPlanStage } from "../../support/plan-fixtures.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// The plan's writes against DynamoDB Local: conditional puts and deletes on the version read, and the check that
// the stage is still editable, all in the transaction that stores the audit event.
describe("the action plan in DynamoDB", () => {
  let client: DynamoDBClient;
  let deps: CoreDeps;
  const coordinator = Principal.parse({ sub: "coord-1", role: "coordinator", country: "KEN" });
  const options = { catalogues: ["TIP", "SOM"] as const };

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    deps = {
      store: createDynamoStore({ client, tableName: table.tableName }),
      workflow: new RecordingWorkflow(),
      now: () => new Date(),
      newId: monotonicFactory(),
    };
  });
  afterAll(() => client.destroy());

  async function newPlan() {
    const view = await createCycle(deps, coordinator, {
      title: "Combined plan against trafficking and smuggling",
      frameworks: [{ id: "TIP" }, { id: "SOM" }],
      planPeriod: FIXTURE_PLAN_PERIOD,
      reportingCadence: "quarterly",
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
      deadlines: { submissionDays: 90, decisionDays: 30 },
    });
    const cycleId = view.id;
    await seedPlanStage(deps, { country: "KEN", cycleId }, options);
    const blueprint = realisticPlan(options);
    const ids: Record<string, string> = {};
    const idOf = (key: string) => ids[key] ?? "";
    await saveSettings(
      deps,
      coordinator,
      "KEN",
      cycleId,
      SettingsInput.parse({ ...blueprint.settings, expectedVersion: 1 }),
    );
    for (const o of blueprint.objectives) {
      ids[o.key] = (
        await saveObjective(deps, coordinator, "KEN", cycleId, undefined, ObjectiveInput.parse(o.input))
      ).id;
    }
    for (const a of blueprint.activities) {
      const input = ActivityInput.parse({
        ...a.input,
        objectiveId: idOf(a.objective),
        dependsOn: a.after.map(idOf),
      });
      ids[a.key] = (await saveActivity(deps, coordinator, "KEN", cycleId, undefined, input)).id;
    }
    for (const i of blueprint.indicators) {
      const input = IndicatorInput.parse({
        ...i.input,
        attachedTo: { kind: i.attachedTo.kind, id: idOf(i.attachedTo.key) },
      });
      ids[i.key] = (await saveIndicator(deps, coordinator, "KEN", cycleId, undefined, input)).id;
    }
    return { cycleId, idOf };
  }

  it("stores the realistic plan and reads it back whole, complete and totalled", async () => {
    const { cycleId } = await newPlan();
    const plan = await getPlan(deps, coordinator, "KEN", cycleId);
    expect(plan.validation).toEqual({ submittable: true, errors: [], warnings: [] });
    expect(plan.objectives.flatMap((o) => o.activities)).toHaveLength(7);
    expect(plan.totals.plan.USD).toEqual({ total: 530_000, funded: 240_000, unfunded: 290_000 });
    expect(plan.settings.version).toBe(2);
  });

  it("refuses a put or a delete whose version another write has moved on (409 with currentVersion)", async () => {
    const { cycleId, idOf } = await newPlan();
    const stored = await deps.store.getRecord("KEN", cycleId, "indicator", idOf("convictions"));
    if (!stored) throw new Error("the indicator was stored");
    const at = new Date().toISOString();
    await commitChange(deps, coordinator, {
      before: stored,
      after: { ...stored, name: "Convictions for trafficking per year", version: 2, updatedAt: at },
      action: "indicator.saved",
      summary: "renamed",
      at,
    });
    // A writer that read version 1 loses, whether it updates or deletes.
    const stale = commitChange(deps, coordinator, {
      before: stored,
      after: null,
      action: "indicator.deleted",
      summary: "deleted",
      at,
    });
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ details: { currentVersion: 2 } });

    await deletePlanItem(deps, coordinator, "KEN", cycleId, "indicator", idOf("convictions"), 2);
    expect(await deps.store.getRecord("KEN", cycleId, "indicator", idOf("convictions"))).toBeUndefined();
    const trail = await deps.store.listAudit("KEN", cycleId, { limit: 100 });
    expect(trail.items.filter((e) => e.action === "indicator.deleted")).toHaveLength(1);
  });

  it("refuses a write that read the plan editable but commits after the stage was submitted", async () => {
    const { cycleId, idOf } = await newPlan();
    const stage = await deps.store.getStage("KEN", cycleId, "action_plan");
    const objective = await deps.store.getRecord("KEN", cycleId, "objective", idOf("icc"));
    if (!stage || !objective) throw new Error("the plan was stored");
    await deps.store.commit({
      writes: [
        {
          entity: "stage",
          item: { ...stage, state: "submitted", version: stage.version + 1 },
          expectedVersion: stage.version,
        },
      ],
      events: [],
    });
    const at = new Date().toISOString();
    const late = commitChange(deps, coordinator, {
      before: objective,
      after: { ...objective, title: "A late change", version: objective.version + 1, updatedAt: at },
      action: "objective.saved",
      summary: "late",
      at,
    });
    await expect(late).rejects.toBeInstanceOf(StateConflictError);
    await expect(late).rejects.toMatchObject({ code: "stage_locked" });
    expect((await deps.store.getRecord("KEN", cycleId, "objective", idOf("icc")))?.title).toBe(
      objective.title,
    );
  });
});
