import { COUNTRY } from "../../support/app.js";
import {
  approve,
  closeStage,
  created,
  type Exercise,
  key,
  openStage,
  registerWait,
  runTasks,
  versionOf,
} from "./fixture.js";

const ACTIVITY = {
  objectiveId: "O01",
  title: "Train prosecutors on the 2010 trafficking act",
  description: "Two-day workshops in Nairobi, Mombasa and Kisumu",
  leadAgency: "national-police-service",
  partnerAgencies: ["ministry-of-justice"],
  start: "2027-02-01",
  end: "2027-11-30",
  budget: { amount: 40_000, currency: "USD", source: "donor", donorName: "UNODC GLO.ACT", funded: true },
  measureIds: ["TIP.PROS.1.1"],
};
const OBJECTIVE = {
  title: "Prosecute more traffickers",
  pillar: "PROS",
  description: "Convictions up by half",
};
const INDICATOR = (activityId: string) => ({
  attachedTo: { kind: "activity", id: activityId },
  name: "Prosecutors trained",
  type: "output",
  unit: "persons",
  isCount: true,
  baseline: { value: 0, year: 2026 },
  targets: [{ year: 2027, value: 120 }],
});

/** The action plan in draft (the priorities approved and closed before it): every kind of item written. */
export const PLAN: Exercise[] = [
  {
    route: "PUT /cycles/{cycleId}/plan/settings",
    async prepare(f) {
      // Approved without its submission and decisions (measured above on the assessment), then closed and frozen.
      await approve(f, "priorities");
      await runTasks(
        f,
        closeStage("priorities"),
        openStage("action_plan"),
        registerWait({ stage: "action_plan", wait: "submission" }),
      );
    },
    async request(f) {
      const settings = await f.deps.store.getRecord(COUNTRY, f.cycleId, "planSettings", "settings");
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/plan/settings`,
        as: "coordinator",
        body: {
          suppressionThreshold: 5,
          population: { year: 2026, total: 56_000_000 },
          ...(settings ? { expectedVersion: settings.version } : {}),
        },
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/plan/objectives",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/plan/objectives`,
        as: "coordinator",
        body: OBJECTIVE,
        headers: key(f, "objective"),
      };
    },
  },
  {
    route: "PUT /cycles/{cycleId}/plan/objectives/{id}",
    async request(f) {
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/plan/objectives/O01`,
        as: "coordinator",
        body: { ...OBJECTIVE, expectedVersion: await versionOf(f, "objective", "O01") },
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/plan/activities",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/plan/activities`,
        as: "coordinator",
        body: ACTIVITY,
        headers: key(f, "activity"),
      };
    },
  },
  {
    route: "PUT /cycles/{cycleId}/plan/activities/{id}",
    async request(f) {
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/plan/activities/A001`,
        as: "coordinator",
        body: { ...ACTIVITY, expectedVersion: await versionOf(f, "activity", "A001") },
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/plan/indicators",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/plan/indicators`,
        as: "coordinator",
        body: INDICATOR("A001"),
        headers: key(f, "indicator"),
      };
    },
  },
  {
    route: "PUT /cycles/{cycleId}/plan/indicators/{id}",
    async request(f) {
      const indicator = await created(f, "indicator");
      return {
        method: "PUT",
        path: `/cycles/${f.cycleId}/plan/indicators/${indicator.id}`,
        as: "coordinator",
        body: { ...INDICATOR("A001"), expectedVersion: indicator.version },
      };
    },
  },
  {
    route: "DELETE /cycles/{cycleId}/plan/indicators/{id}",
    async request(f) {
      const indicator = await created(f, "indicator");
      return {
        method: "DELETE",
        path: `/cycles/${f.cycleId}/plan/indicators/${indicator.id}?expectedVersion=${indicator.version}`,
        as: "coordinator",
      };
    },
  },
  {
    route: "DELETE /cycles/{cycleId}/plan/activities/{id}",
    async request(f) {
      const version = await versionOf(f, "activity", "A002");
      return {
        method: "DELETE",
        path: `/cycles/${f.cycleId}/plan/activities/A002?expectedVersion=${version}`,
        as: "coordinator",
      };
    },
  },
  {
    route: "DELETE /cycles/{cycleId}/plan/objectives/{id}",
    async request(f) {
      const objective = await created(f, "objective");
      return {
        method: "DELETE",
        path: `/cycles/${f.cycleId}/plan/objectives/${objective.id}?expectedVersion=${objective.version}`,
        as: "coordinator",
      };
    },
  },
];
