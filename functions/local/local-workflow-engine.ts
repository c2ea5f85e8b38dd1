import "./polyfills.js";
import { randomUUID } from "node:crypto";
import {
  ExecutionAbortedError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";
import { z } from "zod";
import { type AslDefinition, type AslState, loadDefinition, substitute } from "../../workflows/definition.js";
import {
  type ExecutionInput,
  functionArnPlaceholder,
  NextExecution,
  TASKS,
  type TaskName,
} from "../../workflows/schemas.js";
import { ValidationError, WorkflowTaskGoneError } from "../core/errors.js";
import type { WorkflowPort } from "../core/workflow-port.js";

// Runs workflows/planning-cycle.asl.json in-process with aws-local-stepfunctions, every Task state dispatched to a
// local handler. The library is close to Step Functions but not equal; adaptForLocal() bridges the gaps, each one
// named where it is handled:
// - it evaluates TimeoutSecondsPath against the Task's Parameters output, AWS against the state input;
// - every timer is a plain setTimeout, which fires after 1 ms for anything past 2^31-1 ms (24.8 days), so a
//   90-day deadline or a period opening next quarter would fire at once;
// - `$$.Task.Token` is one fixed value per run, where AWS issues a fresh token on every entry into a callback state.
// So callback deadlines and Wait states are timed here, from the injected clock, and the library's own timer for
// those states is parked at its largest safe value.

const ACCOUNT = "us-east-1:000000000000";
export const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:${ACCOUNT}:stateMachine:planning-cycle`;
export function localFunctionArn(task: TaskName): string {
  return `arn:aws:lambda:${ACCOUNT}:function:local-${task}`;
}
const executionArn = (name: string) => `arn:aws:states:${ACCOUNT}:execution:planning-cycle:${name}`;

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const LAMBDA_CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const START_EXECUTION = "arn:aws:states:::states:startExecution";
const LOCAL_WAIT = `arn:aws:lambda:${ACCOUNT}:function:local-wait`;
const MAX_TIMER_MS = 2_147_483_647;
const PARKED_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
const TOKEN_PREFIX = "local-task-token:";
const TOKEN_FORMAT = /^local-task-token:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const LambdaInvoke = z.object({ FunctionName: z.string(), Payload: z.record(z.string(), z.unknown()) });
const CallbackInvoke = LambdaInvoke.extend({ LocalTimeoutSeconds: z.int().min(1) });
const StartExecution = z.object({ Name: z.string(), Input: z.unknown() });
const LocalWait = z.union([
  z.strictObject({ until: z.iso.datetime() }),
  z.strictObject({ seconds: z.int().min(0) }),
]);

export type TaskHandlers = Record<TaskName, (input: unknown) => Promise<unknown>>;
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}
/** Where time comes from. `sleepUntil` is the seam for a controllable clock; by default real timers follow `now`. */
export interface Clock {
  now(): Date;
  sleepUntil?(at: Date, signal: AbortSignal): Promise<void>;
}
export interface LocalWorkflowEngineOptions {
  tasks: TaskHandlers;
  logger?: Logger;
  clock?: Clock;
}

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
export interface PendingTask {
  token: string;
  execution: string;
  state: string;
  deadline: string;
}

type Settle = { resolve(output: unknown): void; reject(error: Error): void };
type Pending = PendingTask & Settle & { timer: AbortController };
type Run = { summary: ExecutionSummary; abort(): void; done: Promise<void> };
type Handler = (input: unknown) => Promise<unknown>;
type StateKind = "lambda" | "callback" | "start" | "wait";
type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;

/** An error the ASL matches by name, as Step Functions matches the `Error` of a failed task. */
class StatesError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const silent: Logger = { info() {}, error() {} };
const realClock: Clock = { now: () => new Date() };

export class LocalWorkflowEngine implements WorkflowPort {
  readonly #tasks: TaskHandlers;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #machine: StateMachine;
  readonly #kinds: Map<string, StateKind>;
  readonly #taskByArn = new Map<string, TaskName>(TASKS.map((task) => [localFunctionArn(task), task]));
  readonly #runs = new Map<string, Run>();
  readonly #pending = new Map<string, Pending>();
  /** Tokens no longer awaited, and why; AWS answers TaskTimedOut for the first, TaskDoesNotExist for the rest. */
  readonly #closed = new Map<string, "TaskTimedOut" | "TaskDoesNotExist">();
  readonly #listeners = new Set<() => void>();
  readonly #lifetime = new AbortController();

  constructor(options: LocalWorkflowEngineOptions) {
    this.#tasks = options.tasks;
    this.#logger = options.logger ?? silent;
    this.#clock = options.clock ?? realClock;
    const substitutions = Object.fromEntries(
      TASKS.map((task) => [functionArnPlaceholder(task), localFunctionArn(task)]),
    );
    const { definition, kinds } = adaptForLocal(substitute(loadDefinition(), substitutions));
    this.#kinds = kinds;
    // asl-validator (run by the constructor) mutates what it validates.
    this.#machine = new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition);
  }

  async startExecution(execution: NextExecution): Promise<void> {
    const parsed = NextExecution.safeParse(execution);
    if (!parsed.success) throw new ValidationError(`Invalid execution: ${z.prettifyError(parsed.error)}`);
    const { name, input } = parsed.data;
    if (this.#runs.has(name)) return;
    if (this.#lifetime.signal.aborted) throw new Error(`LocalWorkflowEngine is stopped: ${name} not started`);
    const run = this.#machine.run(input, {
      context: {
        Execution: { Id: executionArn(name), Name: name },
        StateMachine: { Id: LOCAL_STATE_MACHINE_ARN, Name: "planning-cycle" },
        Task: { Token: "issued-per-entry-by-LocalWorkflowEngine" },
      },
      overrides: { taskResourceLocalHandlers: this.#handlers(name) },
    });
    const summary: ExecutionSummary = { name, input, status: "RUNNING", transitions: 0, events: 0 };
    // The event log closes with the execution; reading it to the end first makes the summary final when it ends.
    const done = Promise.allSettled([run.result, this.#follow(summary, run.eventLogs)]).then(([result]) => {
      if (result.status === "fulfilled") return this.#finish(summary, "SUCCEEDED");
      const aborted = result.reason instanceof ExecutionAbortedError;
      return this.#finish(summary, aborted ? "ABORTED" : "FAILED", result.reason);
    });
    this.#runs.set(name, { summary, abort: run.abort, done });
    this.#logger.info("execution started", { name });
    this.#notify();
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    this.#claim(token).resolve(JSON.parse(JSON.stringify(output ?? {})));
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    this.#claim(token).reject(new StatesError(error, cause));
  }

  executions(): ExecutionSummary[] {
    return [...this.#runs.values()].map((run) => ({ ...run.summary }));
  }

  pendingTasks(): PendingTask[] {
    return [...this.#pending.values()].map(({ token, execution, state, deadline }) => ({
      token,
      execution,
      state,
      deadline,
    }));
  }

  /** Resolves once the named execution has `status`; rejects if it ends otherwise or `timeoutMs` passes first. */
  waitFor(name: string, status: ExecutionStatus, timeoutMs = 5_000): Promise<ExecutionSummary> {
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
        reject(
          new Error(`${name} not ${status} after ${timeoutMs} ms: ${JSON.stringify(this.executions())}`),
        );
      }, timeoutMs);
      this.#listeners.add(listener);
    });
  }

  /** Aborts every running execution and drops every pending callback; no timer of the engine survives it. */
  async stop(): Promise<void> {
    this.#lifetime.abort();
    const running = [...this.#runs.values()].filter((run) => run.summary.status === "RUNNING");
    for (const run of running) run.abort();
    for (const token of [...this.#pending.keys()]) {
      this.#close(
        token,
        "TaskDoesNotExist",
        new StatesError("LocalEngine.Stopped", "The local engine stopped"),
      );
    }
    await Promise.allSettled(running.map((run) => run.done));
  }

  #handlers(execution: string): LocalHandlers {
    const handlers: Record<string, Handler> = {};
    for (const [state, kind] of this.#kinds) {
      handlers[state] =
        kind === "lambda"
          ? (input) => this.#invoke(input)
          : kind === "callback"
            ? (input) => this.#awaitCallback(execution, state, input)
            : kind === "start"
              ? (input) => this.#startNext(input)
              : (input) => this.#wait(input);
    }
    return handlers as LocalHandlers;
  }

  async #invoke(input: unknown): Promise<unknown> {
    const { FunctionName, Payload } = LambdaInvoke.parse(input);
    const result = await this.#tasks[this.#taskFor(FunctionName)](Payload);
    // The shape of a lambda:invoke result, so the ASL's ResultSelector reads `$.Payload` here as on AWS.
    return { StatusCode: 200, Payload: result ?? null };
  }

  async #awaitCallback(execution: string, state: string, input: unknown): Promise<unknown> {
    const { FunctionName, Payload, LocalTimeoutSeconds } = CallbackInvoke.parse(input);
    const task = this.#taskFor(FunctionName);
    const token = `${TOKEN_PREFIX}${randomUUID()}`;
    // As on AWS, the deadline counts from entering the state, registration included.
    const deadline = new Date(this.#clock.now().getTime() + LocalTimeoutSeconds * 1000);
    const outcome = new Promise<unknown>((resolve, reject) => {
      const timer = new AbortController();
      this.#pending.set(token, {
        token,
        execution,
        state,
        deadline: deadline.toISOString(),
        resolve,
        reject,
        timer,
      });
      this.#sleepUntil(deadline, timer.signal).then(
        () =>
          this.#close(
            token,
            "TaskTimedOut",
            new StatesError("States.Timeout", `${state} exceeded ${LocalTimeoutSeconds} s`),
          ),
        () => {},
      );
    });
    // Settled by a timeout or stop() while registerWait still runs: the library only awaits it afterwards.
    outcome.catch(() => {});
    try {
      await this.#tasks[task]({ ...Payload, token });
    } catch (error) {
      this.#close(token, "TaskDoesNotExist");
      throw error;
    }
    return outcome;
  }

  async #startNext(input: unknown): Promise<unknown> {
    const { Name, Input } = StartExecution.parse(input);
    try {
      await this.startExecution({ name: Name, input: Input as ExecutionInput });
    } catch (error) {
      // Named as the states:startExecution integration names it, so the ASL's retriers treat it alike.
      if (!(error instanceof ValidationError)) throw error;
      throw new StatesError("StepFunctions.InvalidExecutionInputException", error.message);
    }
    return { ExecutionArn: executionArn(Name) };
  }

  async #wait(input: unknown): Promise<unknown> {
    const wait = LocalWait.parse(input);
    const at =
      "until" in wait ? new Date(wait.until) : new Date(this.#clock.now().getTime() + wait.seconds * 1000);
    await this.#sleepUntil(at, this.#lifetime.signal);
    return null;
  }

  #sleepUntil(at: Date, signal: AbortSignal): Promise<void> {
    const both = AbortSignal.any([signal, this.#lifetime.signal]);
    return this.#clock.sleepUntil ? this.#clock.sleepUntil(at, both) : sleepUntil(this.#clock, at, both);
  }

  #taskFor(functionArn: string): TaskName {
    const task = this.#taskByArn.get(functionArn);
    if (!task) throw new StatesError("Lambda.ResourceNotFoundException", `No local task for ${functionArn}`);
    return task;
  }

  #claim(token: string): Pending {
    if (!TOKEN_FORMAT.test(token)) throw new WorkflowTaskGoneError("InvalidToken", "Malformed task token");
    const pending = this.#pending.get(token);
    if (!pending) {
      const reason = this.#closed.get(token) ?? "TaskDoesNotExist";
      throw new WorkflowTaskGoneError(reason, `The workflow no longer waits on this task (${reason})`);
    }
    this.#close(token, "TaskDoesNotExist");
    return pending;
  }

  #close(token: string, reason: "TaskTimedOut" | "TaskDoesNotExist", error?: Error): void {
    const pending = this.#pending.get(token);
    if (!pending) return;
    this.#pending.delete(token);
    this.#closed.set(token, reason);
    pending.timer.abort();
    if (error) pending.reject(error);
  }

  async #follow(
    summary: ExecutionSummary,
    events: AsyncIterable<{ type: string; state?: { name: string } }>,
  ) {
    for await (const event of events) {
      summary.events += 1;
      if (event.type === "StateEntered" && event.state) {
        summary.transitions += 1;
        summary.currentState = event.state.name;
      }
    }
  }

  #finish(summary: ExecutionSummary, status: ExecutionStatus, error?: unknown): void {
    summary.status = status;
    for (const pending of [...this.#pending.values()]) {
      if (pending.execution === summary.name) this.#close(pending.token, "TaskDoesNotExist");
    }
    if (status === "FAILED") {
      // ExecutionError wraps what failed the execution: a Fail state's Error/Cause, or the uncaught task error.
      const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      summary.error = failure instanceof Error ? failure.name : "Error";
      summary.cause = failure instanceof Error ? failure.message : String(failure);
      this.#logger.error("execution failed", {
        name: summary.name,
        error: summary.error,
        cause: summary.cause,
      });
    } else {
      this.#logger.info(`execution ${status.toLowerCase()}`, { name: summary.name });
    }
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** Resolves at `at` by `clock`, in steps a setTimeout can hold; rejects when `signal` aborts. */
function sleepUntil(clock: Clock, at: Date, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StatesError("LocalEngine.Stopped", "Wait cancelled"));
    };
    const step = () => {
      const remaining = at.getTime() - clock.now().getTime();
      if (remaining <= 0) {
        signal.removeEventListener("abort", onAbort);
        resolve();
      } else timer = setTimeout(step, Math.min(remaining, MAX_TIMER_MS));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    step();
  });
}

/**
 * The definition as the library must see it to behave like Step Functions (see the top of this file), and the kind
 * of every Task state. Throws on anything the local engine cannot run faithfully, so drift shows at construction.
 */
function adaptForLocal(definition: AslDefinition): {
  definition: AslDefinition;
  kinds: Map<string, StateKind>;
} {
  const kinds = new Map<string, StateKind>();
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    states[name] = state;
    if (state.Type === "Parallel" || state.Type === "Map") {
      throw new Error(`${name}: ${state.Type} is not run locally`);
    }
    if (state.Type === "Wait") {
      const { TimestampPath, Timestamp, SecondsPath, Seconds, ...rest } = state;
      const Parameters =
        TimestampPath !== undefined
          ? { "until.$": TimestampPath }
          : Timestamp !== undefined
            ? { until: Timestamp }
            : SecondsPath !== undefined
              ? { "seconds.$": SecondsPath }
              : { seconds: Seconds };
      states[name] = {
        ...rest,
        Type: "Task",
        Resource: LOCAL_WAIT,
        Parameters,
        ResultPath: null,
        TimeoutSeconds: PARKED_TIMEOUT_SECONDS,
      };
      kinds.set(name, "wait");
    }
    if (state.Type !== "Task") continue;
    if (state.Resource === LAMBDA_INVOKE) kinds.set(name, "lambda");
    else if (state.Resource === START_EXECUTION) kinds.set(name, "start");
    else if (state.Resource === LAMBDA_CALLBACK) {
      const { TimeoutSeconds, TimeoutSecondsPath, Parameters, InputPath, ...rest } = state;
      // The library would apply InputPath before reading LocalTimeoutSeconds; AWS reads the timeout without it.
      if (InputPath !== undefined)
        throw new Error(`${name}: InputPath on a callback state is not run locally`);
      if (TimeoutSeconds === undefined && TimeoutSecondsPath === undefined)
        throw new Error(`${name}: no timeout`);
      const timeout =
        TimeoutSecondsPath !== undefined
          ? { "LocalTimeoutSeconds.$": TimeoutSecondsPath }
          : { LocalTimeoutSeconds: TimeoutSeconds };
      states[name] = {
        ...rest,
        Parameters: { ...(Parameters as object), ...timeout },
        TimeoutSeconds: PARKED_TIMEOUT_SECONDS,
      };
      kinds.set(name, "callback");
    } else throw new Error(`${name}: resource ${String(state.Resource)} is not run locally`);
  }
  return { definition: { ...definition, States: states }, kinds };
}
