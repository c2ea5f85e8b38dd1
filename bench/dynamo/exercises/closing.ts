import { type Exercise, key, PERIOD, runTasks } from "./fixture.js";

/** Last: the reporting period and the cycle closed by their tasks (the final summary written), then its successor. */
export const CLOSING: Exercise[] = [
  {
    route: "POST /cycles/{cycleId}/successor",
    async prepare(f) {
      await runTasks(
        f,
        { task: "closePeriod", input: { periodIndex: PERIOD } },
        { task: "closeCycle", input: {} },
      );
    },
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/successor`,
        as: "coordinator",
        body: {
          title: "National action plan against trafficking and smuggling 2030-2034",
          planPeriod: { start: "2030-07-01", end: "2034-06-30" },
        },
        headers: key(f, "successor"),
      };
    },
  },
];
