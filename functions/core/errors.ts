// Domain errors. Each has a literal `name` (it survives minification and is what ASL ErrorEquals and the HTTP
// error mapper match on) and a machine-readable `code` for API clients.

export type ErrorDetails = Record<string, unknown>;

export abstract class DomainError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
  }
}

/** Input that is well-formed JSON but breaks a rule of its shape (400). */
export class ValidationError extends DomainError {
  override readonly name = "ValidationError" as const;
  readonly code = "invalid_input";
}

/** No such thing, or it belongs to another country: the two are indistinguishable on purpose (404). */
export class NotFoundError extends DomainError {
  override readonly name = "NotFoundError" as const;
  readonly code = "not_found";
}

/** Authenticated, but this role or agency may not do this (403). */
export class ForbiddenError extends DomainError {
  override readonly name = "ForbiddenError" as const;
  readonly code = "forbidden";
}

/** A write carried a version that is no longer current, or raced another write (409). */
export class VersionConflictError extends DomainError {
  override readonly name = "VersionConflictError" as const;
  readonly code = "version_conflict";
}

/** The request conflicts with the current state, e.g. a ministry deciding twice in one round (409). */
export class StateConflictError extends DomainError {
  override readonly name = "StateConflictError" as const;
  readonly code: string;
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/** The request is valid but a business rule forbids it now, e.g. editing a submitted stage (422). */
export class RuleViolationError extends DomainError {
  override readonly name = "RuleViolationError" as const;
  readonly code: string;
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/** An Idempotency-Key reused with a different request (422) or while its first use is still running (409). */
export class IdempotencyError extends DomainError {
  override readonly name = "IdempotencyError" as const;
  readonly code: "idempotency_key_reused" | "idempotency_key_in_use";
  constructor(code: "idempotency_key_reused" | "idempotency_key_in_use", message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The workflow no longer waits on the task token we hold: it timed out, no longer exists, or the token is invalid.
 * The state change that triggered the send is already stored with an outbox marker, so nothing is lost: the
 * workflow picks it up when it next waits on this stage (409).
 */
export class WorkflowTaskGoneError extends DomainError {
  override readonly name = "WorkflowTaskGoneError" as const;
  readonly code = "workflow_task_gone";
  readonly reason: "TaskTimedOut" | "TaskDoesNotExist" | "InvalidToken";
  constructor(
    reason: "TaskTimedOut" | "TaskDoesNotExist" | "InvalidToken",
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, { ...details, reason });
    this.reason = reason;
  }
}

/** A backing service (DynamoDB, Step Functions) is throttling or failing after retries; safe to retry later (503). */
export class ServiceUnavailableError extends DomainError {
  override readonly name = "ServiceUnavailableError" as const;
  readonly code = "service_unavailable";
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 2, options?: { cause?: unknown }) {
    super(message, { retryAfterSeconds }, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
