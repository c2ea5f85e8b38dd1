import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../../functions/exports/read-csv.js";
import {
  DRAFT_ACTIVITY_DESCRIPTION,
  DRAFT_ACTIVITY_ID,
  DRAFT_ACTIVITY_TITLE,
} from "../../support/export-fixtures.js";
import { createExportHarness, type ExportHarness } from "./export-harness.js";
import { cellOf, headers, openWorkbook, records, sheet } from "./workbook.js";

// The action plan as the working group and the ministries print and share it, and as a donor receives it.

describe("exporting the action plan", () => {
  let h: ExportHarness;
  const plan = (query = "") => `/cycles/${h.cycleId}/exports/plan${query}`;

  beforeAll(async () => {
    h = await createExportHarness();
  });
  afterAll(() => h.cleanup());

  describe("as a workbook", () => {
    it("has a summary, one sheet per pillar and the budget, each with a frozen, sized header row", async () => {
      const res = await h.download(plan(), "coordinator");

      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="action-plan-KEN-${h.cycleId}-current.xlsx"`,
      );
      const wb = await openWorkbook(res.bytes);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        "Summary",
        "PROS Prosecution",
        "PROT Protection",
        "PREV Prevention",
        "NCC National cooperation",
        "ICC International cooperation",
        "Budget",
        "Notes",
      ]);
      const pros = sheet(wb, "PROS Prosecution");
      expect(pros.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(pros.getColumn(1).width).toBeGreaterThan(5);
      expect(headers(pros).slice(0, 6)).toEqual([
        "Objective ID",
        "Objective",
        "Activity ID",
        "Activity",
        "Description",
        "Lead agency",
      ]);
      expect(headers(pros)).toEqual(expect.arrayContaining(["Target 2027", "Target 2028", "Target 2029"]));
    });

    it("writes a known activity with real types: dates, an amount in its currency, booleans, joined lists", async () => {
      const wb = await openWorkbook((await h.download(plan(), "coordinator")).bytes);
      const pros = sheet(wb, "PROS Prosecution");
      const cell = (header: string) => cellOf(pros, "Activity ID", "law", header);

      expect(cell("Activity").value).toBe("Draft amendment covering all forms of exploitation");
      expect(cell("Start").value).toEqual(new Date("2027-01-01T00:00:00.000Z"));
      expect(cell("Start").numFmt).toBe("yyyy-mm-dd");
      expect(cell("End").value).toEqual(new Date("2027-12-31T00:00:00.000Z"));
      expect(cell("Budget").value).toBe(45_000);
      expect(cell("Budget").numFmt).toContain('"USD"');
      expect(cell("Currency").value).toBe("USD");
      expect(cell("Funded").value).toBe(true);
      expect(cell("Measures").value).toBe("TIP.PROS.1.1; TIP.PROS.1.4");
      expect(cell("Indicator").value).toBe("Amendment adopted (Y/N)");
      expect(cell("Target 2027").value).toBe(1);
      expect(cell("Baseline year").value).toBe(2026);
      for (const row of records(pros)) {
        for (const value of Object.values(row)) expect(String(value)).not.toMatch(/^[[{]/);
      }
    });

    it("totals the budget per currency as the plan does, draft included for the government only", async () => {
      const current = await openWorkbook((await h.download(plan(), "coordinator")).bytes);
      const approved = await openWorkbook((await h.download(plan(), "donor")).bytes);
      const wholePlanUsd = (wb: Awaited<ReturnType<typeof openWorkbook>>) =>
        records(sheet(wb, "Budget")).find((r) => r.Item === "Whole plan" && r.Currency === "USD");

      // 45k + 120k + 200k + 90k + 75k in version 1, and the draft shelter's 50k on top now.
      expect(wholePlanUsd(approved)).toMatchObject({ Total: 530_000, Funded: 240_000, Unfunded: 290_000 });
      expect(wholePlanUsd(current)).toMatchObject({ Total: 580_000, Funded: 240_000, Unfunded: 340_000 });
    });
  });

  describe("for each reader", () => {
    it("gives the government the current plan, draft amendment included", async () => {
      const wb = await openWorkbook((await h.download(plan(), "coordinator")).bytes);

      const titles = records(sheet(wb, "PROT Protection")).map((r) => r.Activity);
      expect(titles).toContain(DRAFT_ACTIVITY_TITLE);
      expect(records(sheet(wb, "Summary")).find((r) => r.Field === "Plan shown")?.Value).toBe(
        "Current plan, work in progress (stage draft)",
      );
    });

    it("gives a donor the latest approved version only, never the draft", async () => {
      const res = await h.download(plan(), "donor");
      const wb = await openWorkbook(res.bytes);

      expect(res.headers.get("content-disposition")).toContain(`action-plan-KEN-${h.cycleId}-v1.xlsx`);
      expect(records(sheet(wb, "Summary")).find((r) => r.Field === "Plan shown")?.Value).toBe(
        "Approved version 1 (approved 2026-11-20)",
      );
      for (const ws of wb.worksheets) {
        for (const row of records(ws)) expect(Object.values(row)).not.toContain(DRAFT_ACTIVITY_TITLE);
      }
    });

    it("withholds from a donor a baseline that counts fewer people than the threshold", async () => {
      const donor = sheet(await openWorkbook((await h.download(plan(), "donor")).bytes), "PROS Prosecution");
      const government = sheet(
        await openWorkbook((await h.download(plan(), "coordinator")).bytes),
        "PROS Prosecution",
      );

      expect(cellOf(government, "Indicator ID", "officers-trained", "Baseline").value).toBe(0);
      expect(cellOf(donor, "Indicator ID", "officers-trained", "Baseline").value).toBeNull();
      expect(cellOf(donor, "Indicator ID", "officers-trained", "Baseline year").value).toBe(2026);
      expect(cellOf(donor, "Indicator ID", "officers-trained", "Notes").value).toBe(
        "baseline withheld: a count under 5",
      );
      // 12 convictions is above the threshold: shown to everyone.
      expect(cellOf(donor, "Indicator ID", "convictions", "Baseline").value).toBe(12);
    });

    it("answers 404 to another country's coordinator, and serves an admin who names the country", async () => {
      const mexico = await h.download(plan(), "mexico");
      const admin = await h.download(plan("?country=KEN&format=csv"), "admin");

      expect(mexico.status).toBe(404);
      expect(admin.status).toBe(200);
      expect(admin.text).toContain(DRAFT_ACTIVITY_ID);
    });

    it("refuses a donor the import templates: they show work in progress", async () => {
      const res = await h.download(`/cycles/${h.cycleId}/exports/templates/activities`, "donor");

      expect(res.status).toBe(403);
    });

    it("gives the government the version it names, and 404 for one that does not exist", async () => {
      const v1 = await h.download(plan("?version=1&format=csv"), "coordinator");
      const missing = await h.download(plan("?version=7"), "coordinator");

      expect(v1.status).toBe(200);
      expect(v1.headers.get("content-disposition")).toContain("-v1.csv");
      expect(v1.text).not.toContain(DRAFT_ACTIVITY_ID);
      expect(missing.status).toBe(404);
    });
  });

  describe("as CSV", () => {
    it("has one row per activity and indicator, RFC 4180 quoting, CRLF and a UTF-8 byte order mark", async () => {
      const res = await h.download(plan("?format=csv"), "coordinator");

      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
      expect(res.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(res.text).toContain("\r\n");
      expect(res.text).toContain('"Coordinate, fund and monitor the national response"');
      expect(res.text).toContain('"Shelter for children <under 18> & their carers: ""safe"" places"');
      const [header = [], ...rows] = parseCsv(res.text);
      const at = (row: string[], name: string) => row[header.indexOf(name)];
      // Seven activities with one indicator each, the draft activity without one, and the objective's indicator.
      expect(rows).toHaveLength(9);
      expect(rows.every((r) => r.length === header.length)).toBe(true);
      const law = rows.find((r) => at(r, "Activity ID") === "law") ?? [];
      expect([
        at(law, "Pillar"),
        at(law, "Start"),
        at(law, "Budget"),
        at(law, "Currency"),
        at(law, "Funded"),
      ]).toEqual(["PROS", "2027-01-01", "45000", "USD", "yes"]);
      expect(at(law, "Indicator ID")).toBe("amendment-adopted");
      const convictions = rows.find((r) => at(r, "Indicator ID") === "convictions") ?? [];
      expect([at(convictions, "Activity ID"), at(convictions, "Measures progress of")]).toEqual([
        "",
        "objective",
      ]);
      expect(rows.map((r) => at(r, "Pillar"))).toEqual([
        "PROS",
        "PROS",
        "PROS",
        "PROT",
        "PROT",
        "PREV",
        "PREV",
        "NCC",
        "ICC",
      ]);
      expect(at(rows.find((r) => at(r, "Activity ID") === DRAFT_ACTIVITY_ID) ?? [], "Description")).toBe(
        DRAFT_ACTIVITY_DESCRIPTION,
      );
    });
  });

  describe("as a printable document", () => {
    it("follows pillar, objective, activity, indicator, with every text escaped and a print stylesheet", async () => {
      const res = await h.download(plan("?format=html"), "coordinator");
      const doc = res.text;

      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-disposition")).toContain("inline;");
      const positions = [
        "<h2>PROS: Prosecution</h2>",
        "<h3>Objective: Bring the law and its enforcement in line with the Protocol</h3>",
        "<h4>Draft amendment covering all forms of exploitation</h4>",
        "<td>Amendment adopted (Y/N)</td>",
        "<h2>PROT: Protection and assistance</h2>",
      ].map((s) => doc.indexOf(s));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(doc).toContain(
        "Shelter for children &lt;under 18&gt; &amp; their carers: &quot;safe&quot; places",
      );
      expect(doc).not.toContain("<under 18>");
      expect(doc).toContain("@media print");
    });

    it("allows its one inline stylesheet by hash and nothing else", async () => {
      const res = await h.download(plan("?format=html"), "coordinator");
      const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)?.[1] ?? "";
      const hash = createHash("sha256").update(style).digest("base64");

      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain(`style-src 'sha256-${hash}'`);
      expect(csp).toContain("default-src 'none'");
      expect(res.text).not.toMatch(/<script/i);
    });
  });
});
