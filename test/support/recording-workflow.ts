import type { WorkflowPort } from "../../functions/core/ports.js";
import type { NextExecution } from "../../workflows/schemas.js";

type Method = keyof WorkflowPort;

/**
 * A WorkflowPort that records what the core asks of the workflow, and can be told to fail: `failNext("sendTaskSuccess",
 * new WorkflowTaskGoneError(...))` makes the next such call throw, as Step Functions would.
 */
export class RecordingWorkflow implements WorkflowPort {
  readonly starts: NextExecution[] = [];
  readonly successes: { token: string; output: unknown }[] = [];
  readonly failures: { token: string; error: string; cause: string }[] = [];
  private readonly pending = new Map<Method, Error>();

  failNext(method: Method, error: Error): void {
    this.pending.set(method, error);
  }

  async startExecution(execution: NextExecution): Promise<void> {
    this.throwIfTold("startExecution");
    this.starts.push(structuredClone(execution));
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    this.throwIfTold("sendTaskSuccess");
    this.successes.push({ token, output: structuredClone(output) });
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    this.throwIfTold("sendTaskFailure");
    this.failures.push({ token, error, cause });
  }

  private throwIfTold(method: Method): void {
    const error = this.pending.get(method);
    if (!error) return;
    this.pending.delete(method);
    throw error;
  }
}
