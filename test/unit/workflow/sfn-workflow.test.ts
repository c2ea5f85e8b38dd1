import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { ServiceUnavailableError, WorkflowTaskGoneError } from "../../../functions/core/errors.js";
import { SfnWorkflow } from "../../../functions/workflow/sfn-workflow.js";
import { type ExecutionInput, nextExecution } from "../../../workflows/schemas.js";

const STATE_MACHINE_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:planning-cycle";
const TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAeXample";
const input: ExecutionInput = {
  country: "KEN",
  cycleId: "cycle0000000001",
  position: { kind: "stage", stage: "priorities" },
  generation: 0,
};

const sfn = mockClient(SFNClient);
const workflow = () => new SfnWorkflow({ client: new SFNClient({}), stateMachineArn: STATE_MACHINE_ARN });
const meta = { $metadata: {} };

afterEach(() => {
  sfn.reset();
});

describe("startExecution", () => {
  it("starts the state machine with the deterministic name and the input as JSON", async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:execution", startDate: new Date() });

    await workflow().startExecution(nextExecution(input));

    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: "cycle0000000001--stage-priorities--g0",
        input: JSON.stringify(input),
      },
    ]);
  });

  it("treats an execution that already exists as started", async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: "exists", ...meta }));

    await expect(workflow().startExecution(nextExecution(input))).resolves.toBeUndefined();
  });

  it("maps throttling to ServiceUnavailableError and keeps the SDK error as cause", async () => {
    const throttled = new SFNServiceException({
      name: "ThrottlingException",
      $fault: "client",
      message: "slow down",
      ...meta,
    });
    sfn.on(StartExecutionCommand).rejects(throttled);

    const started = workflow().startExecution(nextExecution(input));

    await expect(started).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(started).rejects.toMatchObject({ cause: throttled, retryAfterSeconds: 2 });
  });
});

describe("sendTaskSuccess / sendTaskFailure", () => {
  it("sends the token with the output as JSON", async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});

    await workflow().sendTaskSuccess(TOKEN, { outcome: "approved", round: 2 });

    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: TOKEN,
      output: '{"outcome":"approved","round":2}',
    });
  });

  it("sends the token with error and cause", async () => {
    sfn.on(SendTaskFailureCommand).resolves({});

    await workflow().sendTaskFailure(TOKEN, "ReconcileFailed", "stage item missing");

    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: TOKEN,
      error: "ReconcileFailed",
      cause: "stage item missing",
    });
  });

  it.each([
    ["TaskTimedOut", new TaskTimedOut({ message: "timed out", ...meta })],
    ["TaskDoesNotExist", new TaskDoesNotExist({ message: "gone", ...meta })],
    ["InvalidToken", new InvalidToken({ message: "invalid", ...meta })],
  ])("maps %s to WorkflowTaskGoneError with that reason", async (reason, error) => {
    sfn.on(SendTaskSuccessCommand).rejects(error);
    sfn.on(SendTaskFailureCommand).rejects(error);

    const success = workflow().sendTaskSuccess(TOKEN, {});
    const failure = workflow().sendTaskFailure(TOKEN, "E", "c");

    await expect(success).rejects.toBeInstanceOf(WorkflowTaskGoneError);
    await expect(success).rejects.toMatchObject({ reason, code: "workflow_task_gone" });
    await expect(failure).rejects.toMatchObject({ name: "WorkflowTaskGoneError", reason });
  });

  it("maps a server fault after the SDK's retries to ServiceUnavailableError", async () => {
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(new SFNServiceException({ name: "InternalFailure", $fault: "server", ...meta }));

    await expect(workflow().sendTaskSuccess(TOKEN, {})).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("maps a network error to ServiceUnavailableError", async () => {
    sfn
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));

    await expect(workflow().sendTaskSuccess(TOKEN, {})).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("rethrows any other error unchanged", async () => {
    const denied = new SFNServiceException({
      name: "AccessDeniedException",
      $fault: "client",
      message: "no",
      ...meta,
    });
    sfn.on(SendTaskSuccessCommand).rejects(denied);

    await expect(workflow().sendTaskSuccess(TOKEN, {})).rejects.toBe(denied);
  });
});
