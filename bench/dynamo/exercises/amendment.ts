import { type Exercise, key } from "./fixture.js";

/** After the plan's, since it reopens the approved assessment (as version 2). */
export const AMENDMENT: Exercise[] = [
  {
    route: "POST /cycles/{cycleId}/stages/{stage}/amendments",
    variant: "assessment",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/stages/assessment/amendments`,
        as: "coordinator",
        body: { reason: "Court statistics for 2026 are out" },
        headers: key(f, "amendment"),
      };
    },
  },
];
