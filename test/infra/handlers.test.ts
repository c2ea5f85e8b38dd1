import { Template } from "aws-cdk-lib/assertions";
import type { Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { VersionConflictError } from "../../functions/core/errors.js";
import type { Store } from "../../functions/core/ports.js";
import { createRuntime, createTaskHandler, readEnv } from "../../functions/handlers/runtime.js";
import { plannerApp } from "./planner-app.js";

const STATE_MACHINE_ARN =
  "arn:aws:states:eu-west-1:123456789012:stateMachine:FfaPlanner-Workflow-PlanningCycle";
const ENV = { TABLE_NAME: "ffa-planner", STATE_MACHINE_ARN, POWERTOOLS_SERVICE_NAME: "ffa-planner-workflow" };

const context = {
  functionName: "ffa-planner-task-openStage",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:ffa-planner-task-openStage",
  memoryLimitInMB: "512",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

describe("the Lambda environment", () => {
  it("fails at start naming every missing variable", () => {
    expect(() => readEnv({})).toThrow(
      /TABLE_NAME is not set.*STATE_MACHINE_ARN is not set.*POWERTOOLS_SERVICE_NAME/,
    );
  });

  it("rejects a state machine ARN that is not one", () => {
    expect(() => readEnv({ ...ENV, STATE_MACHINE_ARN: "FfaPlanner-PlanningCycle" })).toThrow(
      /STATE_MACHINE_ARN must be a Step Functions state machine ARN/,
    );
  });

  it("is set by the stacks with every variable the handlers require", () => {
    const { stacks } = plannerApp();
    const functions = [stacks.api, stacks.workflow].flatMap((stack) =>
      Object.entries(Template.fromStack(stack).findResources("AWS::Lambda::Function")),
    );

    expect(functions).toHaveLength(12);
    for (const [id, fn] of functions) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      // Deploy-time values are tokens here; stand in for them with well-formed ones.
      const env = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [
          name,
          typeof value === "string"
            ? value
            : name === "STATE_MACHINE_ARN"
              ? STATE_MACHINE_ARN
              : `${name}-value`,
        ]),
      );
      expect(() => readEnv(env), id).not.toThrow();
    }
  });
});

describe("a task handler", () => {
  afterEach(() => vi.restoreAllMocks());

  it("lets the task's error through unchanged, so the ASL retries on its name, and counts the failure", async () => {
    const runtime = createRuntime(readEnv(ENV));
    const conflict = new VersionConflictError("the cycle changed meanwhile");
    const store = { getCycle: vi.fn().mockRejectedValue(conflict) } as unknown as Store;
    const addMetric = vi.spyOn(runtime.metrics, "addMetric");
    vi.spyOn(runtime.metrics, "publishStoredMetrics").mockReturnValue(runtime.metrics);
    vi.spyOn(runtime.logger, "error").mockImplementation(() => {});
    const handler = createTaskHandler("openStage", { ...runtime, deps: { ...runtime.deps, store } });

    const result = handler(
      { country: "KEN", cycleId: "01JD0000000000000000000000", stage: "assessment", generation: 0 },
      context,
    );

    await expect(result).rejects.toBe(conflict);
    expect(conflict.name).toBe("VersionConflictError");
    expect(addMetric).toHaveBeenCalledWith("TaskFailed", "Count", 1);
  });
});
