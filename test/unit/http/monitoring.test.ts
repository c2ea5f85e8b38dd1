import { beforeAll, describe, expect, it } from "vitest";
import type { Share } from "../../../functions/core/donors/schema.js";
import { closePeriod, openPeriod } from "../../../functions/workflow/tasks/period-tasks.js";
import { registerWait } from "../../../functions/workflow/tasks/register-wait.js";
import { coordinator, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";
import { seedMonitoredCycle } from "../core/monitoring-fixtures.js";
import { createHarness, type Harness } from "./harness.js";

const step = (activityId: string, status = "on_track") => ({
  activityId,
  status,
  percentComplete: 40,
  spend: 2500,
});
const policeBody = (overrides: Record<string, unknown> = {}) => ({
  activities: [step("act-train"), step("act-border")],
  indicatorActuals: [
    {
      indicatorId: "ind-victims",
      value: 14,
      disaggregation: { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } },
    },
    { indicatorId: "ind-trained", value: 60, disaggregation: {} },
  ],
  narrative: "Two trainings held in Mombasa; the border operation started in September.",
  ...overrides,
});
const labourBody = { activities: [step("act-shelter")], indicatorActuals: [] };

describe("monitoring over the API", () => {
  let h: Harness;
  let cycleId: string;
  const ref = newCycleRef();
  const reports = (index: number) => `/cycles/${cycleId}/periods/${index}/reports`;
  const task = (periodIndex: number) => ({ country: "KEN", cycleId, periodIndex });

  beforeAll(async () => {
    h = await createHarness();
    cycleId = ref.cycleId;
    await seedMonitoredCycle(h.store, ref);
    await openPeriod(h.deps, task(0));
    await registerWait(h.deps, { ...task(0), wait: "reports", token: "token-q3" });
    return () => h.cleanup();
  });

  describe("submitting a report", () => {
    it("answers 422 period_not_open for a period whose round has not opened", async () => {
      const res = await h.call("POST", reports(1), { as: "police", body: policeBody() });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: "period_not_open" });
      expect(res.body.message).toContain("Q4 2026 is not open for reports yet: its round opens 2027-01-01");
    });

    it("answers 404 for a period the plan does not have", async () => {
      const res = await h.call("POST", reports(16), { as: "police", body: policeBody() });
      expect(res.status).toBe(404);
    });

    it("answers 400 naming a field no report may hold", async () => {
      const res = await h.call("POST", reports(0), {
        as: "police",
        body: policeBody({ victims: [{ name: "J. Doe", age: 16 }] }),
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("body.victims: is not a known field");
    });

    it("answers 403 when a member reports for another agency, and when an approver reports", async () => {
      const other = await h.call("POST", reports(0), {
        as: "labour",
        body: policeBody({ agency: "national-police" }),
      });
      expect(other.status).toBe(403);
      expect(other.body.message).toBe("agency: a member reports only for their own agency");
      expect((await h.call("POST", reports(0), { as: "justice", body: policeBody() })).status).toBe(403);
    });

    it("answers 400 when the coordinator does not name the agency", async () => {
      const res = await h.call("POST", reports(0), { as: "coordinator", body: policeBody() });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("agency: name the lead agency this report is for");
    });

    it("answers 422 naming each field that does not fit the plan", async () => {
      const res = await h.call("POST", reports(0), {
        as: "police",
        body: policeBody({
          indicatorActuals: [
            { indicatorId: "ind-victims", value: 14, disaggregation: { sex: { female: 9, male: 6 } } },
            { indicatorId: "ind-trained", value: 60, disaggregation: { region: { mombasa: 60 } } },
          ],
        }),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("report_invalid");
      expect(res.body.message).toBe(
        "indicatorActuals[0].disaggregation.sex: the sex counts add up to 15, more than the value 14; " +
          "indicatorActuals[1].disaggregation.region: ind-trained is not disaggregated by region (declared: none)",
      );
    });

    it("stores a member's report; the only one expected, it completes the round and the workflow's wait", async () => {
      const res = await h.call("POST", reports(0), {
        as: "police",
        body: policeBody(),
        headers: { "Idempotency-Key": "police-q3" },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: "000:national-police",
        agency: "national-police",
        version: 1,
        submittedBy: { role: "member", agency: "national-police" },
      });
      // Only the police run activities in Q3 2026.
      expect(h.workflow.successes).toEqual([{ token: "token-q3", output: { complete: true } }]);
    });

    it("replays the answer for the same Idempotency-Key, without a second report", async () => {
      const again = await h.call("POST", reports(0), {
        as: "police",
        body: policeBody(),
        headers: { "Idempotency-Key": "police-q3" },
      });
      expect(again.status).toBe(200);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect(again.body.version).toBe(1);
    });

    it("answers 409 with the current version to a resubmission without expectedVersion, and replaces with it", async () => {
      const stale = await h.call("POST", reports(0), { as: "police", body: policeBody() });
      expect(stale.status).toBe(409);
      expect(stale.body.details).toMatchObject({ field: "expectedVersion", currentVersion: 1 });

      const replaced = await h.call("POST", reports(0), {
        as: "coordinator",
        body: policeBody({ agency: "national-police", narrative: "Corrected spend", expectedVersion: 1 }),
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ version: 2, narrative: "Corrected spend" });
      expect(h.workflow.successes).toHaveLength(1);
    });

    it("answers 422 period_closed once the period closed", async () => {
      await closePeriod(h.deps, task(0));
      const res = await h.call("POST", reports(0), {
        as: "police",
        body: policeBody({ expectedVersion: 2 }),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("period_closed");
    });
  });

  describe("reading periods", () => {
    it("lists every period with its state, due date and agencies", async () => {
      await openPeriod(h.deps, task(1));
      const res = await h.call("GET", `/cycles/${cycleId}/periods`, { as: "labour" });
      expect(res.status).toBe(200);
      const items = res.body.items as Record<string, unknown>[];
      expect(items).toHaveLength(16);
      expect(items[0]).toMatchObject({
        index: 0,
        label: "Q3 2026",
        state: "closed",
        dueAt: "2026-10-31T00:00:00.000Z",
        expectedAgencies: ["national-police"],
        reportedAgencies: ["national-police"],
        missingAgencies: [],
        reportsComplete: true,
      });
      expect(items[1]).toMatchObject({
        state: "open",
        expectedAgencies: ["ministry-of-labour", "national-police"],
        missingAgencies: ["ministry-of-labour", "national-police"],
      });
      expect(items[2]).toMatchObject({
        state: "scheduled",
        opensAt: "2027-04-01T00:00:00.000Z",
        expectedAgencies: [],
      });
      expect(JSON.stringify(items)).not.toContain("token");
    });

    it("shows one period with its reports", async () => {
      const res = await h.call("GET", `/cycles/${cycleId}/periods/0`, { as: "justice" });
      expect(res.status).toBe(200);
      expect(res.body.period).toMatchObject({ index: 0, state: "closed" });
      expect(res.body.reports).toMatchObject([
        {
          agency: "national-police",
          version: 2,
          indicatorActuals: [{ indicatorId: "ind-victims", value: 14 }, {}],
        },
      ]);
    });

    it("answers 404 to another country's coordinator", async () => {
      expect((await h.call("GET", `/cycles/${cycleId}/periods`, { as: "mexico" })).status).toBe(404);
      expect((await h.call("GET", `/cycles/${cycleId}/monitoring`, { as: "mexico" })).status).toBe(404);
      expect((await h.call("POST", reports(1), { as: "mexico", body: labourBody })).status).toBe(404);
    });
  });

  describe("the monitoring figures", () => {
    it("rolls up the approved plan and computes SDG 16.2.2 for the government", async () => {
      const res = await h.call("GET", `/cycles/${cycleId}/monitoring`, { as: "coordinator" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        plan: { source: "approved" },
        reportedThrough: 0,
        suppression: { applied: false, threshold: 5 },
        totals: { activities: 4, weighting: "budget" },
      });
      const indicators = res.body.indicators as { id: string; years: unknown[] }[];
      expect(indicators.find((i) => i.id === "ind-victims")?.years).toEqual([
        {
          year: 2026,
          actual: 14,
          target: 20,
          percentAchieved: 70,
          reports: 1,
          disaggregation: { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } },
        },
      ]);
      expect((res.body.sdg as { years: unknown[] }).years[0]).toMatchObject({
        year: 2026,
        victims: 14,
        rate: 0.028,
      });
    });

    it("suppresses small counts for a donor the cycle is shared with, and answers 404 to any other donor", async () => {
      expect((await h.call("GET", `/cycles/${cycleId}/monitoring`, { as: "donor" })).status).toBe(404);
      const share: Share = {
        kind: "share",
        id: "giz",
        country: "KEN",
        cycleId,
        organisation: "giz",
        sharedBy: coordinator,
        sharedAt: FIXTURE_TIME,
        updatedAt: FIXTURE_TIME,
        version: 1,
      };
      await h.store.commit({
        writes: [{ entity: "record", item: share, expectedVersion: null }],
        events: [],
      });

      const res = await h.call("GET", `/cycles/${cycleId}/monitoring`, { as: "donor" });
      expect(res.status).toBe(200);
      expect(res.body.suppression).toEqual({ applied: true, threshold: 5 });
      const victims = (res.body.indicators as { id: string; years: Record<string, unknown>[] }[]).find(
        (i) => i.id === "ind-victims",
      );
      expect(victims?.years[0]).toMatchObject({
        actual: 14,
        disaggregation: { sex: { female: 9, male: 5 }, age: { child: null, adult: null } },
        suppressed: true,
      });

      const period = await h.call("GET", `/cycles/${cycleId}/periods/0`, { as: "donor" });
      expect(period.status).toBe(200);
      const [report] = period.body.reports as Record<string, unknown>[];
      expect(report?.submittedBy).toBeUndefined();
      expect(report?.indicatorActuals).toMatchObject([{ value: null, suppressed: true }, { value: null }]);
    });
  });
});
