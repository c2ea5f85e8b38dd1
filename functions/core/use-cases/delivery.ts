import type { StageName, WaitKind } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../changes.js";
import { VersionConflictError, WorkflowTaskGoneError } from "../errors.js";
import { type Stage, satisfiedWaitOutput } from "../stage.js";

export type StageRef = { country: string; cycleId: string; stage: StageName };

export type DeliveryResult =
  | { delivered: true; wait: WaitKind }
  | { delivered: false; reason: "workflow_not_waiting" | "nothing_to_deliver" | "in_progress" | "contended" };

/** A claim older than this belongs to a sender that died between claiming and settling; it may be taken over. */
const CLAIM_TTL_MS = 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Completes the workflow's wait on a stage if what it waits for has happened. Safe to call from anywhere, any
 * number of times, concurrently: the API after a submission or decision, the task that registers a wait, the
 * reconciler. A conditional claim on the stage item makes sure only one caller sends SendTaskSuccess for a token.
 *
 * Throws WorkflowTaskGoneError when the token is stale (the wait is then forgotten and the outbox kept, so the next
 * registered wait picks the outcome up) and ServiceUnavailableError when the workflow service is unavailable (the
 * claim is released and the outbox kept for the reconciler).
 */
export async function deliver(deps: CoreDeps, ref: StageRef): Promise<DeliveryResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stage = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    const wait = stage?.wait;
    if (!stage || !wait) return { delivered: false, reason: "workflow_not_waiting" };
    const output = satisfiedWaitOutput(stage, wait.kind);
    if (!output) return { delivered: false, reason: "nothing_to_deliver" };
    const now = deps.now();
    if (
      stage.delivery?.token === wait.token &&
      now.getTime() - Date.parse(stage.delivery.claimedAt) < CLAIM_TTL_MS
    ) {
      return { delivered: false, reason: "in_progress" };
    }
    const claimed: Stage = {
      ...stage,
      delivery: { token: wait.token, claimedAt: now.toISOString() },
      version: stage.version + 1,
    };
    if (!(await tryWrite(deps, claimed, stage.version))) continue;

    try {
      await deps.workflow.sendTaskSuccess(wait.token, output);
    } catch (error) {
      const tokenGone = error instanceof WorkflowTaskGoneError;
      await settle(deps, ref, wait.token, (s) => {
        delete s.delivery;
        if (tokenGone) delete s.wait;
      });
      throw error;
    }
    await settle(deps, ref, wait.token, (s) => {
      delete s.delivery;
      delete s.wait;
      if (s.outbox?.kind === wait.kind) delete s.outbox;
    });
    return { delivered: true, wait: wait.kind };
  }
  return { delivered: false, reason: "contended" };
}

/**
 * Stores the task token of the workflow's new wait on the stage (replacing any older one: the newest execution is
 * the live one), then delivers at once if the awaited thing already happened, e.g. after a restart.
 */
export async function registerStageWait(
  deps: CoreDeps,
  ref: StageRef,
  wait: WaitKind,
  token: string,
): Promise<DeliveryResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stage = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    if (!stage) throw new Error(`stage ${ref.stage} of cycle ${ref.cycleId} does not exist`);
    const next: Stage = {
      ...stage,
      wait: { kind: wait, token, registeredAt: deps.now().toISOString() },
      version: stage.version + 1,
    };
    delete next.delivery;
    if (await tryWrite(deps, next, stage.version)) return deliver(deps, ref);
  }
  throw new VersionConflictError(
    `could not register the ${wait} wait on ${ref.stage}: the stage kept changing`,
  );
}

async function settle(
  deps: CoreDeps,
  ref: StageRef,
  token: string,
  apply: (s: Stage) => void,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stage = await deps.store.getStage(ref.country, ref.cycleId, ref.stage);
    // Someone registered a newer wait meanwhile: our token's bookkeeping is already gone.
    if (!stage || stage.delivery?.token !== token) return;
    const next: Stage = { ...stage, version: stage.version + 1 };
    apply(next);
    if (await tryWrite(deps, next, stage.version)) return;
  }
}

/** Bookkeeping write (no audit event: it changes no state a person sees). False when the version moved on. */
async function tryWrite(deps: CoreDeps, item: Stage, expectedVersion: number): Promise<boolean> {
  try {
    await deps.store.commit({ writes: [{ entity: "stage", item, expectedVersion }], events: [] });
    return true;
  } catch (error) {
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}
