import { beforeAll, describe, expect, it } from "vitest";
import { computeSummary } from "../../../functions/core/donors/closing.js";
import type { Share } from "../../../functions/core/donors/schema.js";
import { freezeStage } from "../../../functions/core/versions/freeze.js";
import { openPeriod } from "../../../functions/workflow/tasks/period-tasks.js";
import { coordinator, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";
import { indicator, planRecords, seedMonitoredCycle } from "../core/monitoring-fixtures.js";
import { createHarness, type Harness, type PersonaName, type Reply } from "../http/harness.js";
import { smallCounts, smallCsvCounts } from "./small-counts.js";

type Parameter = { in: string; name: string; schema?: { enum?: string[] } };

// Small-cell suppression in everything a donor can read, checked over the route table rather than route by route:
// every GET operation of the OpenAPI document is called as a donor of a shared cycle that holds small counts (in
// reports, roll-ups, SDG 16.2.2, frozen baselines), and no count below the plan's threshold may come back. The same
// walk over the coordinator's answers must find those small counts, or the check would prove nothing.

describe("small-cell suppression in every view a donor can read", () => {
  let h: Harness;
  const ref = newCycleRef();

  beforeAll(async () => {
    h = await createHarness();
    // The plan of the monitoring fixtures, its victims indicator with a small baseline.
    const plan = planRecords(ref);
    plan.indicators = plan.indicators.map((i) =>
      i.id === "ind-victims" ? { ...i, baseline: { value: 3, year: 2025 } } : i,
    );
    plan.indicators.push(indicator(ref, "ind-rescued", { baseline: { value: 40, year: 2025 } }));
    await seedMonitoredCycle(h.store, ref, plan);
    const found = await h.store.getCycle(ref.country, ref.cycleId);
    const stage = found?.stages.find((s) => s.stage === "action_plan");
    if (!found || !stage) throw new Error("the seeded cycle is missing");
    const frozen = await freezeStage(h.deps, found.cycle, stage, 1, FIXTURE_TIME);
    await h.store.commit({ writes: [frozen.write], events: [] });

    await openPeriod(h.deps, { ...ref, periodIndex: 0 });
    const report = await h.call("POST", `/cycles/${ref.cycleId}/periods/0/reports`, {
      as: "police",
      body: {
        activities: ["act-train", "act-border"].map((activityId) => ({
          activityId,
          status: "on_track",
          percentComplete: 40,
          spend: 2500,
        })),
        indicatorActuals: [
          {
            indicatorId: "ind-victims",
            value: 14,
            disaggregation: {
              sex: { female: 11, male: 3 },
              age: { child: 4, adult: 10 },
              exploitation: { sexual: 12, forced_labour: 2 },
            },
          },
          { indicatorId: "ind-trained", value: 3 },
          { indicatorId: "ind-rescued", value: 25 },
        ],
        narrative: "Operations in Mombasa and at the border.",
      },
    });
    if (report.status !== 200) throw new Error(`the report answered ${report.status}: ${report.text}`);

    const after = await h.store.getCycle(ref.country, ref.cycleId);
    if (!after) throw new Error("the cycle is gone");
    const summary = await computeSummary(h.deps, after.cycle, after.stages, FIXTURE_TIME);
    const share: Share = {
      kind: "share",
      id: "giz",
      country: ref.country,
      cycleId: ref.cycleId,
      organisation: "giz",
      sharedBy: coordinator,
      sharedAt: FIXTURE_TIME,
      updatedAt: FIXTURE_TIME,
      version: 1,
    };
    await h.store.commit({
      writes: [summary, share].map((item) => ({ entity: "record" as const, item, expectedVersion: null })),
      events: [],
    });
    return () => h.cleanup();
  });

  /** Every GET operation of the document, with its path filled in for this cycle (each stage for `{stage}`). */
  async function readRoutes(): Promise<{ route: string; path: string; csv: boolean }[]> {
    const doc = (await h.call("GET", "/openapi.json")).body as {
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    };
    const params: Record<string, string> = {
      cycleId: ref.cycleId,
      index: "0",
      number: "1",
      from: "1",
      to: "1",
      measureId: "TIP.PROS.1.1",
      organisation: "giz",
      id: "ind-victims",
      kind: "activities",
    };
    return Object.entries(doc.paths)
      .flatMap(([template, operations]) => (operations.get ? [[template, operations.get] as const] : []))
      .flatMap(([template, operation]) => {
        const csv = (operation.parameters ?? []).some(
          (p) => p.in === "query" && p.name === "format" && p.schema?.enum?.includes("csv"),
        );
        const stages = template.includes("{stage}") ? ["assessment", "priorities", "action_plan"] : [""];
        return stages.map((stage) => ({
          route: `GET ${template}${stage ? ` (${stage})` : ""}`,
          csv,
          path: template.replace(/\{(\w+)\}/g, (_m, name: string) =>
            name === "stage" ? stage : (params[name] ?? "x"),
          ),
        }));
      });
  }

  async function read(path: string, as: PersonaName): Promise<Reply> {
    return h.call("GET", path, { as });
  }

  it("shows a donor no count below the threshold on any route, where the government sees them", async () => {
    const routes = await readRoutes();
    const leaks: string[] = [];
    const readable: string[] = [];
    const files: string[] = [];
    const smallForGovernment = new Set<string>();
    let shownToDonor = 0;
    for (const { route, path } of routes) {
      const donor = await read(path, "donor");
      expect(donor.status, `${route}: ${donor.text.slice(0, 300)}`).toBeLessThan(500);
      if (donor.status !== 200) continue;
      readable.push(route);
      if (!(donor.headers.get("content-type") ?? "").includes("application/json")) {
        files.push(route);
        continue;
      }
      for (const f of smallCounts(donor.body)) leaks.push(`${route}: ${f.path} = ${f.value}`);
      shownToDonor += JSON.stringify(donor.body).match(/"(actual|victims)":(1[4-9]|[2-9]\d)/g)?.length ?? 0;
      const government = await read(path, "coordinator");
      if (smallCounts(government.body).length > 0) smallForGovernment.add(route);
    }

    expect(leaks).toEqual([]);
    // The walk reached the donor views that carry counts, and they do carry small ones for the government.
    expect(readable).toEqual(
      expect.arrayContaining([
        "GET /cycles/{cycleId}/monitoring",
        "GET /cycles/{cycleId}/periods/{index}",
        "GET /cycles/{cycleId}/stages/{stage}/versions/{number} (action_plan)",
        "GET /cycles/{cycleId}/summary",
      ]),
    );
    expect([...smallForGovernment]).toEqual(
      expect.arrayContaining([
        "GET /cycles/{cycleId}/monitoring",
        "GET /cycles/{cycleId}/periods/{index}",
        "GET /cycles/{cycleId}/stages/{stage}/versions/{number} (action_plan)",
      ]),
    );
    // Suppression did not just blank everything: the large counts still reach the donor.
    expect(shownToDonor).toBeGreaterThan(0);
    // Files (exports) are the one kind of answer this walk cannot read; they are all exports, tested on their own.
    for (const route of files) expect(route).toMatch(/\/exports\//);
  });

  it("shows a donor no count below the threshold in any CSV export, where the government's file has them", async () => {
    const exports = (await readRoutes()).filter((r) => r.csv);
    const leaks: string[] = [];
    const smallForGovernment: string[] = [];
    for (const { route, path } of exports) {
      const donor = await read(`${path}?format=csv`, "donor");
      expect(donor.status, `${route}: ${donor.text.slice(0, 300)}`).toBeLessThan(500);
      if (donor.status !== 200) continue;
      for (const f of smallCsvCounts(donor.text)) leaks.push(`${route}: ${f.path} = ${f.value}`);
      const government = await read(`${path}?format=csv`, "coordinator");
      if (smallCsvCounts(government.text).length > 0) smallForGovernment.push(route);
    }

    expect(leaks).toEqual([]);
    // The columns were recognised: the government's files hold the small counts the donor's must not.
    expect(smallForGovernment).toEqual(
      expect.arrayContaining([
        "GET /cycles/{cycleId}/exports/plan",
        "GET /cycles/{cycleId}/exports/indicators",
      ]),
    );
  });

  it("finds a small count where one would leak (the walk itself is sound)", () => {
    expect(
      smallCounts({ years: [{ actual: 3, disaggregation: { sex: { female: 2, male: null } } }] }),
    ).toEqual([
      { path: ".years[0].actual", value: 3 },
      { path: ".years[0].disaggregation.sex.female", value: 2 },
    ]);
    expect(
      smallCounts({ sdg: { bySex: { male: { victims: 1, population: 25_000_000, rate: 0.004 } } } }),
    ).toEqual([{ path: ".sdg.bySex.male.victims", value: 1 }]);
    expect(smallCounts({ isCount: false, years: [{ actual: 3 }] })).toEqual([]);
    const csv =
      '\uFEFFIndicator,Count,Baseline,Actual,"sex: female"\r\n"Victims, identified",yes,40,3,\r\nShelter,no,2,1,1\r\n';
    expect(smallCsvCounts(csv)).toEqual([{ path: "row 1 Actual", value: 3 }]);
    expect(smallCounts({ targets: [{ year: 2027, value: 2 }], baseline: { value: 4, year: 2025 } })).toEqual([
      { path: ".baseline.value", value: 4 },
    ]);
  });
});
