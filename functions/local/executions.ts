import type { ExecutionInput } from "../../workflows/schemas.js";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";
export interface ExecutionSummary {
  name: string;
  input: ExecutionInput;
  status: ExecutionStatus;
  error?: string;
  cause?: string;
  /** States entered so far, and every event of the library's log: the local stand-in for the execution history. */
  transitions: number;
  events: number;
  currentState?: string;
}

export type Run = { summary: ExecutionSummary; abort(): void; done: Promise<void> };

/** The runs of one engine by name, and whoever waits for one of them to reach a status. */
export class Executions {
  readonly #runs = new Map<string, Run>();
  readonly #listeners = new Set<() => void>();

  has(name: string): boolean {
    return this.#runs.has(name);
  }

  add(name: string, run: Run): void {
    this.#runs.set(name, run);
  }

  list(): ExecutionSummary[] {
    return [...this.#runs.values()].map((run) => ({ ...run.summary }));
  }

  running(): Run[] {
    return [...this.#runs.values()].filter((run) => run.summary.status === "RUNNING");
  }

  /** Tells every waiter that a summary changed. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Resolves once the named execution has `status`; rejects if it ends otherwise or `timeoutMs` passes first. */
  waitFor(name: string, status: ExecutionStatus, timeoutMs: number): Promise<ExecutionSummary> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const summary = this.#runs.get(name)?.summary;
        if (summary?.status === status) resolve({ ...summary });
        else if (summary && summary.status !== "RUNNING") {
          reject(
            new Error(`${name} ended ${summary.status}, not ${status}: ${summary.error} ${summary.cause}`),
          );
        } else return false;
        return true;
      };
      if (check()) return;
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(new Error(`${name} not ${status} after ${timeoutMs} ms: ${JSON.stringify(this.list())}`));
      }, timeoutMs);
      this.#listeners.add(listener);
    });
  }
}

/** Counts into `summary` the events of the library's log, to its end. */
export async function follow(
  summary: ExecutionSummary,
  events: AsyncIterable<{ type: string; state?: { name: string } }>,
): Promise<void> {
  for await (const event of events) {
    summary.events += 1;
    if (event.type === "StateEntered" && event.state) {
      summary.transitions += 1;
      summary.currentState = event.state.name;
    }
  }
}

/** Marks `summary` ended with `status`; for a failure, with the name and message of what failed it. */
export function endSummary(summary: ExecutionSummary, status: ExecutionStatus, error?: unknown): void {
  summary.status = status;
  if (status !== "FAILED") return;
  // ExecutionError wraps what failed the execution: a Fail state's Error/Cause, or the uncaught task error.
  const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  summary.error = failure instanceof Error ? failure.name : "Error";
  summary.cause = failure instanceof Error ? failure.message : String(failure);
}
