import type { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import type { Cycle } from "../../core/cycle.js";
import type { Stage } from "../../core/stage.js";

/** Workflow tasks act for the cycle, not for a person: they read without a principal (the execution is trusted). */
export async function loadForTask(
  deps: Pick<CoreDeps, "store">,
  country: string,
  cycleId: string,
): Promise<{ cycle: Cycle; stages: Stage[] }> {
  const found = await deps.store.getCycle(country, cycleId);
  // A task for a cycle that does not exist is a broken execution, not a user error: fail it loudly.
  if (!found) throw new Error(`cycle ${country}/${cycleId} does not exist`);
  return found;
}

export function findStage(stages: Stage[], name: StageName): Stage {
  const stage = stages.find((s) => s.stage === name);
  if (!stage) throw new Error(`stage ${name} is missing`);
  return stage;
}

/** Longest a single callback wait may last, well inside the one-year limit of a Standard execution. */
export const MAX_WAIT_SECONDS = 120 * 86_400;

/** After a deadline has passed, the workflow re-checks (and re-marks overdue) this often: a reminder rhythm. */
export const OVERDUE_RENEWAL_SECONDS = 7 * 86_400;

/**
 * How long a callback wait should last: until the deadline if it is ahead, a renewal interval if it has passed
 * (never a tight loop), `unsetSeconds` if there is no deadline yet; always within MAX_WAIT_SECONDS.
 */
export function waitSeconds(dueIso: string | undefined, now: Date, unsetSeconds: number): number {
  const remaining =
    dueIso === undefined ? unsetSeconds : Math.ceil((Date.parse(dueIso) - now.getTime()) / 1000);
  const seconds = remaining > 0 ? remaining : OVERDUE_RENEWAL_SECONDS;
  return Math.min(MAX_WAIT_SECONDS, Math.max(1, seconds));
}
