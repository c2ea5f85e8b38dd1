import type { NextExecution } from "../../workflows/schemas.js";

/**
 * How the core drives the planning-cycle workflow. Implemented by the Step Functions adapter in AWS
 * (functions/workflow/sfn-workflow.ts) and by the local engine (functions/local/local-workflow-engine.ts).
 *
 * Errors: `WorkflowTaskGoneError` when a token is stale (TaskTimedOut, TaskDoesNotExist, InvalidToken),
 * `ServiceUnavailableError` when the service throttles or fails after retries.
 */
export interface WorkflowPort {
  /** Idempotent: starting a name that already ran or runs with the same input is a no-op. */
  startExecution(execution: NextExecution): Promise<void>;
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<void>;
}
