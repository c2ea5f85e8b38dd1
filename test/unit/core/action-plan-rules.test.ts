import { describe, expect, it } from "vitest";
import type { PlanData } from "../../../functions/core/action-plan/plan-data.js";
import { validatePlan } from "../../../functions/core/action-plan/rules.js";
import { cycleMeasures } from "../../../functions/core/measures.js";
import { newCycleRef } from "../../support/fixtures.js";
import { planRecords } from "../../support/plan-fixtures.js";

// Each rule is broken on its own in an otherwise complete plan (frameworks.md scenario 2), so a test fails exactly
// when its rule stops being checked.

const ref = newCycleRef();
const frameworks = [
  { id: "TIP" as const, version: "2009.1" },
  { id: "SOM" as const, version: "2011.1" },
];

function completePlan(): PlanData {
  const r = planRecords(ref, { catalogues: ["TIP", "SOM"] });
  return {
    period: r.period,
    settings: r.settings,
    objectives: r.objectives,
    activities: r.activities,
    indicators: r.indicators,
    acceptedPriorities: new Set(r.priorities.map((p) => p.id)),
    measures: new Set(cycleMeasures({ frameworks }).keys()),
  };
}

function activity(plan: PlanData, id: string) {
  const found = plan.activities.find((a) => a.id === id);
  if (!found) throw new Error(`no activity ${id} in the fixture`);
  return found;
}

function indicator(plan: PlanData, id: string) {
  const found = plan.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id} in the fixture`);
  return found;
}

const failures = (plan: PlanData) => validatePlan(plan).errors.map((e) => `${e.rule} ${e.id}`);

describe("the action plan's submission rules", () => {
  it("pass for a complete plan across the five pillars", () => {
    expect(validatePlan(completePlan())).toEqual({ submittable: true, errors: [], warnings: [] });
  });

  it("name every accepted priority without an activity", () => {
    const plan = completePlan();
    plan.acceptedPriorities = new Set([...plan.acceptedPriorities, "TIP.PROT.3.1"]);
    const { errors, submittable } = validatePlan(plan);
    expect(submittable).toBe(false);
    expect(errors).toEqual([
      {
        rule: "priority_without_activity",
        id: "TIP.PROT.3.1",
        message: "accepted priority TIP.PROT.3.1 has no activity",
      },
    ]);
  });

  it("count a priority as served only through an activity's priorityIds, not an objective's", () => {
    const plan = completePlan();
    activity(plan, "data").priorityIds = [];
    expect(plan.objectives.find((o) => o.id === "ncc")?.priorityIds).toContain("TIP.NCC.5.2");
    expect(failures(plan)).toEqual(["priority_without_activity TIP.NCC.5.2"]);
  });

  it("require a lead agency, a budget and an indicator of every activity", () => {
    const plan = completePlan();
    delete activity(plan, "law").leadAgency;
    delete activity(plan, "training").budget;
    plan.indicators = plan.indicators.filter((i) => i.attachedTo.id !== "inspections");
    expect(failures(plan)).toEqual([
      "activity_without_lead_agency law",
      "activity_without_budget training",
      "activity_without_indicator inspections",
    ]);
  });

  it("do not count an objective's indicator as the indicator of its activities", () => {
    const plan = completePlan();
    indicator(plan, "amendment-adopted").attachedTo = { kind: "objective", id: "pros" };
    expect(failures(plan)).toEqual(["activity_without_indicator law"]);
  });

  it("require activity dates in order and inside the plan period", () => {
    const plan = completePlan();
    Object.assign(activity(plan, "law"), { start: "2027-05-01", end: "2027-04-30" });
    Object.assign(activity(plan, "data"), { start: "2026-12-31" });
    Object.assign(activity(plan, "referral"), { end: "2030-01-01" });
    expect(failures(plan)).toEqual([
      "activity_dates_reversed law",
      "activity_outside_plan_period data",
      "activity_outside_plan_period referral",
    ]);
    expect(validatePlan(plan).errors[0]?.message).toBe(
      'activity "Draft amendment covering all forms of exploitation" ends (2027-04-30) before it starts (2027-05-01)',
    );
  });

  it("require every pillar to be covered by an objective or justified in the settings", () => {
    const plan = completePlan();
    const icc = (id: string) => id === "icc" || id === "central-authority" || id === "mla-requests";
    plan.objectives = plan.objectives.filter((o) => !icc(o.id));
    plan.activities = plan.activities.filter((a) => !icc(a.id));
    plan.indicators = plan.indicators.filter((i) => !icc(i.id));
    plan.acceptedPriorities = new Set([...plan.acceptedPriorities].filter((p) => p !== "TIP.ICC.2.2"));
    expect(failures(plan)).toEqual(["pillar_not_covered ICC"]);

    const settings = plan.settings;
    if (!settings) throw new Error("the fixture has settings");
    settings.pillarJustifications = { ICC: "   " };
    expect(failures(plan)).toEqual(["pillar_not_covered ICC"]);
    settings.pillarJustifications = { ICC: "Covered by the regional plan of the East African Community" };
    expect(failures(plan)).toEqual([]);
  });

  it("require a baseline, a target and means of verification of every indicator", () => {
    const plan = completePlan();
    delete indicator(plan, "officers-trained").baseline;
    indicator(plan, "data-system").targets = [];
    indicator(plan, "convictions").meansOfVerification = "  ";
    expect(failures(plan)).toEqual([
      "indicator_without_baseline officers-trained",
      "indicator_without_target data-system",
      "indicator_without_means_of_verification convictions",
    ]);
  });

  it("check references again: objective, attachment, dependencies, priorities, measures, target years", () => {
    const plan = completePlan();
    activity(plan, "data").objectiveId = "gone";
    indicator(plan, "convictions").attachedTo = { kind: "objective", id: "gone" };
    activity(plan, "central-authority").dependsOn = ["gone"];
    activity(plan, "inspections").priorityIds = ["TIP.PREV.4.2", "TIP.PREV.3.1"];
    plan.objectives[0] = {
      ...plan.objectives[0],
      priorityIds: ["TIP.PROS.5.1"],
    } as PlanData["objectives"][number];
    activity(plan, "referral").measureIds = ["SOM.PROT.9.9"];
    indicator(plan, "victims-identified").targets.push({ year: 2031, value: 240 });
    expect(failures(plan)).toEqual([
      "activity_objective_missing data",
      "indicator_detached convictions",
      "dependency_missing central-authority",
      "priority_not_accepted inspections",
      "priority_not_accepted pros",
      "measure_not_in_frameworks referral",
      "target_outside_plan_period victims-identified",
    ]);
  });

  it("name a circle of dependencies by its path", () => {
    const plan = completePlan();
    activity(plan, "law").dependsOn = ["central-authority"];
    const errors = validatePlan(plan).errors.filter((e) => e.rule === "dependency_cycle");
    expect(errors).toEqual([
      {
        rule: "dependency_cycle",
        id: "central-authority",
        message: "activities depend on each other in a circle: central-authority -> law -> central-authority",
      },
    ]);
  });

  it("report every failure at once", () => {
    const plan = completePlan();
    delete activity(plan, "law").budget;
    indicator(plan, "convictions").targets = [];
    plan.acceptedPriorities = new Set([...plan.acceptedPriorities, "TIP.PROT.3.1"]);
    expect(failures(plan)).toHaveLength(3);
  });

  describe("warnings", () => {
    it("flag an activity that starts before an activity it depends on ends, without blocking submission", () => {
      const plan = completePlan();
      const law = activity(plan, "law");
      activity(plan, "training").start = law.end;
      const result = validatePlan(plan);
      expect(result.submittable).toBe(true);
      expect(result.warnings).toEqual([
        {
          rule: "starts_before_dependency_ends",
          id: "training",
          message: `activity "Train police and prosecutors on the amended law" starts ${law.end}, before "Draft amendment covering all forms of exploitation" (law), which it depends on, ends on ${law.end}`,
        },
      ]);
    });

    it("stay silent when the activity starts the day after its dependency ends", () => {
      const plan = completePlan();
      expect(activity(plan, "training").start).toBe("2028-01-01");
      expect(activity(plan, "law").end).toBe("2027-12-31");
      expect(validatePlan(plan).warnings).toEqual([]);
    });
  });
});
