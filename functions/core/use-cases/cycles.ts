import { z } from "zod";
import { getCatalogue } from "../../../frameworks/index.js";
import { nextExecution, STAGE_ORDER } from "../../../workflows/schemas.js";
import { ApprovalPolicy } from "../approval.js";
import type { AuditEvent } from "../audit.js";
import { addDays, auditEvent, type CoreDeps, change, isoNow } from "../changes.js";
import { type Cycle, PlanPeriod, ReportingCadence, StageDeadlines } from "../cycle.js";
import { donorView, listSharedCycles } from "../donors/donor-cycles.js";
import type { DonorCycleSummary, DonorCycleView } from "../donors/donor-views.js";
import { ServiceUnavailableError, ValidationError } from "../errors.js";
import { authorizeRole, seesCountry } from "../permissions.js";
import type { IdempotencyIntent, Page, PageRequest, Write } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import type { Stage } from "../stage.js";
import { type CycleSummary, type CycleView, cycleSummary, cycleView } from "../views.js";
import { withIdempotency } from "./assessment.js";
import { loadCycle } from "./load.js";

export const CreateCycleInput = z
  .strictObject({
    title: z.string().trim().min(3).max(200),
    frameworks: z
      .array(z.strictObject({ id: z.enum(["TIP", "SOM"]), version: z.string().max(20).optional() }))
      .min(1)
      .max(2),
    planPeriod: PlanPeriod,
    reportingCadence: ReportingCadence.default("quarterly"),
    approvalPolicies: z.strictObject({
      assessment: ApprovalPolicy,
      priorities: ApprovalPolicy.optional(),
      action_plan: ApprovalPolicy.optional(),
    }),
    deadlines: StageDeadlines.default({ submissionDays: 90, decisionDays: 30 }),
  })
  .superRefine((input, ctx) => {
    const ids = input.frameworks.map((f) => f.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: "custom", path: ["frameworks"], message: "lists the same framework twice" });
    }
  });
export type CreateCycleInput = z.infer<typeof CreateCycleInput>;

/** A cycle as it is first stored: the cycle, its stages (the assessment open) and the audit event of its creation. */
export type NewCycle = { cycle: Cycle; stages: Stage[]; writes: Write[]; event: AuditEvent };

/**
 * Builds a new cycle of the coordinator's country without storing it: the one place that decides what a new cycle
 * is (catalogue versions pinned, default policies, the assessment open), for `createCycle` and for a successor.
 * `origin` is added to the creation event's summary.
 */
export function newCycle(
  deps: Pick<CoreDeps, "newId">,
  principal: Principal,
  input: CreateCycleInput,
  at: string,
  origin = "",
): NewCycle {
  authorizeRole(principal, "cycle.create");
  const country = principal.country;
  if (!country) throw new ValidationError("a cycle belongs to a country, and this account has none");

  const frameworks = input.frameworks.map((f, i) => {
    const catalogue = getCatalogue(f.id, f.version);
    if (!catalogue) {
      throw new ValidationError(`frameworks[${i}]: no ${f.id} catalogue version ${f.version ?? "(latest)"}`, {
        field: `frameworks[${i}].version`,
      });
    }
    return { id: catalogue.id, version: catalogue.version };
  });

  const actor = actorOf(principal);
  const assessmentPolicy = input.approvalPolicies.assessment;
  const cycle: Cycle = {
    id: deps.newId(),
    country,
    title: input.title,
    frameworks,
    planPeriod: input.planPeriod,
    reportingCadence: input.reportingCadence,
    approvalPolicies: {
      assessment: assessmentPolicy,
      priorities: input.approvalPolicies.priorities ?? assessmentPolicy,
      action_plan: input.approvalPolicies.action_plan ?? assessmentPolicy,
    },
    deadlines: input.deadlines,
    status: "active",
    position: { kind: "stage", stage: "assessment" },
    generation: 0,
    createdAt: at,
    createdBy: actor,
    updatedAt: at,
    version: 1,
  };
  const stages: Stage[] = STAGE_ORDER.map((name) => ({
    country,
    cycleId: cycle.id,
    stage: name,
    state: name === "assessment" ? "draft" : "not_started",
    round: 0,
    decisions: [],
    ...(name === "assessment"
      ? { openedAt: at, submissionDueAt: addDays(at, input.deadlines.submissionDays) }
      : {}),
    updatedAt: at,
    version: 1,
  }));
  return {
    cycle,
    stages,
    writes: [
      { entity: "cycle", item: cycle, expectedVersion: null },
      ...stages.map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
    ],
    event: auditEvent(deps, at, {
      country,
      cycleId: cycle.id,
      actor,
      action: "cycle.created",
      summary: `Cycle "${cycle.title}" created with ${frameworks.map((f) => `${f.id} ${f.version}`).join(" and ")}${origin}; the needs assessment is open`,
      changes: [
        change("cycle", cycle.id, null, cycle),
        ...stages.map((s) => change("stage", `${cycle.id}/${s.stage}`, null, s)),
      ],
    }),
  };
}

/**
 * Starts a stored cycle's workflow at its position. If the workflow service is unavailable the cycle is kept and
 * its assessment open, so the working group can start: the execution's name is deterministic, so `ensureWorkflows`
 * (local start-up, the reconciler) starts it later without duplicating it.
 */
export async function startCycleWorkflow(deps: Pick<CoreDeps, "workflow">, cycle: Cycle): Promise<void> {
  try {
    await deps.workflow.startExecution(
      nextExecution({
        country: cycle.country,
        cycleId: cycle.id,
        position: cycle.position,
        generation: cycle.generation,
      }),
    );
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
  }
}

/**
 * A coordinator opens a cycle for their own country. The cycle pins the catalogue versions it starts with, its
 * assessment stage opens at once (so the working group can start), and the workflow is started at that stage.
 */
export async function createCycle(
  deps: CoreDeps,
  principal: Principal,
  input: CreateCycleInput,
  idempotency?: IdempotencyIntent,
): Promise<CycleView> {
  const at = isoNow(deps);
  const created = newCycle(deps, principal, input, at);
  const view = cycleView(created.cycle, created.stages);
  await deps.store.commit({
    writes: created.writes,
    events: [created.event],
    ...withIdempotency(idempotency, view, at),
  });
  await startCycleWorkflow(deps, created.cycle);
  return view;
}

export async function getCycle(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<CycleView | DonorCycleView> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "cycle.read");
  // A donor sees what was approved and where the cycle stands, never the work in progress or who did it.
  if (principal.role === "donor") return donorView(deps, cycle, stages);
  return cycleView(cycle, stages);
}

/**
 * The cycles of the caller's country, newest first. An admin names the country; a donor gets the cycles shared
 * with its organisation, as donors see them (the same as GET /shared/cycles).
 */
export async function listCycles(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  query: { country?: string | undefined },
  page: PageRequest,
): Promise<Page<CycleSummary | DonorCycleSummary>> {
  if (principal.role === "donor") return listSharedCycles(deps, principal, page);
  authorizeRole(principal, "cycle.read");
  const country = principal.role === "admin" ? query.country : principal.country;
  if (!country)
    throw new ValidationError("country: an admin lists the cycles of one country at a time", {
      field: "country",
    });
  if (!seesCountry(principal, country)) return { items: [] };
  const result = await deps.store.listCycles(country, page);
  return {
    items: result.items.map((c) => cycleSummary(c)),
    ...(result.cursor ? { cursor: result.cursor } : {}),
  };
}
