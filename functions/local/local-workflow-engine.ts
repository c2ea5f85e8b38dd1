import "./polyfills.js";
import {
  ExecutionAbortedError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";
import { z } from "zod";
import { type ExecutionInput, NextExecution, TASKS, type TaskName } from "../../workflows/schemas.js";
import { ValidationError } from "../core/errors.js";
import type { WorkflowPort } from "../core/workflow-port.js";
import { CallbackTokens, type PendingTask } from "./callback-tokens.js";
import { type ExecutionStatus, type ExecutionSummary, Executions, endSummary, follow } from "./executions.js";
import {
  CallbackInvoke,
  executionArn,
  LambdaInvoke,
  LOCAL_STATE_MACHINE_ARN,
  LocalWait,
  localDefinition,
  localFunctionArn,
  StartExecution,
  type StateKind,
} from "./local-asl.js";
import { type Clock, realClock, sleepUntil } from "./local-clock.js";
import { StatesError } from "./states-error.js";

export type { PendingTask } from "./callback-tokens.js";
export type { ExecutionStatus, ExecutionSummary } from "./executions.js";
export { LOCAL_STATE_MACHINE_ARN, localFunctionArn } from "./local-asl.js";
export type { Clock } from "./local-clock.js";

// Runs workflows/planning-cycle.asl.json in-process with aws-local-stepfunctions, every Task state dispatched to a
// local handler. Where the library differs from Step Functions, local-asl.ts adapts the definition and this engine
// does the rest: callback deadlines and Wait states are timed here from the injected clock, and every entry into a
// callback state gets a fresh token.

export type TaskHandlers = Record<TaskName, (input: unknown) => Promise<unknown>>;
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}
export interface LocalWorkflowEngineOptions {
  tasks: TaskHandlers;
  logger?: Logger;
  clock?: Clock;
}

type Handler = (input: unknown) => Promise<unknown>;
type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;

const silent: Logger = { info() {}, error() {} };

export class LocalWorkflowEngine implements WorkflowPort {
  readonly #tasks: TaskHandlers;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #machine: StateMachine;
  readonly #kinds: Map<string, StateKind>;
  readonly #taskByArn = new Map<string, TaskName>(TASKS.map((task) => [localFunctionArn(task), task]));
  readonly #executions = new Executions();
  readonly #tokens = new CallbackTokens();
  readonly #lifetime = new AbortController();

  constructor(options: LocalWorkflowEngineOptions) {
    this.#tasks = options.tasks;
    this.#logger = options.logger ?? silent;
    this.#clock = options.clock ?? realClock;
    const { definition, kinds } = localDefinition();
    this.#kinds = kinds;
    // asl-validator (run by the constructor) mutates what it validates.
    this.#machine = new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition);
  }

  async startExecution(execution: NextExecution): Promise<void> {
    const parsed = NextExecution.safeParse(execution);
    if (!parsed.success) throw new ValidationError(`Invalid execution: ${z.prettifyError(parsed.error)}`);
    const { name, input } = parsed.data;
    if (this.#executions.has(name)) return;
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
    const done = Promise.allSettled([run.result, follow(summary, run.eventLogs)]).then(([result]) => {
      if (result.status === "fulfilled") return this.#finish(summary, "SUCCEEDED");
      const aborted = result.reason instanceof ExecutionAbortedError;
      return this.#finish(summary, aborted ? "ABORTED" : "FAILED", result.reason);
    });
    this.#executions.add(name, { summary, abort: run.abort, done });
    this.#logger.info("execution started", { name });
    this.#executions.notify();
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    this.#tokens.claim(token).resolve(JSON.parse(JSON.stringify(output ?? {})));
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    this.#tokens.claim(token).reject(new StatesError(error, cause));
  }

  executions(): ExecutionSummary[] {
    return this.#executions.list();
  }

  pendingTasks(): PendingTask[] {
    return this.#tokens.list();
  }

  /** Resolves once the named execution has `status`; rejects if it ends otherwise or `timeoutMs` passes first. */
  waitFor(name: string, status: ExecutionStatus, timeoutMs = 5_000): Promise<ExecutionSummary> {
    return this.#executions.waitFor(name, status, timeoutMs);
  }

  /** Aborts every running execution and drops every pending callback; no timer of the engine survives it. */
  async stop(): Promise<void> {
    this.#lifetime.abort();
    const running = this.#executions.running();
    for (const run of running) run.abort();
    this.#tokens.closeAll("TaskDoesNotExist", {
      error: () => new StatesError("LocalEngine.Stopped", "The local engine stopped"),
    });
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
    // As on AWS, the deadline counts from entering the state, registration included.
    const deadline = new Date(this.#clock.now().getTime() + LocalTimeoutSeconds * 1000);
    const { token, outcome, closed } = this.#tokens.open(execution, state, deadline);
    this.#sleepUntil(deadline, closed).then(
      () =>
        this.#tokens.close(
          token,
          "TaskTimedOut",
          new StatesError("States.Timeout", `${state} exceeded ${LocalTimeoutSeconds} s`),
        ),
      () => {},
    );
    try {
      await this.#tasks[task]({ ...Payload, token });
    } catch (error) {
      this.#tokens.close(token, "TaskDoesNotExist");
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
    return sleepUntil(this.#clock, at, AbortSignal.any([signal, this.#lifetime.signal]));
  }

  #taskFor(functionArn: string): TaskName {
    const task = this.#taskByArn.get(functionArn);
    if (!task) throw new StatesError("Lambda.ResourceNotFoundException", `No local task for ${functionArn}`);
    return task;
  }

  #finish(summary: ExecutionSummary, status: ExecutionStatus, error?: unknown): void {
    endSummary(summary, status, error);
    this.#tokens.closeAll("TaskDoesNotExist", { execution: summary.name });
    if (status === "FAILED") {
      this.#logger.error("execution failed", {
        name: summary.name,
        error: summary.error,
        cause: summary.cause,
      });
    } else {
      this.#logger.info(`execution ${status.toLowerCase()}`, { name: summary.name });
    }
    this.#executions.notify();
  }
}
