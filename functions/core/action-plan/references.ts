import { RuleViolationError } from "../errors.js";
import { cycleThrough } from "./dependencies.js";
import type { ActivityInput, IndicatorInput, ObjectiveInput } from "./inputs.js";
import type { PlanData } from "./plan-data.js";

// References are checked on every write, so a client learns at once (422, naming the field) that an id is wrong.
// The submission rules check them again: a concurrent write or a later change of the priorities can still break one.

function invalid(field: string, id: string, message: string): RuleViolationError {
  return new RuleViolationError("invalid_reference", `${field}: ${message}`, { field, id });
}

function checkPriorities(plan: PlanData, priorityIds: readonly string[]): void {
  priorityIds.forEach((id, i) => {
    if (!plan.acceptedPriorities.has(id)) {
      throw invalid(`priorityIds[${i}]`, id, `${id} is not an accepted priority of this cycle`);
    }
  });
}

export function checkObjectiveReferences(plan: PlanData, input: ObjectiveInput): void {
  checkPriorities(plan, input.priorityIds);
}

/** `id` is the activity being written (undefined when creating it: a new activity cannot close a cycle). */
export function checkActivityReferences(plan: PlanData, input: ActivityInput, id: string | undefined): void {
  if (!plan.objectives.some((o) => o.id === input.objectiveId)) {
    throw invalid(
      "objectiveId",
      input.objectiveId,
      `objective ${input.objectiveId} is not part of this plan`,
    );
  }
  checkPriorities(plan, input.priorityIds);
  input.measureIds.forEach((m, i) => {
    if (!plan.measures.has(m)) {
      throw invalid(`measureIds[${i}]`, m, `${m} is not a measure of the frameworks this cycle is on`);
    }
  });
  const activities = new Set(plan.activities.map((a) => a.id));
  input.dependsOn.forEach((d, i) => {
    if (d === id) throw invalid(`dependsOn[${i}]`, d, "an activity cannot depend on itself");
    if (!activities.has(d)) throw invalid(`dependsOn[${i}]`, d, `activity ${d} is not part of this plan`);
  });
  if (id === undefined) return;
  const graph = new Map(plan.activities.map((a) => [a.id, a.dependsOn]));
  graph.set(id, input.dependsOn);
  const path = cycleThrough(graph, id);
  if (path) {
    throw new RuleViolationError(
      "dependency_cycle",
      `dependsOn: would make activities depend on each other in a circle: ${path.join(" -> ")}`,
      { field: "dependsOn", path },
    );
  }
}

export function checkIndicatorReferences(plan: PlanData, input: IndicatorInput): void {
  const { kind, id } = input.attachedTo;
  const exists =
    kind === "activity" ? plan.activities.some((a) => a.id === id) : plan.objectives.some((o) => o.id === id);
  if (!exists) throw invalid("attachedTo.id", id, `${kind} ${id} is not part of this plan`);
  const [first, last] = [Number(plan.period.start.slice(0, 4)), Number(plan.period.end.slice(0, 4))];
  input.targets.forEach((t, i) => {
    if (t.year < first || t.year > last) {
      throw new RuleViolationError(
        "outside_plan_period",
        `targets[${i}].year: ${t.year} is outside the plan years ${first}-${last}`,
        { field: `targets[${i}].year`, year: t.year },
      );
    }
  });
}
