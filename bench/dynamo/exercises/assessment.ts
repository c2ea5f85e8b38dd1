import { COUNTRY, MINISTRIES } from "../../support/app.js";
import { benchEntries, catalogueMeasureIds, commitInChunks } from "../../support/seed.js";
import { answer, type Exercise, FIRST_MEASURE, key, registerWait, runTasks } from "./fixture.js";

/** The needs assessment in draft, then submitted and decided by both ministries; a new cycle too. */
export const ASSESSMENT: Exercise[] = [
  {
    route: "PUT /cycles/{cycleId}/assessment/entries/{measureId}",
    async request(f) {
      const measureId = FIRST_MEASURE();
      const existing = await f.deps.store.getEntry(COUNTRY, f.cycleId, measureId);
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/assessment/entries/${measureId}`,
        as: "coordinator",
        body: { answer: answer(1), ...(existing ? { expectedVersion: existing.version } : {}) },
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/assessment/bulk",
    variant: "50 answers",
    async request(f) {
      const ids = catalogueMeasureIds().slice(10, 60);
      const entries = await Promise.all(
        ids.map(async (measureId, i) => {
          const existing = await f.deps.store.getEntry(COUNTRY, f.cycleId, measureId);
          return { measureId, answer: answer(i), ...(existing ? { expectedVersion: existing.version } : {}) };
        }),
      );
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/assessment/bulk`,
        as: "coordinator",
        body: { entries },
        headers: key(f, "bulk"),
      };
    },
  },
  {
    route: "POST /cycles",
    async request(f) {
      const policy = { ministries: [...MINISTRIES], rule: { type: "all" } };
      return {
        method: "POST",
        path: "/cycles",
        as: "coordinator",
        body: {
          title: "National action plan against trafficking and smuggling 2030-2032",
          frameworks: [{ id: "TIP" }, { id: "SOM" }],
          planPeriod: { start: "2030-01-01", end: "2032-12-31" },
          reportingCadence: "quarterly",
          approvalPolicies: { assessment: policy },
        },
        headers: key(f, "create"),
      };
    },
  },
  // Submitted and decided: a submission needs every catalogue measure answered, so the small fixture is completed
  // to the catalogues' 134 measures first (the large one holds them already).
  {
    route: "POST /cycles/{cycleId}/stages/{stage}/submit",
    variant: "assessment",
    async prepare(f) {
      const answered = new Set((await f.deps.store.listEntries(COUNTRY, f.cycleId)).map((e) => e.measureId));
      const missing = catalogueMeasureIds().filter((id) => !answered.has(id));
      const entries = benchEntries({ country: COUNTRY, cycleId: f.cycleId }, missing);
      await commitInChunks(
        f.deps.store,
        entries.map((item) => ({ entity: "entry" as const, item, expectedVersion: null })),
      );
      await runTasks(f, registerWait({ stage: "assessment", wait: "submission" }));
    },
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/stages/assessment/submit`,
        as: "coordinator",
        body: { note: "Reviewed by the whole working group" },
        headers: key(f, "submit"),
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/stages/{stage}/decisions",
    variant: "assessment, 1st of 2 ministries",
    async prepare(f) {
      await runTasks(f, registerWait({ stage: "assessment", wait: "decision" }));
    },
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/stages/assessment/decisions`,
        as: "justice",
        body: { decision: "approve" },
        headers: key(f, "justice"),
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/stages/{stage}/decisions",
    variant: "assessment, 2nd: approves and delivers",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/stages/assessment/decisions`,
        as: "interior",
        body: { decision: "approve" },
        headers: key(f, "interior"),
      };
    },
  },
];
