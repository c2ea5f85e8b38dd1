import { randomUUID } from "node:crypto";
import { WorkflowTaskGoneError } from "../core/errors.js";

const TOKEN_PREFIX = "local-task-token:";
const TOKEN_FORMAT = /^local-task-token:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface PendingTask {
  token: string;
  execution: string;
  state: string;
  deadline: string;
}

/** Why a token is no longer awaited; AWS answers TaskTimedOut for the first, TaskDoesNotExist for the rest. */
export type ClosedReason = "TaskTimedOut" | "TaskDoesNotExist";

type Settle = { resolve(output: unknown): void; reject(error: Error): void };
type Pending = PendingTask & Settle & { timer: AbortController };

/** The task tokens of callback states: a fresh one on every entry into the state, as AWS issues them. */
export class CallbackTokens {
  readonly #pending = new Map<string, Pending>();
  readonly #closed = new Map<string, ClosedReason>();

  /**
   * Issues the token `execution` waits on in `state` until `deadline`. `outcome` settles with what the callback
   * sends; `closed` aborts once the token is no longer awaited, whatever closed it.
   */
  open(
    execution: string,
    state: string,
    deadline: Date,
  ): { token: string; outcome: Promise<unknown>; closed: AbortSignal } {
    const token = `${TOKEN_PREFIX}${randomUUID()}`;
    const timer = new AbortController();
    const outcome = new Promise<unknown>((resolve, reject) => {
      this.#pending.set(token, {
        token,
        execution,
        state,
        deadline: deadline.toISOString(),
        resolve,
        reject,
        timer,
      });
    });
    // Settled by a timeout or stop() while registerWait still runs: the library only awaits it afterwards.
    outcome.catch(() => {});
    return { token, outcome, closed: timer.signal };
  }

  list(): PendingTask[] {
    return [...this.#pending.values()].map(({ token, execution, state, deadline }) => ({
      token,
      execution,
      state,
      deadline,
    }));
  }

  /** Takes the token for the one answer it may carry; throws as AWS does for one malformed or not awaited. */
  claim(token: string): Settle {
    if (!TOKEN_FORMAT.test(token)) throw new WorkflowTaskGoneError("InvalidToken", "Malformed task token");
    const pending = this.#pending.get(token);
    if (!pending) {
      const reason = this.#closed.get(token) ?? "TaskDoesNotExist";
      throw new WorkflowTaskGoneError(reason, `The workflow no longer waits on this task (${reason})`);
    }
    this.close(token, "TaskDoesNotExist");
    return pending;
  }

  close(token: string, reason: ClosedReason, error?: Error): void {
    const pending = this.#pending.get(token);
    if (!pending) return;
    this.#pending.delete(token);
    this.#closed.set(token, reason);
    pending.timer.abort();
    if (error) pending.reject(error);
  }

  /** Closes every token still awaited, or only those of `execution`. */
  closeAll(reason: ClosedReason, options: { execution?: string; error?: () => Error } = {}): void {
    for (const pending of [...this.#pending.values()]) {
      if (options.execution !== undefined && pending.execution !== options.execution) continue;
      this.close(pending.token, reason, options.error?.());
    }
  }
}
