import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  IdempotencyError,
  ServiceUnavailableError,
  StateConflictError,
  VersionConflictError,
} from "../core/errors.js";
import type { IdempotencyRecord, StageStateCheck, Write } from "../core/ports.js";
import { domainKey, type Item, storedState, storedVersion } from "./items.js";
import type { Target } from "./transaction.js";

const RETRY_AFTER_SECONDS = 2;

/** DynamoDB is throttling or failing on its side; the SDK already retried, so the caller should come back later. */
const UNAVAILABLE = new Set([
  "ThrottlingException",
  "ThrottlingError",
  "ProvisionedThroughputExceededException",
  "ProvisionedThroughputExceeded",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
]);

/**
 * A transaction DynamoDB cancelled only because another transaction held one of its items at that moment, or
 * because it throttled an item: nothing of it was written, every condition is evaluated again when it is sent
 * again, and the SDK does not retry a cancellation itself (AWS leaves that to the caller). A failed condition is an
 * answer, not a fault, so a cancellation with one is never transient.
 */
export function isTransientCancellation(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? "None").filter((c) => c !== "None");
  return codes.length > 0 && codes.every((c) => c === "TransactionConflict" || UNAVAILABLE.has(c));
}

/** Turns an SDK error into the domain error callers handle; `targets` names the actions of a failed transaction. */
export function translateError(error: unknown, targets: readonly Target[] = []): unknown {
  if (error instanceof TransactionCanceledException) {
    const reasons = (error.CancellationReasons ?? []).map((reason, i) => ({ reason, target: targets[i] }));
    const failed = reasons.filter((r) => r.reason.Code === "ConditionalCheckFailed");
    // A key already used decides the answer: the other failures are most likely that first request's own writes.
    const first = failed.find((f) => f.target?.kind === "idempotency") ?? failed[0];
    if (first?.target) return conditionFailed(first.target, first.reason.Item, error);
    const conflict = reasons.find((r) => r.reason.Code === "TransactionConflict");
    if (conflict) return transactionConflict(conflict.target, error);
    const unavailable = reasons.find((r) => UNAVAILABLE.has(r.reason.Code ?? ""));
    if (unavailable) return serviceUnavailable(unavailable.reason.Code ?? error.name, error);
    return error;
  }
  if (error instanceof Error && UNAVAILABLE.has(error.name)) return serviceUnavailable(error.name, error);
  return error;
}

function conditionFailed(target: Target, old: Item | undefined, cause: Error): Error {
  switch (target.kind) {
    case "write": {
      const { write, check } = target;
      const currentVersion = storedVersion(old);
      if (check && currentVersion === write.expectedVersion) return stageLocked(check, old);
      return versionConflict(write, currentVersion, cause);
    }
    case "check":
      return stageLocked(target.check, old);
    case "idempotency":
      return keyInUse(target.record);
    case "event":
      return new Error(`audit event ${target.event.id} already exists: event ids must be unique`, { cause });
  }
}

function versionConflict(write: Write, currentVersion: number | null, cause: Error): VersionConflictError {
  const key = domainKey(write);
  const what = `the ${write.entity} ${key}`;
  const message =
    write.expectedVersion === null
      ? `${what} already exists (version ${currentVersion}): load it and send its version to change it`
      : currentVersion === null
        ? `${what} no longer exists (expected version ${write.expectedVersion})`
        : `${what} is at version ${currentVersion}, not ${write.expectedVersion}: reload it and try again`;
  return new VersionConflictError(message, { entity: write.entity, key, currentVersion }, { cause });
}

function stageLocked(check: StageStateCheck, old: Item | undefined): StateConflictError {
  const state = storedState(old);
  const needed = `this change needs it ${check.states.join(" or ")}`;
  const message = state
    ? `the ${check.stage} stage is ${state} now: it changed while the request was handled, and ${needed}`
    : `the ${check.stage} stage does not exist, and ${needed}`;
  return new StateConflictError("stage_locked", message, { stage: check.stage, state });
}

function keyInUse(record: IdempotencyRecord): IdempotencyError {
  return new IdempotencyError(
    "idempotency_key_in_use",
    `Idempotency-Key ${record.key} was used by another request that committed first: read its response instead`,
  );
}

// Reached once the store's own retries ran out: the items are contended, nothing was written, and the same request
// is likely to pass in a moment, so it is a 503 with Retry-After (a 409 would tell the client to reload for nothing).
function transactionConflict(target: Target | undefined, cause: Error): Error {
  if (target?.kind === "idempotency") return keyInUse(target.record);
  const what =
    target?.kind === "write"
      ? `the ${target.write.entity} ${domainKey(target.write)}`
      : target?.kind === "check"
        ? `the stage ${target.check.cycleId}/${target.check.stage}`
        : "an item of this change";
  return new ServiceUnavailableError(
    `${what} kept being changed by other requests at the same moment (TransactionConflict); nothing was saved: ` +
      "try again in a few seconds",
    RETRY_AFTER_SECONDS,
    { cause },
  );
}

function serviceUnavailable(reason: string, cause: Error): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `the database is busy or unavailable (${reason}); try again in a few seconds`,
    RETRY_AFTER_SECONDS,
    { cause },
  );
}
