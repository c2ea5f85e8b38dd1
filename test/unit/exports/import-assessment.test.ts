import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseCsv } from "../../../functions/exports/read-csv.js";
import { createCycle, fillAssessment, tipMeasureIds } from "../http/harness.js";
import { createExportHarness, type ExportHarness } from "./export-harness.js";
import { headers, openWorkbook, sheet } from "./workbook.js";

// Importing the needs assessment from the template the product exports: a round trip changes nothing, changed rows
// are saved, and one bad row rejects the file with every bad row named, nothing written.

const ANSWERED = 20;
const TRICKY_EVIDENCE = 'Seen in "2025", twice; =1+1 is text\nsecond line';

describe("importing the needs assessment", () => {
  let h: ExportHarness;
  let cycleId: string;
  const measures = tipMeasureIds();
  const template = (format: "xlsx" | "csv", as: "coordinator" | "police" = "coordinator") =>
    h.download(`/cycles/${cycleId}/exports/templates/assessment?format=${format}`, as);
  const post = (
    format: "xlsx" | "csv",
    content: Buffer | string,
    as: "coordinator" | "police" = "coordinator",
  ) =>
    h.call("POST", `/cycles/${cycleId}/imports/assessment`, {
      as,
      body: { format, content: Buffer.from(content).toString("base64") },
    });
  const entry = async (measureId: string) => h.store.getEntry("KEN", cycleId, measureId);

  /** The template with `edit` applied to the row of each named measure (cells by header). */
  async function edited(
    edits: Record<string, Record<string, unknown>>,
    extra: Record<string, unknown>[] = [],
  ) {
    const wb = await openWorkbook((await template("xlsx")).bytes);
    const ws = sheet(wb, "Assessment");
    const names = headers(ws);
    for (let r = 2; r <= ws.rowCount; r++) {
      const edit = edits[String(ws.getRow(r).getCell(1).value)];
      for (const [header, value] of Object.entries(edit ?? {})) {
        ws.getRow(r).getCell(names.indexOf(header) + 1).value = value as never;
      }
    }
    for (const row of extra) ws.addRow(names.map((n) => row[n] ?? null));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  beforeAll(async () => {
    h = await createExportHarness();
    cycleId = await createCycle(h);
    await fillAssessment(h, cycleId, measures.slice(0, ANSWERED));
    const tricky = await h.call("PUT", `/cycles/${cycleId}/assessment/entries/${measures[1]}`, {
      as: "coordinator",
      body: {
        answer: { status: "partial", severity: 2, evidence: TRICKY_EVIDENCE, source: "Police, 2025" },
        expectedVersion: 1,
      },
    });
    expect(tricky.status).toBe(200);
  });
  afterAll(() => h.cleanup());

  let commits: number;
  beforeEach(() => {
    commits = h.store.commits.length;
  });

  it("exports a template with one row per measure, the answers and their versions", async () => {
    const wb = await openWorkbook((await template("xlsx")).bytes);
    const ws = sheet(wb, "Assessment");

    expect(headers(ws)).toEqual([
      "Measure ID",
      "Catalogue",
      "Pillar",
      "Objective",
      "Measure",
      "Mandatory",
      "Status",
      "Severity (0-3)",
      "Evidence",
      "Source",
      "Agency",
      "Version",
    ]);
    expect(ws.rowCount).toBe(measures.length + 1);
    expect(ws.getRow(3).getCell(1).value).toBe(measures[1]);
    expect(ws.getRow(3).getCell(9).value).toBe(TRICKY_EVIDENCE);
    expect(ws.getRow(3).getCell(12).value).toBe(2);
    expect(ws.getRow(2).getCell(7).dataValidation).toMatchObject({ type: "list" });
  });

  it("changes nothing when the exported .xlsx comes back untouched", async () => {
    const res = await post("xlsx", (await template("xlsx")).bytes);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: "assessment",
      rows: measures.length,
      created: 0,
      updated: 0,
      unchanged: ANSWERED,
      blank: measures.length - ANSWERED,
      transactions: 0,
    });
    expect(h.store.commits.length).toBe(commits);
  });

  it("changes nothing when the exported CSV comes back untouched, quotes, commas and line breaks included", async () => {
    const csv = await template("csv");
    expect(parseCsv(csv.text)[2]?.[8]).toBe(TRICKY_EVIDENCE);

    const res = await post("csv", csv.bytes);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unchanged: ANSWERED, created: 0, updated: 0 });
    expect(h.store.commits.length).toBe(commits);
  });

  it("saves the rows that changed, with their audit event, and nothing else", async () => {
    const [first = "", , , newOne = ""] = [measures[0], measures[1], measures[2], measures[ANSWERED + 3]];
    const file = await edited({
      [first]: { Evidence: "Confirmed by the 2026 court statistics" },
      [newOne]: {
        Status: "absent",
        "Severity (0-3)": 3,
        Evidence: "No shelter for men",
        Source: "NGO report",
      },
    });

    const res = await post("xlsx", file);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, unchanged: ANSWERED - 1, transactions: 1 });
    expect(await entry(first)).toMatchObject({
      evidence: "Confirmed by the 2026 court statistics",
      version: 2,
    });
    expect(await entry(newOne)).toMatchObject({
      status: "absent",
      severity: 3,
      source: "NGO report",
      version: 1,
    });
    expect(h.store.commits.length).toBe(commits + 1);
    expect(h.store.commits.at(-1)?.events.map((e) => e.action)).toEqual(["entries.bulk_upserted"]);
  });

  it("rejects the file naming every bad row and its reason, and writes nothing", async () => {
    const [a = "", b = "", c = ""] = [measures[ANSWERED + 5], measures[ANSWERED + 6], measures[ANSWERED + 7]];
    const file = await edited(
      {
        [a]: { Status: "absent", "Severity (0-3)": 0, Evidence: "none" },
        [b]: { Status: "partial", Evidence: "some" },
        [c]: {
          Status: "in_place",
          "Severity (0-3)": 0,
          Evidence: "A valid answer that must not be saved alone",
        },
      },
      [
        { "Measure ID": "TIP.PROS.9.9", Status: "absent", "Severity (0-3)": 2 },
        { "Measure ID": c, Status: "unknown", "Severity (0-3)": 1 },
      ],
    );

    const res = await post("xlsx", file);

    expect(res.status).toBe(422);
    expect(res.body.code).toBe("import_rejected");
    const rowOf = (id: string) => measures.indexOf(id) + 2;
    expect((res.body.details as { rejections: unknown[] }).rejections).toEqual([
      { row: rowOf(a), column: "Severity (0-3)", reason: "must be 1-3 when status is absent" },
      { row: rowOf(b), column: "Severity (0-3)", reason: "is required (0-3)" },
      {
        row: measures.length + 2,
        column: "Measure ID",
        reason: "TIP.PROS.9.9 is not a measure of this cycle's frameworks",
      },
      {
        row: measures.length + 3,
        column: "Measure ID",
        reason: `${c} is answered twice (also on row ${rowOf(c)})`,
      },
    ]);
    expect(res.body.message).toMatch(
      /^nothing was imported: 4 rows were rejected: row \d+ \(Severity \(0-3\)\)/,
    );
    expect(h.store.commits.length).toBe(commits);
    expect(await entry(c)).toBeUndefined();
  });

  it("refuses a row whose answer changed after the file was exported", async () => {
    const measure = measures[5] ?? "";
    const file = await edited({ [measure]: { Evidence: "My edit, made on an old copy" } });
    const other = await h.call("PUT", `/cycles/${cycleId}/assessment/entries/${measure}`, {
      as: "coordinator",
      body: {
        answer: { status: "absent", severity: 2, evidence: "Someone else's edit" },
        expectedVersion: 1,
      },
    });
    expect(other.status).toBe(200);
    commits = h.store.commits.length;

    const res = await post("xlsx", file);

    expect(res.status).toBe(422);
    expect((res.body.details as { rejections: { column: string; reason: string }[] }).rejections).toEqual([
      {
        row: 7,
        column: "Version",
        reason:
          "the answer changed since this file was exported (it is at version 2, the file has 1): export a fresh template and copy your changes into it",
      },
    ]);
    expect(await entry(measure)).toMatchObject({ evidence: "Someone else's edit" });
    expect(h.store.commits.length).toBe(commits);
  });

  it("keeps a member to its own agency's answers, as a single save does", async () => {
    const measure = measures[8] ?? "";
    const assigned = await h.call("PUT", `/cycles/${cycleId}/assessment/entries/${measure}`, {
      as: "coordinator",
      body: { answer: { status: "partial", severity: 1, agency: "ministry-of-labour" }, expectedVersion: 1 },
    });
    expect(assigned.status).toBe(200);
    const file = await edited({ [measure]: { Evidence: "The police's view" } });
    commits = h.store.commits.length;

    const res = await post("xlsx", file, "police");

    expect(res.status).toBe(422);
    expect(res.body.message).toContain(`${measure} is answered by ministry-of-labour, not by your agency`);
    expect(h.store.commits.length).toBe(commits);
  });

  it("answers 422 naming a missing column, 400 for a file that is no spreadsheet", async () => {
    const noStatus = await post(
      "csv",
      "Measure ID,Severity (0-3),Evidence,Source,Agency,Version\r\nTIP.PROS.1.1,1,x,y,,1\r\n",
    );
    const garbage = await post("xlsx", "this is not a zip archive");

    expect(noStatus.status).toBe(422);
    expect((noStatus.body.details as { rejections: unknown[] }).rejections).toEqual([
      { row: 1, column: "Status", reason: "this column is missing from the header" },
    ]);
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toMatch(/^content: not a readable \.xlsx file/);
  });

  it("answers 422 stage_locked once the assessment is approved", async () => {
    const res = await h.call("POST", `/cycles/${h.cycleId}/imports/assessment`, {
      as: "coordinator",
      body: { format: "csv", content: Buffer.from("Measure ID\r\n").toString("base64") },
    });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe("stage_locked");
  });
});
