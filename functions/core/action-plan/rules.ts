import { PillarCode } from "../../../frameworks/schema.js";
import { dependencyCycles } from "./dependencies.js";
import type { PlanData } from "./plan-data.js";
import type { Activity } from "./schema.js";
import { type PlanIssue, PlanRule, type PlanValidation } from "./views.js";

/**
 * The rules a plan must meet before it goes to the ministries, each failure named. Pure: the same data always gives
 * the same issues, in the same order (rules in the order of PlanRule, then by id).
 *
 * An activity's indicator must be attached to the activity itself. An objective's indicators measure the objective
 * as a whole (outcomes); they do not say whether one activity delivered, and monitoring asks each activity's lead
 * agency for the actuals of the activity's own indicators.
 */
export function validatePlan(plan: PlanData): PlanValidation {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const fail = (rule: PlanRule, id: string, message: string) => errors.push({ rule, id, message });

  const objectives = new Map(plan.objectives.map((o) => [o.id, o]));
  const activities = new Map(plan.activities.map((a) => [a.id, a]));
  const withIndicator = new Set(
    plan.indicators.filter((i) => i.attachedTo.kind === "activity").map((i) => i.attachedTo.id),
  );
  const served = new Set(plan.activities.flatMap((a) => a.priorityIds));
  const { start, end } = plan.period;
  const [firstYear, lastYear] = [Number(start.slice(0, 4)), Number(end.slice(0, 4))];

  for (const id of [...plan.acceptedPriorities].sort()) {
    if (!served.has(id)) fail("priority_without_activity", id, `accepted priority ${id} has no activity`);
  }

  for (const pillar of PillarCode.options) {
    const covered = plan.objectives.some((o) => o.pillar === pillar);
    const justified = (plan.settings?.pillarJustifications[pillar] ?? "").trim() !== "";
    if (!covered && !justified) {
      fail(
        "pillar_not_covered",
        pillar,
        `pillar ${pillar} has no objective and no justification in the settings`,
      );
    }
  }

  for (const o of plan.objectives) {
    for (const p of o.priorityIds) {
      if (!plan.acceptedPriorities.has(p)) {
        fail(
          "priority_not_accepted",
          o.id,
          `objective "${o.title}" answers ${p}, which is not an accepted priority`,
        );
      }
    }
  }

  for (const a of plan.activities) {
    const name = `activity "${a.title}"`;
    if (!objectives.has(a.objectiveId)) {
      fail(
        "activity_objective_missing",
        a.id,
        `${name} belongs to objective ${a.objectiveId}, which no longer exists`,
      );
    }
    if (!a.leadAgency) fail("activity_without_lead_agency", a.id, `${name} has no lead agency`);
    if (!a.budget) fail("activity_without_budget", a.id, `${name} has no budget`);
    if (!withIndicator.has(a.id))
      fail("activity_without_indicator", a.id, `${name} has no indicator of its own`);
    if (a.start > a.end)
      fail("activity_dates_reversed", a.id, `${name} ends (${a.end}) before it starts (${a.start})`);
    if (a.start < start || a.end > end) {
      fail(
        "activity_outside_plan_period",
        a.id,
        `${name} runs ${a.start} to ${a.end}, outside the plan period ${start} to ${end}`,
      );
    }
    for (const p of a.priorityIds) {
      if (!plan.acceptedPriorities.has(p)) {
        fail("priority_not_accepted", a.id, `${name} serves ${p}, which is not an accepted priority`);
      }
    }
    for (const m of a.measureIds) {
      if (!plan.measures.has(m)) {
        fail("measure_not_in_frameworks", a.id, `${name} serves ${m}, which is not a measure of this cycle`);
      }
    }
    for (const d of a.dependsOn) {
      const dependency = activities.get(d);
      if (!dependency) {
        fail("dependency_missing", a.id, `${name} depends on activity ${d}, which no longer exists`);
      } else if (d !== a.id && a.start <= dependency.end) {
        warnings.push(startsEarly(a, dependency));
      }
    }
  }

  const graph = new Map(plan.activities.map((a) => [a.id, a.dependsOn]));
  for (const path of dependencyCycles(graph)) {
    const [first = ""] = path;
    fail("dependency_cycle", first, `activities depend on each other in a circle: ${path.join(" -> ")}`);
  }

  for (const i of plan.indicators) {
    const name = `indicator "${i.name}"`;
    const target =
      i.attachedTo.kind === "activity" ? activities.get(i.attachedTo.id) : objectives.get(i.attachedTo.id);
    if (!target) {
      fail(
        "indicator_detached",
        i.id,
        `${name} is attached to ${i.attachedTo.kind} ${i.attachedTo.id}, which no longer exists`,
      );
    }
    if (!i.baseline) fail("indicator_without_baseline", i.id, `${name} has no baseline`);
    if (i.targets.length === 0) fail("indicator_without_target", i.id, `${name} has no target`);
    if (i.meansOfVerification.trim() === "") {
      fail("indicator_without_means_of_verification", i.id, `${name} has no means of verification`);
    }
    for (const t of i.targets) {
      if (t.year < firstYear || t.year > lastYear) {
        fail(
          "target_outside_plan_period",
          i.id,
          `${name} has a target for ${t.year}, outside the plan years ${firstYear}-${lastYear}`,
        );
      }
    }
  }

  const rank = (issue: PlanIssue) => PlanRule.options.indexOf(issue.rule);
  const order = (x: PlanIssue, y: PlanIssue) => rank(x) - rank(y) || x.id.localeCompare(y.id);
  return { submittable: errors.length === 0, errors: errors.sort(order), warnings: warnings.sort(order) };
}

// End dates are inclusive: an activity that starts on the day its dependency ends starts before it has ended.
function startsEarly(a: Activity, dependency: Activity): PlanIssue {
  return {
    rule: "starts_before_dependency_ends",
    id: a.id,
    message: `activity "${a.title}" starts ${a.start}, before "${dependency.title}" (${dependency.id}), which it depends on, ends on ${dependency.end}`,
  };
}
