import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { NextExecution } from "../../workflows/schemas.js";
import { ServiceUnavailableError, WorkflowTaskGoneError } from "../core/errors.js";
import type { WorkflowPort } from "../core/workflow-port.js";

// The WorkflowPort over Step Functions. The SDK already retried throttling and transient faults by the time an error
// reaches us, so what remains is translated once: a stale token is a domain answer, an outage is a 503.

const TASK_GONE = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"] as const);
type TaskGoneReason = WorkflowTaskGoneError["reason"];

const UNAVAILABLE = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "KmsThrottlingException",
  "ExecutionLimitExceeded",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalServerError",
  "InternalFailure",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "NetworkingError",
]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);

// SendTaskFailure limits; a longer value would turn a failure report into a ValidationException.
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;

export interface SfnWorkflowOptions {
  client: SFNClient;
  stateMachineArn: string;
}

export class SfnWorkflow implements WorkflowPort {
  readonly #client: SFNClient;
  readonly #stateMachineArn: string;

  constructor(options: SfnWorkflowOptions) {
    this.#client = options.client;
    this.#stateMachineArn = options.stateMachineArn;
  }

  async startExecution(execution: NextExecution): Promise<void> {
    const command = new StartExecutionCommand({
      stateMachineArn: this.#stateMachineArn,
      name: execution.name,
      input: JSON.stringify(execution.input),
    });
    try {
      await this.#client.send(command);
    } catch (error) {
      // Names are deterministic per position: an existing execution of that name is the one we meant to start.
      if (errorName(error) === "ExecutionAlreadyExists") return;
      throw translate(error, `start execution ${execution.name}`);
    }
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    const command = new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) });
    try {
      await this.#client.send(command);
    } catch (error) {
      throw translate(error, "send task success");
    }
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    const command = new SendTaskFailureCommand({
      taskToken: token,
      error: error.slice(0, MAX_ERROR_LENGTH),
      cause: cause.slice(0, MAX_CAUSE_LENGTH),
    });
    try {
      await this.#client.send(command);
    } catch (failure) {
      throw translate(failure, "send task failure");
    }
  }
}

function translate(error: unknown, action: string): unknown {
  const name = errorName(error);
  if (isTaskGone(name)) {
    return new WorkflowTaskGoneError(
      name,
      `Cannot ${action}: the workflow no longer waits on this task (${name})`,
    );
  }
  if (isUnavailable(error, name)) {
    return new ServiceUnavailableError(`Step Functions unavailable, cannot ${action} (${name})`, 2, {
      cause: error,
    });
  }
  return error;
}

function isTaskGone(name: string): name is TaskGoneReason {
  return (TASK_GONE as Set<string>).has(name);
}

function isUnavailable(error: unknown, name: string): boolean {
  if (UNAVAILABLE.has(name)) return true;
  if (typeof error !== "object" || error === null) return false;
  const { $fault, $metadata, code } = error as {
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    code?: unknown;
  };
  const status = $metadata?.httpStatusCode;
  return (
    $fault === "server" ||
    (typeof status === "number" && (status === 429 || status >= 500)) ||
    (typeof code === "string" && NETWORK_CODES.has(code))
  );
}

function errorName(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const { name } = error as { name?: unknown };
  return typeof name === "string" ? name : "";
}
