import { COUNTRY } from "../../support/app.js";
import { approve, closeStage, type Exercise, key, PERIOD, registerWait, runTasks } from "./fixture.js";

/** The agency every activity of the fixture is led by (bench/support/seed.ts). */
const LEAD_AGENCY = "national-police-service";

/** Monitoring: the plan approved and closed, reporting period PERIOD open and waiting for reports. */
export const MONITORING: Exercise[] = [
  {
    route: "POST /cycles/{cycleId}/periods/{index}/reports",
    async prepare(f) {
      await approve(f, "action_plan");
      await runTasks(
        f,
        closeStage("action_plan"),
        { task: "planPeriod", input: { periodIndex: PERIOD, generation: 0 } },
        { task: "openPeriod", input: { periodIndex: PERIOD } },
        registerWait({ wait: "reports", periodIndex: PERIOD }),
      );
    },
    async request(f) {
      // A report covers every activity its agency leads in the period: all of the fixture's.
      const activities = await f.deps.store.listRecords(COUNTRY, f.cycleId, "activity");
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/periods/${PERIOD}/reports`,
        as: "coordinator",
        body: {
          agency: LEAD_AGENCY,
          activities: activities.map((a, i) => ({
            activityId: a.id,
            status: "on_track",
            percentComplete: 10 + (i % 50),
            spend: 1_000,
          })),
          narrative: "Workshops under way in three regions",
        },
        headers: key(f, "report"),
      };
    },
  },
  {
    route: "POST /cycles/{cycleId}/periods/{index}/comments",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/periods/${PERIOD}/comments`,
        as: "donor",
        body: { text: "Good progress; please add the regional breakdown next quarter." },
        headers: key(f, "comment"),
      };
    },
  },
];
