import { COUNTRY } from "../../support/app.js";
import { catalogueMeasureIds } from "../../support/seed.js";
import {
  candidateOf,
  closeStage,
  type Exercise,
  FIRST_MEASURE,
  key,
  openStage,
  registerWait,
  runTasks,
} from "./fixture.js";

/** The priorities, opened as the openStage task opens them (candidates from the assessment's gaps). */
export const PRIORITIES: Exercise[] = [
  {
    route: "PUT /cycles/{cycleId}/priorities/criteria",
    async prepare(f) {
      await runTasks(
        f,
        closeStage("assessment"),
        openStage("priorities"),
        registerWait({ stage: "priorities", wait: "submission" }),
      );
    },
    async request(f) {
      const settings = await f.deps.store.getRecord(COUNTRY, f.cycleId, "prioritySettings", "settings");
      if (!settings) throw new Error("opening the priorities wrote no settings");
      const criteria = settings.criteria.map((c) => (c.id === "impact" ? { ...c, weight: 4 } : c));
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/priorities/criteria`,
        as: "coordinator",
        body: { criteria, expectedVersion: settings.version },
      };
    },
  },
  {
    route: "PUT /cycles/{cycleId}/priorities/{measureId}/ratings",
    async request(f) {
      const candidate = await candidateOf(f, FIRST_MEASURE());
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/priorities/${candidate.id}/ratings`,
        as: "coordinator",
        body: { ratings: { impact: 3, feasibility: 2 }, expectedVersion: candidate.version },
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/priorities/{measureId}/decision",
    async request(f) {
      const candidate = await candidateOf(f, FIRST_MEASURE());
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/priorities/${candidate.id}/decision`,
        as: "coordinator",
        body: { outcome: "accepted", reason: "Closes the largest gap of the prosecution pillar" },
        headers: key(f, "priority-decision"),
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/priorities",
    variant: "add a measure without a gap",
    async request(f) {
      // Catalogue measure 6 is answered in_place in both fixtures (bench/support/seed.ts), so it is no candidate.
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/priorities`,
        as: "coordinator",
        body: { measureId: catalogueMeasureIds()[5] },
        headers: key(f, "priority-add"),
      };
    },
  },
];
