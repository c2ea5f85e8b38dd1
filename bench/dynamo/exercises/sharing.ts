import { DONOR } from "../../support/app.js";
import { type Exercise, key } from "./fixture.js";

/** Shared with a donor organisation; another share is made and withdrawn. */
export const SHARING: Exercise[] = [
  {
    route: "POST /cycles/{cycleId}/shares",
    async request(f) {
      return {
        method: "POST",
        path: `/cycles/${f.cycleId}/shares`,
        as: "coordinator",
        body: { organisation: DONOR },
        headers: key(f, "share"),
      };
    },
  },
  {
    route: "DELETE /cycles/{cycleId}/shares/{organisation}",
    async prepare(f) {
      await f.send({
        method: "POST",
        path: `/cycles/${f.cycleId}/shares`,
        as: "coordinator",
        body: { organisation: "another-donor" },
      });
    },
    async request(f) {
      return { method: "DELETE", path: `/cycles/${f.cycleId}/shares/another-donor`, as: "coordinator" };
    },
  },
];
