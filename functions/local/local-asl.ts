import { z } from "zod";
import { type AslDefinition, type AslState, loadDefinition, substitute } from "../../workflows/definition.js";
import { functionArnPlaceholder, TASKS, type TaskName } from "../../workflows/schemas.js";
import { MAX_TIMER_MS } from "./local-clock.js";

// aws-local-stepfunctions is close to Step Functions but not equal; adaptForLocal() bridges the gaps, each one
// named where it is handled:
// - it evaluates TimeoutSecondsPath against the Task's Parameters output, AWS against the state input;
// - every timer is a plain setTimeout, which fires after 1 ms for anything past 2^31-1 ms (24.8 days), so a
//   90-day deadline or a period opening next quarter would fire at once;
// - `$$.Task.Token` is one fixed value per run, where AWS issues a fresh token on every entry into a callback state.
// So callback deadlines and Wait states are timed by the engine, from the injected clock, and the library's own
// timer for those states is parked at its largest safe value.

const ACCOUNT = "us-east-1:000000000000";
export const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:${ACCOUNT}:stateMachine:planning-cycle`;
export function localFunctionArn(task: TaskName): string {
  return `arn:aws:lambda:${ACCOUNT}:function:local-${task}`;
}
export const executionArn = (name: string) => `arn:aws:states:${ACCOUNT}:execution:planning-cycle:${name}`;

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const LAMBDA_CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const START_EXECUTION = "arn:aws:states:::states:startExecution";
const LOCAL_WAIT = `arn:aws:lambda:${ACCOUNT}:function:local-wait`;
const PARKED_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** Which local handler a Task state of the adapted definition is dispatched to. */
export type StateKind = "lambda" | "callback" | "start" | "wait";

// What each kind of state hands its handler, once adapted.
export const LambdaInvoke = z.object({
  FunctionName: z.string(),
  Payload: z.record(z.string(), z.unknown()),
});
export const CallbackInvoke = LambdaInvoke.extend({ LocalTimeoutSeconds: z.int().min(1) });
export const StartExecution = z.object({ Name: z.string(), Input: z.unknown() });
export const LocalWait = z.union([
  z.strictObject({ until: z.iso.datetime() }),
  z.strictObject({ seconds: z.int().min(0) }),
]);

/** The planning-cycle definition wired to the local task functions and adapted for local execution. */
export function localDefinition(): { definition: AslDefinition; kinds: Map<string, StateKind> } {
  const substitutions = Object.fromEntries(
    TASKS.map((task) => [functionArnPlaceholder(task), localFunctionArn(task)]),
  );
  return adaptForLocal(substitute(loadDefinition(), substitutions));
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
