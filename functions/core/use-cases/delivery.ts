import type { StageName, WaitKind } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../changes.js";
import { ServiceUnavailableError, VersionConflictError, WorkflowTaskGoneError } from "../errors.js";
import type { Write } from "../ports.js";
import { type Stage, satisfiedWaitOutput } from "../stage.js";

export type StageRef = { country: string; cycleId: string; stage: StageName };

export type DeliveryResult =
  | { delivered: true; wait: WaitKind }
  | { delivered: false; reason: "workflow_not_waiting" | "nothing_to_deliver" | "in_progress" | "contended" };

/** A claim older than this belongs to a sender that died between claiming and settling; it may be taken over. */
const CLAIM_TTL_MS = 60_000;
const MAX_ATTEMPTS = 5;

type Waiting = { version: number; wait?: { token: string }; delivery?: { token: string; claimedAt: string } };

/**
 * An item the workflow waits on through a stored task token (a stage, a reporting period): how to read and write
 * it, and what its wait is owed. One mechanism delivers every kind of wait exactly once.
 */
export type WaitSlot<T extends Waiting> = {
  read(): Promise<T | undefined>;
  /** Bookkeeping write, conditional on the version read. */
  write(item: T, expectedVersion: number): Write;
  /** The wait kind and what SendTaskSuccess carries, once what the wait is for has happened. */
  owed(item: T): { kind: WaitKind; output: Record<string, unknown> } | undefined;
  /** Clears what a confirmed delivery settles besides the wait and the claim (e.g. an outbox marker). */
  delivered?(item: T, kind: WaitKind): void;
};

/**
 * Completes the workflow's wait on an item if what it waits for has happened. Safe to call from anywhere, any
 * number of times, concurrently: the API after the awaited change, the task that registers a wait, the reconciler.
 * A conditional claim on the item makes sure only one caller sends SendTaskSuccess for a token.
 *
 * Throws WorkflowTaskGoneError when the token is stale (the wait is then forgotten, so the next registered wait
 * picks the outcome up from the data) and ServiceUnavailableError when the workflow service is unavailable (the
 * claim is released for a later attempt).
 */
export async function deliverOnce<T extends Waiting>(
  deps: CoreDeps,
  slot: WaitSlot<T>,
): Promise<DeliveryResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await slot.read();
    const wait = item?.wait;
    if (!item || !wait) return { delivered: false, reason: "workflow_not_waiting" };
    const owed = slot.owed(item);
    if (!owed) return { delivered: false, reason: "nothing_to_deliver" };
    const now = deps.now();
    if (
      item.delivery?.token === wait.token &&
      now.getTime() - Date.parse(item.delivery.claimedAt) < CLAIM_TTL_MS
    ) {
      return { delivered: false, reason: "in_progress" };
    }
    const claimed: T = {
      ...item,
      delivery: { token: wait.token, claimedAt: now.toISOString() },
      version: item.version + 1,
    };
    if (!(await tryWrite(deps, slot.write(claimed, item.version)))) continue;

    try {
      await deps.workflow.sendTaskSuccess(wait.token, owed.output);
    } catch (error) {
      const tokenGone = error instanceof WorkflowTaskGoneError;
      await settle(deps, slot, wait.token, (s) => {
        delete s.delivery;
        if (tokenGone) delete s.wait;
      });
      throw keptForLater(error);
    }
    await settle(deps, slot, wait.token, (s) => {
      delete s.delivery;
      delete s.wait;
      slot.delivered?.(s, owed.kind);
    });
    return { delivered: true, wait: owed.kind };
  }
  return { delivered: false, reason: "contended" };
}

/**
 * Stores the task token of the workflow's new wait on the item (replacing any older one: the newest execution is
 * the live one), then delivers at once if the awaited thing already happened, e.g. after a restart.
 */
export async function registerWaitOn<T extends Waiting>(
  deps: CoreDeps,
  slot: WaitSlot<T>,
  withWait: (item: T, registeredAt: string) => T,
  what: string,
): Promise<DeliveryResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await slot.read();
    if (!item) throw new Error(`${what} does not exist`);
    const next: T = { ...withWait(item, deps.now().toISOString()), version: item.version + 1 };
    delete next.delivery;
    if (await tryWrite(deps, slot.write(next, item.version))) return deliverOnce(deps, slot);
  }
  throw new VersionConflictError(`could not register the wait on ${what}: it kept changing`);
}

function stageSlot(deps: CoreDeps, ref: StageRef): WaitSlot<Stage> {
  return {
    read: () => deps.store.getStage(ref.country, ref.cycleId, ref.stage),
    write: (item, expectedVersion) => ({ entity: "stage", item, expectedVersion }),
    owed: (stage) => {
      if (!stage.wait) return undefined;
      const output = satisfiedWaitOutput(stage, stage.wait.kind);
      return output && { kind: stage.wait.kind, output };
    },
    delivered: (stage, kind) => {
      if (stage.outbox?.kind === kind) delete stage.outbox;
    },
  };
}

/** Completes the workflow's wait on a stage once its submission or decision is stored (see deliverOnce). */
export function deliver(deps: CoreDeps, ref: StageRef): Promise<DeliveryResult> {
  return deliverOnce(deps, stageSlot(deps, ref));
}

/** Stores the token of the workflow's new wait on a stage and delivers at once if it is already owed. */
export function registerStageWait(
  deps: CoreDeps,
  ref: StageRef,
  wait: WaitKind,
  token: string,
): Promise<DeliveryResult> {
  return registerWaitOn(
    deps,
    stageSlot(deps, ref),
    (stage, registeredAt) => ({ ...stage, wait: { kind: wait, token, registeredAt } }),
    `the ${wait} wait of stage ${ref.stage} of cycle ${ref.cycleId}`,
  );
}

/**
 * The caller's change is stored whatever the send answered: say so, or a client told 409 or 503 would repeat a
 * decision that is already recorded. The outcome reaches the workflow later, from the outbox.
 */
function keptForLater(error: unknown): unknown {
  if (error instanceof WorkflowTaskGoneError) {
    return new WorkflowTaskGoneError(
      error.reason,
      `${error.message}. The change is saved: the workflow picks it up when it next waits on this step; do not repeat it`,
      { ...error.details, saved: true },
    );
  }
  if (error instanceof ServiceUnavailableError) {
    return new ServiceUnavailableError(
      `${error.message}. The change is saved and is sent to the workflow again automatically; do not repeat it`,
      error.retryAfterSeconds,
      { cause: error },
    );
  }
  return error;
}

async function settle<T extends Waiting>(
  deps: CoreDeps,
  slot: WaitSlot<T>,
  token: string,
  apply: (item: T) => void,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await slot.read();
    // Someone registered a newer wait meanwhile: our token's bookkeeping is already gone.
    if (!item || item.delivery?.token !== token) return;
    const next: T = { ...item, version: item.version + 1 };
    apply(next);
    if (await tryWrite(deps, slot.write(next, item.version))) return;
  }
}

/** Bookkeeping write (no audit event: it changes no state a person sees). False when the version moved on. */
async function tryWrite(deps: CoreDeps, write: Write): Promise<boolean> {
  try {
    await deps.store.commit({ writes: [write], events: [] });
    return true;
  } catch (error) {
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}
