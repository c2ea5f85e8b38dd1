import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { type AslState, loadDefinition, placeholders, substitute } from "../../../workflows/definition.js";
import { functionArnPlaceholder, TASKS } from "../../../workflows/schemas.js";

// asl-validator is CommonJS without type declarations.
type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };
const aslValidator = createRequire(import.meta.url)("asl-validator") as AslValidator;

const CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const LAMBDA_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.TooManyRequestsException",
  "Lambda.SdkClientException",
];

const deployed = () =>
  substitute(
    loadDefinition(),
    Object.fromEntries(
      TASKS.map((task) => [
        functionArnPlaceholder(task),
        `arn:aws:lambda:eu-west-1:123456789012:function:ffa-${task}`,
      ]),
    ),
  );
const states = () => Object.entries(loadDefinition().States);
const tasks = () => states().filter(([, state]) => state.Type === "Task");
const isCallback = (state: AslState) => state.Resource === CALLBACK;

type Retrier = { ErrorEquals: string[] };
type Catcher = { ErrorEquals: string[]; Next: string; ResultPath?: string | null };
type ChoiceRule = { Next: string };

function successors(state: AslState): string[] {
  const next = [state.Next, state.Default]
    .concat(((state.Choices as ChoiceRule[] | undefined) ?? []).map((rule) => rule.Next))
    .concat(((state.Catch as Catcher[] | undefined) ?? []).map((catcher) => catcher.Next));
  return next.filter((name): name is string => typeof name === "string");
}

describe("planning-cycle.asl.json", () => {
  it("is a valid state machine once its placeholders are filled", () => {
    const result = aslValidator(structuredClone(deployed()), { checkArn: true, checkPaths: true });

    expect(result.errorsText("\n")).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("has one Lambda placeholder per task, named as CDK's definitionSubstitutions expect", () => {
    expect(placeholders(loadDefinition())).toEqual(TASKS.map(functionArnPlaceholder).sort());
  });

  it("starts by choosing where to resume", () => {
    const definition = loadDefinition();

    expect(definition.StartAt).toBe("ResumeAt");
    expect(definition.States.ResumeAt).toMatchObject({ Type: "Choice", Default: expect.any(String) });
  });

  it("retries every task on Lambda service errors with backoff", () => {
    for (const [name, state] of tasks().filter(([, s]) => String(s.Resource).includes(":lambda:"))) {
      const retrier = (state.Retry as (Retrier & { BackoffRate?: number })[] | undefined)?.find((r) =>
        LAMBDA_ERRORS.every((error) => r.ErrorEquals.includes(error)),
      );
      expect(retrier, name).toBeDefined();
      expect(retrier?.BackoffRate ?? 0, name).toBeGreaterThan(1);
    }
    expect(tasks().every(([, state]) => Array.isArray(state.Retry) && state.Retry.length > 0)).toBe(true);
  });

  it("gives every callback a deadline, a catch for its timeout and a catch for anything else", () => {
    const callbacks = tasks().filter(([, state]) => isCallback(state));
    expect(callbacks.map(([name]) => name).sort()).toEqual([
      "AwaitDecision",
      "AwaitReports",
      "AwaitSubmission",
    ]);

    for (const [name, state] of callbacks) {
      const catchers = (state.Catch as Catcher[] | undefined) ?? [];
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
      expect(catchers[0]?.ErrorEquals, name).toEqual(["States.Timeout"]);
      expect(catchers.at(-1)?.ErrorEquals, name).toEqual(["States.ALL"]);
      expect(state.Parameters, name).toMatchObject({ Payload: { "token.$": "$$.Task.Token" } });
    }
  });

  it("references only states that exist and reaches every state it defines", () => {
    const definition = loadDefinition();
    const reached = new Set<string>();
    const queue = [definition.StartAt];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const state = definition.States[name];
      expect(state, `${name} is referenced but not defined`).toBeDefined();
      if (!state || reached.has(name)) continue;
      reached.add(name);
      queue.push(...successors(state));
    }

    expect([...reached].sort()).toEqual(Object.keys(definition.States).sort());
  });

  it("loops only through a callback wait, so no execution can poll", () => {
    const definition = loadDefinition();
    // Depth-first search for a cycle in the graph without the callback states.
    const visiting = new Set<string>();
    const done = new Set<string>();
    const loopFrom = (name: string): string | undefined => {
      const state = definition.States[name];
      if (!state || isCallback(state) || done.has(name)) return undefined;
      if (visiting.has(name)) return name;
      visiting.add(name);
      const found = successors(state).map(loopFrom).find(Boolean);
      visiting.delete(name);
      done.add(name);
      return found;
    };

    expect(Object.keys(definition.States).map(loopFrom).find(Boolean)).toBeUndefined();
  });

  it("keeps its data bounded: every task and catcher writes to a named field or discards", () => {
    for (const [name, state] of tasks()) {
      expect(state, name).toHaveProperty("ResultPath");
      expect(state.ResultPath === null || /^\$\.[a-z]+$/.test(String(state.ResultPath)), name).toBe(true);
      for (const catcher of (state.Catch as Catcher[] | undefined) ?? []) {
        expect(catcher.ResultPath, name).toMatch(/^\$\.[a-z]+$/);
      }
    }
  });

  it("is written in JSONPath only", () => {
    const text = JSON.stringify(loadDefinition());

    expect(text).not.toMatch(/"QueryLanguage"|"Assign"|"Arguments"|"Output"|\{%/);
  });

  it("ends an amendment's execution after closing its stage: CloseStage reaches StartNext only through a choice on next", () => {
    const { States } = loadDefinition();

    expect(States.CloseStage).toMatchObject({
      ResultSelector: { "next.$": "$.Payload.next" },
      ResultPath: "$.chain",
      Next: "Chain",
    });
    expect(States.Chain).toMatchObject({
      Type: "Choice",
      Choices: [{ Variable: "$.chain.next", IsNull: true, Next: "NothingToChain" }],
      Default: "ChainNext",
    });
    expect(States.NothingToChain).toEqual({ Type: "Succeed" });
    expect(States.ChainNext).toMatchObject({
      Type: "Pass",
      Parameters: { "name.$": "$.chain.next.name", "input.$": "$.chain.next.input" },
      ResultPath: "$.next",
      Next: "StartNext",
    });
  });

  it("hands the stage tasks the whole position, so they can tell an amendment's execution from the cycle's", () => {
    const { States } = loadDefinition();

    for (const name of ["CloseStage", "SubmissionOverdue", "DecisionOverdue"]) {
      expect(States[name], name).toMatchObject({
        Parameters: { Payload: { "stage.$": "$.position.stage", "position.$": "$.position" } },
        Next: "Chain",
      });
    }
  });

  it("chains the next execution of the same state machine by name", () => {
    expect(loadDefinition().States.StartNext).toMatchObject({
      Resource: "arn:aws:states:::states:startExecution",
      Parameters: {
        "StateMachineArn.$": "$$.StateMachine.Id",
        "Name.$": "$.next.name",
        "Input.$": "$.next.input",
      },
    });
  });
});

describe("substitute", () => {
  it("throws naming every placeholder left without a value", () => {
    const some = { OpenStageFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:open" };

    expect(() => substitute(loadDefinition(), some)).toThrow(
      /\$\{RegisterWaitFunctionArn\}.*\$\{StageOverdueFunctionArn\}/,
    );
    expect(() => substitute(loadDefinition(), some)).not.toThrow(/OpenStageFunctionArn/);
  });

  it("fills every placeholder and leaves the original untouched", () => {
    const original = loadDefinition();

    const filled = substitute(
      original,
      Object.fromEntries(TASKS.map((t) => [functionArnPlaceholder(t), `arn-${t}`])),
    );

    expect(placeholders(filled)).toEqual([]);
    expect(filled.States.OpenStage).toMatchObject({ Parameters: { FunctionName: "arn-openStage" } });
    expect(original.States.OpenStage).toMatchObject({
      Parameters: { FunctionName: `\${OpenStageFunctionArn}` },
    });
  });
});
