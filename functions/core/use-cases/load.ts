import type { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { NotFoundError, RuleViolationError } from "../errors.js";
import { type Action, authorizeRole, seesCountry } from "../permissions.js";
import type { Principal } from "../principal.js";
import type { Stage } from "../stage.js";

/**
 * Loads a cycle for a principal, checking tenant, existence and role, in that order. A cycle of another country
 * answers exactly like a missing one (404, whatever the role may do), and the check happens before any of its data
 * is looked at: it is looked up under the caller's own country, where it does not exist. Only then does the role
 * decide (403), so a 403 always means "yours, but not for you".
 */
export async function loadCycle(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  action: Action,
): Promise<{ cycle: Cycle; stages: Stage[] }> {
  if (principal.role === "donor") {
    // Shared with the donor's organisation, or it does not exist as far as the donor can tell.
    const share = principal.organisation
      ? await deps.store.getRecord(country, cycleId, "share", principal.organisation)
      : undefined;
    if (!share) throw new NotFoundError(`cycle ${cycleId} was not found`);
  } else if (!seesCountry(principal, country)) {
    throw new NotFoundError(`cycle ${cycleId} was not found`);
  }
  const found = await deps.store.getCycle(country, cycleId);
  if (!found) throw new NotFoundError(`cycle ${cycleId} was not found`);
  authorizeRole(principal, action);
  if (found.cycle.status !== "active" && CHANGES_CONTENT.has(action)) {
    throw new RuleViolationError(
      "cycle_not_active",
      `cycle ${cycleId} is ${found.cycle.status}: its stages, plan and reports are final once its summary is written; start a next cycle from it instead`,
      { status: found.cycle.status },
    );
  }
  return found;
}

/**
 * What changes a cycle's content or moves its stages. A closed cycle refuses them all: its final summary was written
 * from its approved plan, and an amendment still open when it closed must not be edited, submitted or approved after.
 */
const CHANGES_CONTENT: ReadonlySet<Action> = new Set<Action>([
  "assessment.edit",
  "priorities.edit",
  "plan.edit",
  "stage.submit",
  "stage.decide",
  "stage.amend",
  "report.submit",
]);

export function stageOf(stages: Stage[], name: StageName, cycleId: string): Stage {
  const stage = stages.find((s) => s.stage === name);
  if (!stage) throw new NotFoundError(`stage ${name} of cycle ${cycleId} was not found`);
  return stage;
}
