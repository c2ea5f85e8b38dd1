import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allMeasures, getCatalogue } from "../../../frameworks/index.js";
import type { AuditEvent } from "../../../functions/core/audit.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { importActivities } from "../../../functions/core/exports/import-activities.js";
import { importAssessment } from "../../../functions/core/exports/import-assessment.js";
import type { SheetData } from "../../../functions/core/exports/import-rows.js";
import { ACTIVITY_COLUMNS, ASSESSMENT_COLUMNS } from "../../../functions/core/exports/templates.js";
import { Principal } from "../../../functions/core/principal.js";
import { createCycle } from "../../../functions/core/use-cases/cycles.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { seedExportCycle } from "../../support/export-fixtures.js";
import { newCycleRef } from "../../support/fixtures.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// Large imports against DynamoDB Local, which (unlike the memory store) enforces 100 actions per transaction and
// 400 KB per item: a whole two-catalogue assessment and 130 activities with long descriptions go in, chunk by chunk,
// each chunk with its audit event, and the Idempotency-Key's record with the last one.

const coordinator = Principal.parse({ sub: "dev-coordinator-ken", role: "coordinator", country: "KEN" });
const MEASURES = (["TIP", "SOM"] as const).flatMap((id) => {
  const catalogue = getCatalogue(id);
  return catalogue ? allMeasures(catalogue).map((m) => m.measure.id) : [];
});

function sheetOf(columns: typeof ASSESSMENT_COLUMNS, rows: Record<string, string | number>[]): SheetData {
  return {
    headers: columns.map((c) => c.header),
    rows: rows.map((r, i) => ({ row: i + 2, values: columns.map((c) => r[c.key] ?? null) })),
  };
}

describe("imports in DynamoDB", () => {
  let client: DynamoDBClient;
  let deps: CoreDeps;

  beforeAll(async () => {
    const table = await createTestTable();
    client = table.client;
    const ulid = monotonicFactory();
    let clock = Date.parse("2026-03-02T09:00:00.000Z");
    deps = {
      // The store judges an idempotency record's age by the same clock that stamped it.
      store: createDynamoStore({ client, tableName: table.tableName, now: () => new Date(clock) }),
      workflow: new RecordingWorkflow(),
      now: () => {
        clock += 1000;
        return new Date(clock);
      },
      newId: () => ulid(clock),
    };
  });
  afterAll(() => client.destroy());

  /** Every audit event of a cycle: events this large fill DynamoDB's 1 MB pages after a few. */
  async function wholeTrail(country: string, cycleId: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listAudit(country, cycleId, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      events.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return events;
  }

  it("answers every measure of both catalogues in transactions of at most 90 answers", async () => {
    const { id } = await createCycle(deps, coordinator, {
      title: "National Action Plan 2027-2029",
      frameworks: [{ id: "TIP" }, { id: "SOM" }],
      planPeriod: { start: "2027-01-01", end: "2029-12-31" },
      reportingCadence: "quarterly",
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"], rule: { type: "all" } } },
      deadlines: { submissionDays: 90, decisionDays: 30 },
    });
    const rows = MEASURES.map((measureId, i) => ({
      measureId,
      status: i % 2 ? "partial" : "absent",
      severity: 2,
      evidence: `Finding ${i}: `.padEnd(800, "evidence "),
      source: "National baseline study 2026",
    }));

    const result = await importAssessment(deps, coordinator, "KEN", id, sheetOf(ASSESSMENT_COLUMNS, rows), {
      country: "KEN",
      scope: "dev-coordinator-ken POST /import",
      key: "whole-assessment",
      requestHash: "h",
      status: 200,
    });

    expect(MEASURES.length).toBeGreaterThan(90);
    expect(result).toMatchObject({ created: MEASURES.length, transactions: 2 });
    expect(await deps.store.listEntries("KEN", id)).toHaveLength(MEASURES.length);
    const audit = await deps.store.listAudit("KEN", id, { limit: 100 });
    expect(
      audit.items.filter((e) => e.action === "entries.bulk_upserted").map((e) => e.changes.length),
    ).toEqual([90, MEASURES.length - 90]);
    expect(
      await deps.store.getIdempotency("KEN", "dev-coordinator-ken POST /import", "whole-assessment"),
    ).toMatchObject({
      response: result,
    });
  });

  it("creates 130 activities with long texts in a 3-byte script, in chunks that fit DynamoDB's item limit", async () => {
    const ref = newCycleRef();
    await seedExportCycle(deps, ref);
    const rows = Array.from({ length: 130 }, (_, i) => ({
      objectiveId: "prot",
      title: `County referral desk ${i + 1}`,
      // Amharic: three bytes a character, so 90 of these would make an audit event of about a megabyte.
      description: `Desk ${i + 1}: `.padEnd(3900, "የሰዎች ዝውውር ተጎጂዎችን መለየት እና መላክ። "),
      leadAgency: "social-protection-department",
      start: "2028-01-01",
      end: "2028-12-31",
    }));

    const result = await importActivities(
      deps,
      coordinator,
      ref.country,
      ref.cycleId,
      sheetOf(ACTIVITY_COLUMNS, rows),
    );

    expect(result.created).toBe(130);
    expect(result.transactions).toBeGreaterThanOrEqual(5);
    const activities = await deps.store.listRecords(ref.country, ref.cycleId, "activity");
    expect(activities.filter((a) => a.title.startsWith("County referral desk"))).toHaveLength(130);
    const imported = (await wholeTrail(ref.country, ref.cycleId)).filter(
      (e) => e.action === "activity.saved",
    );
    expect(imported).toHaveLength(result.transactions);
    expect(imported.every((e) => e.changes.length <= 90)).toBe(true);
    expect(imported.reduce((n, e) => n + e.changes.length, 0)).toBe(130);
  });
});
