import { describe, expect, it } from "vitest";
import type { PlanView } from "../../../functions/core/action-plan/views.js";
import {
  quartersOf,
  timelineLayout,
  timelineModel,
} from "../../../functions/http/pages/plan-timeline-model.js";

type TimelinePlan = Pick<PlanView, "planPeriod" | "objectives" | "unassigned" | "validation">;

const activity = (id: string, start: string, end: string, dependsOn: string[] = []) => ({
  id,
  objectiveId: "obj",
  title: `Activity ${id}`,
  description: "",
  partnerAgencies: [],
  start,
  end,
  measureIds: [],
  priorityIds: [],
  dependsOn,
  indicators: [],
  updatedAt: "2026-03-02T09:00:00.000Z",
  version: 1,
});

function plan(
  activities: ReturnType<typeof activity>[],
  validation: TimelinePlan["validation"] = emptyValidation,
): TimelinePlan {
  return {
    planPeriod: { start: "2027-01-01", end: "2028-12-31" },
    objectives: [
      {
        id: "obj",
        title: "Identify every victim",
        description: "",
        pillar: "PROT",
        priorityIds: [],
        indicators: [],
        activities,
        updatedAt: "2026-03-02T09:00:00.000Z",
        version: 1,
      },
    ],
    unassigned: { activities: [], indicators: [] },
    validation,
  };
}
const emptyValidation = { submittable: true, errors: [], warnings: [] };

describe("the plan timeline", () => {
  it("cuts the plan period into calendar quarters, the first and last cut to the period", () => {
    const quarters = quartersOf({ start: "2026-08-15", end: "2027-02-10" });
    expect(quarters.map((q) => [q.quarter, q.year, q.start, q.end])).toEqual([
      [3, 2026, "2026-08-15", "2026-09-30"],
      [4, 2026, "2026-10-01", "2026-12-31"],
      [1, 2027, "2027-01-01", "2027-02-10"],
    ]);
    expect(quarters[0]?.from).toBe(0);
    expect(quarters.at(-1)?.to).toBe(1);
    // Contiguous: each quarter starts where the one before ends.
    expect(quarters[1]?.from).toBe(quarters[0]?.to);
  });

  it("places an activity of the plan's first year across the first half of a two-year plan", () => {
    const model = timelineModel(plan([activity("law", "2027-01-01", "2027-12-31")]));
    const row = model.rows[0];
    expect(row?.from).toBe(0);
    expect(row?.to).toBeCloseTo(365 / 731, 6);
    expect(row?.quarters).toEqual({ first: { quarter: 1, year: 2027 }, last: { quarter: 4, year: 2027 } });
    expect(row).toMatchObject({ clippedStart: false, clippedEnd: false, group: "Identify every victim" });
  });

  it("cuts a bar that runs past the plan period and says so", () => {
    const model = timelineModel(plan([activity("late", "2028-10-01", "2029-06-30")]));
    expect(model.rows[0]).toMatchObject({ to: 1, clippedEnd: true, clippedStart: false });
    expect(model.rows[0]?.quarters).toEqual({
      first: { quarter: 4, year: 2028 },
      last: { quarter: 4, year: 2028 },
    });
  });

  it("marks the dependency warnings of the plan rules on the activity they name, with the dependency's title", () => {
    const validation = {
      submittable: true,
      errors: [{ rule: "activity_without_budget" as const, id: "training", message: "no budget" }],
      warnings: [
        {
          rule: "starts_before_dependency_ends" as const,
          id: "training",
          message: 'activity "Activity training" starts 2027-06-01, before "Activity law" ends',
        },
      ],
    };
    const model = timelineModel(
      plan(
        [
          activity("law", "2027-01-01", "2027-12-31"),
          activity("training", "2027-06-01", "2028-06-30", ["law"]),
        ],
        validation,
      ),
    );
    const training = model.rows.find((r) => r.id === "training");
    expect(training?.dependsOn).toEqual([{ id: "law", title: "Activity law" }]);
    // Only the rules about time and dependencies belong on the timeline; a missing budget does not.
    expect(training?.issues).toEqual([{ severity: "warning", message: validation.warnings[0]?.message }]);
    const layout = timelineLayout(model, { dir: "ltr" });
    expect(layout.rows.map((r) => [r.id, r.warn])).toEqual([
      ["law", null],
      ["training", "warning"],
    ]);
  });

  it("lays out the bars in SVG coordinates and mirrors them for a right-to-left page", () => {
    const model = timelineModel(plan([activity("law", "2027-01-01", "2027-12-31")]));
    const ltr = timelineLayout(model, { dir: "ltr", width: 1000, labelWidth: 200 });
    const rtl = timelineLayout(model, { dir: "rtl", width: 1000, labelWidth: 200 });
    const plotWidth = 1000 - 200 - 24;
    const [l, r] = [ltr.rows[0]?.bar, rtl.rows[0]?.bar];
    expect(l?.x).toBe(200);
    expect(l?.width).toBeCloseTo((plotWidth * 365) / 731, 0);
    // The same bar, measured from the right edge.
    expect(r?.width).toBe(l?.width);
    expect((r?.x ?? 0) + (r?.width ?? 0)).toBeCloseTo(800, 0);
    expect(ltr.quarters).toHaveLength(8);
    expect(ltr.years.map((y) => y.label)).toEqual(["2027", "2028"]);
    // One heading for the objective, then its activity.
    expect(ltr.groups).toHaveLength(1);
    expect(ltr.rows[0]?.y).toBeGreaterThan(ltr.groups[0]?.y ?? Infinity);
  });
});
