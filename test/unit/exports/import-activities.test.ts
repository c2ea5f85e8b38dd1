import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Activity } from "../../../functions/core/action-plan/schema.js";
import { ACTIVITY_COLUMNS } from "../../../functions/core/exports/templates.js";
import { writeCsv } from "../../../functions/exports/csv.js";
import { createExportHarness, type ExportHarness } from "./export-harness.js";
import { headers, openWorkbook, sheet } from "./workbook.js";

// Importing action plan activities from the exported template, into the plan being amended (its stage is back in
// draft): a round trip changes nothing, new rows create activities, and one bad row rejects the whole file.

describe("importing action plan activities", () => {
  let h: ExportHarness;
  const template = (format: "xlsx" | "csv") =>
    h.download(`/cycles/${h.cycleId}/exports/templates/activities?format=${format}`, "coordinator");
  const post = (
    format: "xlsx" | "csv",
    content: Buffer | string,
    as: "coordinator" | "police" = "coordinator",
  ) =>
    h.call("POST", `/cycles/${h.cycleId}/imports/activities`, {
      as,
      body: { format, content: Buffer.from(content).toString("base64") },
    });
  const stored = async (id: string): Promise<Activity | undefined> =>
    h.store.getRecord("KEN", h.cycleId, "activity", id);

  /** The .xlsx template with cells changed by activity id, and rows added below the data. */
  async function edited(
    edits: Record<string, Record<string, unknown>>,
    added: Record<string, unknown>[] = [],
  ) {
    const wb = await openWorkbook((await template("xlsx")).bytes);
    const ws = sheet(wb, "Activities");
    const names = headers(ws);
    let last = 1;
    for (let r = 2; r <= ws.rowCount; r++) {
      const id = ws.getRow(r).getCell(1).value;
      if (id) last = r;
      for (const [header, value] of Object.entries(edits[String(id)] ?? {})) {
        ws.getRow(r).getCell(names.indexOf(header) + 1).value = value as never;
      }
    }
    added.forEach((row, i) => {
      names.forEach((n, j) => {
        ws.getRow(last + 1 + i).getCell(j + 1).value = (row[n] ?? null) as never;
      });
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const newActivity = {
    "Objective ID": "ncc",
    Title: "Publish the annual trafficking statistics",
    "Lead agency": "national-crime-research-centre",
    "Partner agencies": "national-police; judiciary",
    Start: new Date("2028-07-01T00:00:00.000Z"),
    End: "2029-06-30",
    "Budget amount": 12_500,
    Currency: "USD",
    "Budget source": "state",
    Funded: "no",
    Measures: "TIP.NCC.5.2",
    "Depends on": "data",
  };

  beforeAll(async () => {
    h = await createExportHarness();
  });
  afterAll(() => h.cleanup());

  let commits: number;
  beforeEach(() => {
    commits = h.store.commits.length;
  });

  it("changes nothing when the exported template comes back untouched, in .xlsx and in CSV", async () => {
    const xlsx = await post("xlsx", (await template("xlsx")).bytes);
    const csv = await post("csv", (await template("csv")).bytes);

    for (const res of [xlsx, csv]) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        kind: "activities",
        rows: 8,
        created: 0,
        updated: 0,
        unchanged: 8,
        blank: 0,
        transactions: 0,
      });
    }
    expect(h.store.commits.length).toBe(commits);
  });

  it("updates a changed row and creates a new one, in one transaction with its audit event", async () => {
    const file = await edited({ data: { Title: "Build and run the national trafficking data system" } }, [
      newActivity,
    ]);

    const res = await post("xlsx", file);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, unchanged: 7, transactions: 1 });
    expect(await stored("data")).toMatchObject({
      title: "Build and run the national trafficking data system",
      version: 2,
    });
    const all = await h.store.listRecords("KEN", h.cycleId, "activity");
    const created = all.find((a) => a.title === newActivity.Title);
    expect(created).toMatchObject({
      objectiveId: "ncc",
      leadAgency: "national-crime-research-centre",
      partnerAgencies: ["national-police", "judiciary"],
      start: "2028-07-01",
      end: "2029-06-30",
      budget: { amount: 12_500, currency: "USD", source: "state", funded: false },
      measureIds: ["TIP.NCC.5.2"],
      dependsOn: ["data"],
      version: 1,
    });
    const commit = h.store.commits.at(-1);
    expect(h.store.commits.length).toBe(commits + 1);
    expect(commit?.events.map((e) => [e.action, e.summary])).toEqual([
      ["activity.saved", "2 activities imported (part 1 of 1)"],
    ]);
    expect(commit?.checks).toEqual([
      { country: "KEN", cycleId: h.cycleId, stage: "action_plan", states: ["draft", "returned"] },
    ]);
  });

  it("imports a file retried with its Idempotency-Key once, and replays the first answer", async () => {
    const file = await edited({
      inspections: { Title: "Inspect recruitment agencies in all high-risk sectors" },
    });
    const send = () =>
      h.call("POST", `/cycles/${h.cycleId}/imports/activities`, {
        as: "coordinator",
        body: { format: "xlsx", content: file.toString("base64") },
        headers: { "Idempotency-Key": "import-inspections" },
      });

    const first = await send();
    const again = await send();

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ updated: 1, transactions: 1 });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(h.store.commits.length).toBe(commits + 1);
    expect(await stored("inspections")).toMatchObject({ version: 2 });
  });

  it("rejects the file naming every bad row and its reason, and writes nothing", async () => {
    const file = await edited(
      {
        law: { End: "2026-12-31" },
        training: { "Budget source": "donor", Donor: null },
        referral: { "Objective ID": "no-such-objective" },
        inspections: { "Depends on": "no-such-activity" },
      },
      [
        { ...newActivity, "Activity ID": "ghost" },
        { ...newActivity, "Budget amount": "lots" },
      ],
    );

    const res = await post("xlsx", file);

    expect(res.status).toBe(422);
    expect(res.body.code).toBe("import_rejected");
    const reasons = (res.body.details as { rejections: { row: number; column?: string; reason: string }[] })
      .rejections;
    // In the order of the rows: the template lists activities by id (inspections, law, referral, training).
    expect(reasons.map((r) => [r.column, r.reason])).toEqual([
      ["Depends on", "dependsOn[0]: activity no-such-activity is not part of this plan"],
      ["End", "must not be before start"],
      ["Objective ID", "objectiveId: objective no-such-objective is not part of this plan"],
      ["Donor", "is required when the source is donor"],
      ["Activity ID", "ghost is not an activity of this plan (leave Activity ID empty to create one)"],
      ["Budget amount", '"lots" is not a number (write it like 45000 or 1234.5)'],
    ]);
    expect(reasons.every((r) => r.row >= 2)).toBe(true);
    expect(new Set(reasons.map((r) => r.row)).size).toBe(6);
    expect(h.store.commits.length).toBe(commits);
    expect(await stored("law")).toMatchObject({ end: "2027-12-31", version: 1 });
  });

  it("keeps a member to the activities its agency leads", async () => {
    const file = await edited({
      law: { Title: "The police rewrite the law" },
      training: { Title: "Train police and prosecutors on the amended law and its regulations" },
    });

    const refused = await post("xlsx", file, "police");

    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain(
      'activity "Draft amendment covering all forms of exploitation" is led by ministry-of-justice',
    );
    expect(h.store.commits.length).toBe(commits);
  });

  it("writes a large import 90 activities per transaction at most, each with its audit event", async () => {
    const rows = Array.from({ length: 95 }, (_, i) => ({
      objectiveId: "prot",
      title: `County referral desk ${i + 1}`,
      leadAgency: "social-protection-department",
      start: "2028-01-01",
      end: "2028-12-31",
    }));
    const csv = writeCsv({ name: "Activities", title: "", notes: [], columns: ACTIVITY_COLUMNS, rows });

    const res = await post("csv", csv);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 95, transactions: 2 });
    const written = h.store.commits.slice(commits);
    expect(written.map((c) => [c.writes.length, c.events.length])).toEqual([
      [90, 1],
      [5, 1],
    ]);
    expect(written.map((c) => c.events[0]?.summary)).toEqual([
      "90 activities imported (part 1 of 2)",
      "5 activities imported (part 2 of 2)",
    ]);
  });
});
