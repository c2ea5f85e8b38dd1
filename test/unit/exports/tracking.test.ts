import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../../functions/exports/read-csv.js";
import { createExportHarness, type ExportHarness } from "./export-harness.js";
import { openWorkbook, records, sheet } from "./workbook.js";

// The indicator performance tracking table, read back. Expected figures are added up here from the fixture's
// reports: victims identified in 2027 are Q2-Q4 2027's 28 + 35 + 31 = 94 against a target of 120; of them 90
// female and 4 male (1 + 2 + 1), 31 children.

describe("the indicator tracking table", () => {
  let h: ExportHarness;
  const path = (query = "") => `/cycles/${h.cycleId}/exports/indicators${query}`;

  beforeAll(async () => {
    h = await createExportHarness();
  });
  afterAll(() => h.cleanup());

  it("gives per indicator and year the baseline, target, actual, % achieved and breakdown", async () => {
    const res = await h.download(path(), "coordinator");
    const wb = await openWorkbook(res.bytes);

    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tracking", "By period", "Notes"]);
    const rows = records(sheet(wb, "Tracking"));
    const victims2027 = rows.find((r) => r["Indicator ID"] === "victims-identified" && r.Year === 2027);
    expect(victims2027).toMatchObject({
      Pillar: "PROT",
      Activity: "Set up the national referral mechanism",
      Baseline: 96,
      "Baseline year": 2026,
      Target: 120,
      Actual: 94,
      Reports: 3,
      "sex: female": 90,
      "sex: male": 4,
      "age: child": 31,
      SDG: "16.2.2",
    });
    expect(victims2027?.["% achieved"]).toBeCloseTo(0.783, 3);
    // Every plan year has its row, reported on or not.
    expect(rows.filter((r) => r["Indicator ID"] === "victims-identified").map((r) => r.Year)).toEqual([
      2027, 2028, 2029,
    ]);
    expect(rows.find((r) => r["Indicator ID"] === "victims-identified" && r.Year === 2029)).toMatchObject({
      Target: 200,
      Actual: null,
    });
  });

  it("gives the government each reporting period's actual", async () => {
    const wb = await openWorkbook((await h.download(path(), "coordinator")).bytes);

    const periods = records(sheet(wb, "By period")).filter((r) => r["Indicator ID"] === "victims-identified");
    expect(periods.map((r) => [r.Period, r.Actual, r["sex: male"]])).toEqual([
      ["Q2 2027", 28, 1],
      ["Q3 2027", 35, 2],
      ["Q4 2027", 31, 1],
      ["Q1 2028", 40, 9],
    ]);
    expect(periods[0]?.Start).toEqual(new Date("2027-04-01T00:00:00.000Z"));
  });

  it("suppresses small counts for a donor, says which, and leaves out the per-period table", async () => {
    const res = await h.download(path("?format=csv"), "donor");
    const [header = [], ...rows] = parseCsv(res.text);
    const row = (id: string, year: number) =>
      rows.find(
        (r) => r[header.indexOf("Indicator ID")] === id && r[header.indexOf("Year")] === String(year),
      ) ?? [];
    const at = (r: string[], name: string) => r[header.indexOf(name)];

    const victims = row("victims-identified", 2027);
    expect(at(victims, "Actual")).toBe("94");
    // 4 male victims are under 5; the female count would give them away, so it goes too.
    expect([at(victims, "sex: female"), at(victims, "sex: male")]).toEqual(["", ""]);
    expect(at(victims, "age: child")).toBe("31");
    expect(at(victims, "Suppressed")).toBe("sex: male; sex: female");
    // Two requests in 2028: the actual and the share achieved are withheld.
    expect([at(row("mla-requests", 2028), "Actual"), at(row("mla-requests", 2028), "% achieved")]).toEqual([
      "",
      "",
    ]);
    // A baseline of 0 trained officers is a small count too.
    expect(at(row("officers-trained", 2028), "Baseline")).toBe("");

    const wb = await openWorkbook((await h.download(path(), "donor")).bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tracking", "Notes"]);
  });

  it("gives the government the same figures unsuppressed", async () => {
    const res = await h.download(path("?format=csv"), "coordinator");
    const [header = [], ...rows] = parseCsv(res.text);
    const victims = rows.find(
      (r) =>
        r[header.indexOf("Indicator ID")] === "victims-identified" && r[header.indexOf("Year")] === "2027",
    );

    expect(victims?.[header.indexOf("sex: male")]).toBe("4");
    expect(victims?.[header.indexOf("% achieved")]).toBe("78.3");
  });
});
