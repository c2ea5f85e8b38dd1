import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allMeasures, getCatalogue } from "../../../frameworks/index.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { shareCycle, unshareCycle } from "../../../functions/core/donors/shares.js";
import { startSuccessor } from "../../../functions/core/donors/successor.js";
import { NotFoundError } from "../../../functions/core/errors.js";
import { Principal } from "../../../functions/core/principal.js";
import { bulkUpsertEntries } from "../../../functions/core/use-cases/assessment.js";
import { createCycle, getCycle } from "../../../functions/core/use-cases/cycles.js";
import { cycleTenant } from "../../../functions/http/tenant.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { closeCycle } from "../../../functions/workflow/tasks/close-cycle.js";
import { createTestTable } from "../../support/dynamo.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// Sharing, closing and the next cycle against DynamoDB Local: the organisation index, consistent reads after an
// unshare, and transactions that must stay within DynamoDB's 100 actions.

const coordinator = Principal.parse({ sub: "dev-coordinator-ken", role: "coordinator", country: "KEN" });
const donor = Principal.parse({ sub: "dev-donor-giz", role: "donor", organisation: "giz" });
const ALL = (["TIP", "SOM"] as const).flatMap((id) => {
  const catalogue = getCatalogue(id);
  return catalogue ? allMeasures(catalogue).map((m) => m.measure.id) : [];
});

describe("donors, closing and the next cycle in DynamoDB", () => {
  let client: DynamoDBClient;
  let deps: CoreDeps;

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    const ulid = monotonicFactory();
    let clock = Date.parse("2026-03-02T09:00:00.000Z");
    deps = {
      store: createDynamoStore({ client, tableName: table.tableName }),
      workflow: new RecordingWorkflow(),
      now: () => {
        clock += 1000;
        return new Date(clock);
      },
      newId: () => ulid(clock),
    };
  });
  afterAll(() => client.destroy());

  const newCycle = (title: string) =>
    createCycle(deps, coordinator, {
      title,
      frameworks: [{ id: "TIP" }, { id: "SOM" }],
      planPeriod: { start: "2026-07-01", end: "2027-06-30" },
      reportingCadence: "semiannual",
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
      deadlines: { submissionDays: 90, decisionDays: 30 },
    });

  it("finds a shared cycle through the organisation's index, and loses it at once when unshared", async () => {
    const { id } = await newCycle("Shared plan");
    await shareCycle(deps, coordinator, "KEN", id, { organisation: "giz" });

    const country = await cycleTenant(deps.store, donor, undefined, id);
    expect(country).toBe("KEN");
    await expect(getCycle(deps, donor, country, id)).resolves.toMatchObject({
      id,
      stages: expect.any(Array),
    });

    await unshareCycle(deps, coordinator, "KEN", id, "giz");
    // The share is read consistently on every request, whatever the index still says.
    await expect(getCycle(deps, donor, "KEN", id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("closes with its summary, then starts the next cycle with 134 answers copied in chunks, once", async () => {
    const { id } = await newCycle("Closing plan");
    for (let i = 0; i < ALL.length; i += 50) {
      const entries = ALL.slice(i, i + 50).map((measureId) => ({
        measureId,
        answer: { status: "partial" as const, severity: 2, evidence: "", source: "" },
      }));
      await bulkUpsertEntries(deps, coordinator, "KEN", id, { entries });
    }
    await closeCycle(deps, { country: "KEN", cycleId: id });
    await closeCycle(deps, { country: "KEN", cycleId: id });
    expect(await deps.store.getRecord("KEN", id, "summary", "final")).toMatchObject({
      periods: { total: 2, withMissingReports: 0 },
      version: 1,
    });

    const input = { title: "Next plan 2027-2031", planPeriod: { start: "2027-07-01", end: "2031-06-30" } };
    const first = await startSuccessor(deps, coordinator, "KEN", id, input);
    const again = await startSuccessor(deps, coordinator, "KEN", id, input);

    expect(again.cycle.id).toBe(first.cycle.id);
    const entries = await deps.store.listEntries("KEN", first.cycle.id);
    expect(entries).toHaveLength(ALL.length);
    expect(entries.every((e) => e.carriedOverFrom?.cycleId === id && e.version === 1)).toBe(true);
    expect(await deps.store.getRecord("KEN", id, "summary", "final")).toMatchObject({
      successorId: first.cycle.id,
      version: 2,
    });
  });
});
