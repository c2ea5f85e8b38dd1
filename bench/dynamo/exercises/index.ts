import { DONOR } from "../../support/app.js";
import { AMENDMENT } from "./amendment.js";
import { ASSESSMENT } from "./assessment.js";
import { CLOSING } from "./closing.js";
import { type Exercise, FIRST_MEASURE, type Fixture, PERIOD } from "./fixture.js";
import { MONITORING } from "./monitoring.js";
import { PLAN } from "./plan.js";
import { PRIORITIES } from "./priorities.js";
import { SHARING } from "./sharing.js";

export type { Exercise, Fixture } from "./fixture.js";

// How figure 4 exercises the routes that change state, in this order, on the small and on the large fixture alike:
// the cycle moves through its stages as it would in use. A route of the OpenAPI document that changes state and has
// no exercise here is listed as skipped; add one to the phase it belongs to, to measure it.
export const EXERCISES: Exercise[] = [
  ...ASSESSMENT,
  ...PRIORITIES,
  ...SHARING,
  ...PLAN,
  ...MONITORING,
  ...AMENDMENT,
  ...CLOSING,
];

/**
 * A value for a path parameter of a read-only route, from the parameter's name and the segment before it; undefined
 * when the bench has none (the route is then skipped, naming the parameter).
 */
export function pathValue(f: Fixture, name: string, before: string | undefined): string | undefined {
  switch (name) {
    case "cycleId":
      return f.cycleId;
    case "stage":
      return "assessment";
    case "measureId":
      return FIRST_MEASURE();
    case "index":
      return String(PERIOD);
    case "organisation":
      return DONOR;
    case "number":
    case "from":
    case "to":
      return "1";
    case "id":
      return before === "frameworks"
        ? "TIP"
        : before === "objectives"
          ? "O01"
          : before === "activities"
            ? "A001"
            : undefined;
    default:
      return undefined;
  }
}
