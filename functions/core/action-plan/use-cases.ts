import { type CoreDeps, isoNow } from "../changes.js";
import { ForbiddenError, ValidationError, VersionConflictError } from "../errors.js";
import type { IdempotencyIntent } from "../ports.js";
import type { Principal } from "../principal.js";
import { loadCycle, stageOf } from "../use-cases/load.js";
import { stageView } from "../views.js";
import {
  assertCoordinator,
  assertLeads,
  assertMayEditIndicator,
  commitChange,
  findTarget,
  openForEdit,
  type Target,
  verb,
} from "./editing.js";
import type { ActivityInput, IndicatorInput, ObjectiveInput, SettingsInput } from "./inputs.js";
import { loadPlan, type PlanData, SETTINGS_ID } from "./plan-data.js";
import { planTree } from "./plan-tree.js";
import { checkActivityReferences, checkIndicatorReferences, checkObjectiveReferences } from "./references.js";
import { validatePlan } from "./rules.js";
import type { Activity, Indicator, PlanObjective, PlanSettings } from "./schema.js";
import { planTotals } from "./totals.js";
import {
  type ActivityView,
  activityView,
  type IndicatorView,
  indicatorView,
  type ObjectiveView,
  objectiveView,
  type PlanView,
  type SettingsView,
  settingsView,
} from "./views.js";

type Idempotency = IdempotencyIntent | undefined;

/** The whole plan as the working group and the ministries see it: the tree, what blocks submission, the totals. */
export async function getPlan(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<PlanView> {
  // Donors never hold draft.read: they see a plan only as an approved version.
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  const plan = await loadPlan(deps, cycle);
  return {
    stage: stageView(cycle, stageOf(stages, "action_plan", cycleId)),
    planPeriod: cycle.planPeriod,
    settings: settingsView(plan.settings),
    ...planTree(plan),
    validation: validatePlan(plan),
    totals: planTotals(plan),
  };
}

// Each save copies the fields it knows from the input (never spreads it), so nothing a client adds, such as an
// update's expectedVersion, can reach the stored record.

/** Creates an objective (no target) or replaces one at the version read. The coordinator's. */
export async function saveObjective(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  target: Target,
  input: ObjectiveInput,
  idempotency?: Idempotency,
): Promise<ObjectiveView> {
  const { plan } = await openForEdit(deps, principal, country, cycleId);
  assertCoordinator(principal, "objectives");
  const before = findTarget(plan.objectives, "objective", target, objectiveView);
  checkObjectiveReferences(plan, input);
  const at = isoNow(deps);
  const after: PlanObjective = {
    ...base(deps, country, cycleId, "objective", before, at),
    title: input.title,
    description: input.description,
    pillar: input.pillar,
    priorityIds: input.priorityIds,
  };
  const view = objectiveView(after);
  await commitChange(
    deps,
    principal,
    {
      before,
      after,
      at,
      action: "objective.saved",
      summary: `objective "${after.title}" (${after.pillar}) ${verb(before)}`,
    },
    { intent: idempotency, response: view },
  );
  return view;
}

/**
 * Creates or replaces an activity. A member writes only activities its agency leads: it cannot take over another
 * agency's activity nor hand one to another agency, and an activity it creates without a lead is its agency's.
 */
export async function saveActivity(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  target: Target,
  input: ActivityInput,
  idempotency?: Idempotency,
): Promise<ActivityView> {
  const { plan } = await openForEdit(deps, principal, country, cycleId);
  const before = findTarget(plan.activities, "activity", target, activityView);
  const fields = activityFields(principal, plan, before, input);
  const at = isoNow(deps);
  const after: Activity = { ...base(deps, country, cycleId, "activity", before, at), ...fields };
  const view = activityView(after);
  await commitChange(
    deps,
    principal,
    { before, after, at, action: "activity.saved", summary: `activity "${after.title}" ${verb(before)}` },
    { intent: idempotency, response: view },
  );
  return view;
}

/** What an activity write stores besides the server-owned fields. */
export type ActivityFields = Omit<Activity, "kind" | "id" | "country" | "cycleId" | "updatedAt" | "version">;

/**
 * The fields an activity is saved with, once the writer's rights and the plan's references are checked: a member's
 * activities are led by its own agency, the lead is no partner, and every id it names exists in `plan`. Shared by
 * single saves and imports, so both refuse the same things with the same words.
 */
export function activityFields(
  principal: Principal,
  plan: PlanData,
  before: Activity | undefined,
  input: ActivityInput,
): ActivityFields {
  let leadAgency = input.leadAgency;
  if (principal.role === "member") {
    if (before) assertLeads(principal, before);
    if (leadAgency && leadAgency !== principal.agency) {
      throw new ForbiddenError(
        `leadAgency: a member may make only its own agency (${principal.agency}) the lead`,
        {
          field: "leadAgency",
        },
      );
    }
    leadAgency = principal.agency;
  }
  if (leadAgency && input.partnerAgencies.includes(leadAgency)) {
    throw new ValidationError(`partnerAgencies: must not repeat the lead agency ${leadAgency}`, {
      field: "partnerAgencies",
    });
  }
  checkActivityReferences(plan, input, before?.id);
  return {
    objectiveId: input.objectiveId,
    title: input.title,
    description: input.description,
    ...(leadAgency ? { leadAgency } : {}),
    partnerAgencies: input.partnerAgencies,
    start: input.start,
    end: input.end,
    ...(input.budget ? { budget: input.budget } : {}),
    measureIds: input.measureIds,
    priorityIds: input.priorityIds,
    dependsOn: input.dependsOn,
  };
}

/** Creates or replaces an indicator. A member's indicators belong to activities its agency leads. */
export async function saveIndicator(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  target: Target,
  input: IndicatorInput,
  idempotency?: Idempotency,
): Promise<IndicatorView> {
  const ctx = await openForEdit(deps, principal, country, cycleId);
  const before = findTarget(ctx.plan.indicators, "indicator", target, indicatorView);
  if (before) assertMayEditIndicator(principal, ctx.plan, before.attachedTo);
  checkIndicatorReferences(ctx.plan, input);
  assertMayEditIndicator(principal, ctx.plan, input.attachedTo);
  const at = isoNow(deps);
  const after: Indicator = {
    ...base(deps, country, cycleId, "indicator", before, at),
    attachedTo: input.attachedTo,
    name: input.name,
    type: input.type,
    unit: input.unit,
    isCount: input.isCount,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    targets: [...input.targets].sort((a, b) => a.year - b.year),
    disaggregation: input.disaggregation,
    meansOfVerification: input.meansOfVerification,
    ...(input.sdg ? { sdg: input.sdg } : {}),
  };
  const view = indicatorView(after);
  await commitChange(
    deps,
    principal,
    { before, after, at, action: "indicator.saved", summary: `indicator "${after.name}" ${verb(before)}` },
    { intent: idempotency, response: view },
  );
  return view;
}

/** Replaces the plan's settings (pillar justifications, population, suppression threshold). The coordinator's. */
export async function saveSettings(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: SettingsInput,
): Promise<SettingsView> {
  const { plan } = await openForEdit(deps, principal, country, cycleId);
  assertCoordinator(principal, "the plan settings");
  const before = plan.settings;
  if (before?.version !== input.expectedVersion) {
    throw new VersionConflictError(
      before
        ? `expectedVersion: the settings are at version ${before.version}, not ${input.expectedVersion ?? "absent"}; send the version you read`
        : "expectedVersion: the settings were never saved; omit expectedVersion to save them",
      { field: "expectedVersion", currentVersion: before?.version ?? null, current: settingsView(before) },
    );
  }
  const at = isoNow(deps);
  const after: PlanSettings = {
    ...base(deps, country, cycleId, "planSettings", before, at),
    id: SETTINGS_ID,
    pillarJustifications: input.pillarJustifications,
    ...(input.population ? { population: input.population } : {}),
    suppressionThreshold: input.suppressionThreshold,
  };
  await commitChange(deps, principal, {
    before,
    after,
    at,
    action: "plan.settings_updated",
    summary: `plan settings ${verb(before)}`,
  });
  return settingsView(after);
}

/** The server-owned fields of a record being written: a new id for a creation, the next version otherwise. */
function base<K extends "objective" | "activity" | "indicator" | "planSettings">(
  deps: Pick<CoreDeps, "newId">,
  country: string,
  cycleId: string,
  kind: K,
  before: { id: string; version: number } | undefined,
  at: string,
) {
  return {
    kind,
    id: before?.id ?? deps.newId(),
    country,
    cycleId,
    updatedAt: at,
    version: (before?.version ?? 0) + 1,
  };
}
