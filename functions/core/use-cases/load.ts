import type { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { NotFoundError } from "../errors.js";
import { type Action, authorize, authorizeRole } from "../permissions.js";
import type { Principal } from "../principal.js";
import type { Stage } from "../stage.js";

/**
 * Loads a cycle for a principal, checking tenant and role first. A cycle of another country answers exactly like a
 * missing one, and the check happens before any of its data is looked at.
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
    authorizeRole(principal, action);
  } else {
    authorize(principal, action, { country, what: `cycle ${cycleId}` });
  }
  const found = await deps.store.getCycle(country, cycleId);
  if (!found) throw new NotFoundError(`cycle ${cycleId} was not found`);
  return found;
}

export function stageOf(stages: Stage[], name: StageName, cycleId: string): Stage {
  const stage = stages.find((s) => s.stage === name);
  if (!stage) throw new NotFoundError(`stage ${name} of cycle ${cycleId} was not found`);
  return stage;
}
