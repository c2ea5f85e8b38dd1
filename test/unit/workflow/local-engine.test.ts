import { afterEach, describe, expect, it } from "vitest";
import { WorkflowTaskGoneError } from "../../../functions/core/errors.js";
import {
  type Clock,
  LocalWorkflowEngine,
  type TaskHandlers,
} from "../../../functions/local/local-workflow-engine.js";
import {
  type ExecutionInput,
  executionName,
  nextExecution,
  type Position,
  type StagePosition,
  TASKS,
  type TaskName,
} from "../../../workflows/schemas.js";

// Drives the real planning-cycle ASL on the local engine with in-memory task handlers. Deadlines are 1 s at most
// (TimeoutSeconds is whole seconds), so the slowest test here waits about two seconds.

const CYCLE = "cycle0000000001";
const DAY_SECONDS = 86_400;

type Call = { task: TaskName; input: Record<string, unknown> };

/** Fake task Lambdas: record every call, answer from `answers`, and let the test await a given call. */
function fakeTasks(answers: Partial<Record<TaskName, (input: Record<string, unknown>) => unknown>> = {}) {
  const calls: Call[] = [];
  const waiters: { match: (call: Call) => boolean; resolve: (call: Call) => void }[] = [];
  const tasks = Object.fromEntries(
    TASKS.map((task) => [
      task,
      async (input: unknown) => {
        const call = { task, input: input as Record<string, unknown> };
        calls.push(call);
        for (const waiter of waiters.filter((w) => w.match(call))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
        return answers[task]?.(call.input) ?? defaultAnswer(task, call.input);
      },
    ]),
  ) as TaskHandlers;

  /** The `nth` (1-based) call of `task` whose input includes `fields`, now or when it happens. */
  function call(task: TaskName, fields: Record<string, unknown> = {}, nth = 1): Promise<Call> {
    const match = (c: Call) => c.task === task && Object.entries(fields).every(([k, v]) => c.input[k] === v);
    const seen = calls.filter(match);
    const found = seen[nth - 1];
    if (found) return Promise.resolve(found);
    let remaining = nth - seen.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no call ${nth} of ${task} ${JSON.stringify(fields)}`)),
        4_000,
      );
      waiters.push({
        match: (c) => match(c) && --remaining === 0,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }
  async function token(wait: string, nth = 1): Promise<string> {
    return String((await call("registerWait", { wait }, nth)).input.token);
  }
  const count = (task: TaskName) => calls.filter((c) => c.task === task).length;
  return { tasks, calls, call, token, count };
}

function input(position: Position, generation = 0): ExecutionInput {
  return { country: "KEN", cycleId: CYCLE, position, generation };
}

function chained(cycleInput: ExecutionInput) {
  return { next: nextExecution(cycleInput) };
}

function defaultAnswer(task: TaskName, payload: Record<string, unknown>): unknown {
  const stage = payload.stage as "assessment" | "priorities" | "action_plan";
  const position = payload.position as StagePosition | undefined;
  switch (task) {
    case "openStage":
      return { submissionTimeoutSeconds: 30 * DAY_SECONDS, decisionTimeoutSeconds: 30 * DAY_SECONDS };
    case "closeStage":
      // As the real task: an amendment's execution chains nothing.
      if (position?.amendment !== undefined) return { next: null };
      return chained(input({ kind: "stage", stage: stage === "assessment" ? "priorities" : "action_plan" }));
    case "stageOverdue":
      return chained(input(position ?? { kind: "stage", stage }, Number(payload.generation) + 1));
    case "planPeriod":
      return { opensAt: new Date(Date.now() - 60_000).toISOString(), reportsTimeoutSeconds: 1 };
    case "remindReports": {
      const reminders = Number(payload.reminders) + 1;
      return { again: reminders < 2, timeoutSeconds: 1, reminders };
    }
    case "closePeriod":
      return chained(input({ kind: "period", index: Number(payload.periodIndex) + 1 }));
    default:
      return {};
  }
}

let engine: LocalWorkflowEngine | undefined;
function start(fake: ReturnType<typeof fakeTasks>, clock?: Clock) {
  engine = new LocalWorkflowEngine({ tasks: fake.tasks, ...(clock ? { clock } : {}) });
  return engine;
}
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

const assessment = input({ kind: "stage", stage: "assessment" });
const assessmentName = executionName(CYCLE, assessment.position, 0);
const prioritiesName = executionName(CYCLE, { kind: "stage", stage: "priorities" }, 0);

describe("a stage", () => {
  it("opens, waits for submission and decision, closes when approved and chains the next stage", async () => {
    const fake = fakeTasks();
    const wf = start(fake);

    await wf.startExecution(nextExecution(assessment));
    await wf.sendTaskSuccess(await fake.token("submission"), { submitted: true, round: 1 });
    await wf.sendTaskSuccess(await fake.token("decision"), { outcome: "approved", round: 1 });

    const done = await wf.waitFor(assessmentName, "SUCCEEDED");
    await wf.waitFor(prioritiesName, "RUNNING");
    expect(fake.calls.map((c) => c.task).slice(0, 4)).toEqual([
      "openStage",
      "registerWait",
      "registerWait",
      "closeStage",
    ]);
    expect(fake.calls[0]?.input).toEqual({
      country: "KEN",
      cycleId: CYCLE,
      stage: "assessment",
      generation: 0,
    });
    expect(fake.calls[1]?.input).toMatchObject({
      country: "KEN",
      cycleId: CYCLE,
      wait: "submission",
      stage: "assessment",
    });
    expect(fake.calls[3]?.input).toEqual({
      country: "KEN",
      cycleId: CYCLE,
      stage: "assessment",
      position: { kind: "stage", stage: "assessment" },
    });
    // ResumeAt OpenStage AwaitSubmission AwaitDecision Decided CloseStage Chain ChainNext StartNext Done
    expect(done.transitions).toBe(10);
    expect((await fake.call("openStage", { stage: "priorities" })).input.generation).toBe(0);
  });

  it("goes back to drafting when returned and registers a fresh submission token", async () => {
    const fake = fakeTasks();
    const wf = start(fake);

    await wf.startExecution(nextExecution(assessment));
    const first = await fake.token("submission");
    await wf.sendTaskSuccess(first, { submitted: true, round: 1 });
    await wf.sendTaskSuccess(await fake.token("decision"), { outcome: "returned", round: 1 });
    const second = await fake.token("submission", 2);
    await wf.sendTaskSuccess(second, { submitted: true, round: 2 });
    await wf.sendTaskSuccess(await fake.token("decision", 2), { outcome: "approved", round: 2 });

    const done = await wf.waitFor(assessmentName, "SUCCEEDED");
    expect(second).not.toBe(first);
    expect(fake.count("openStage")).toBe(2); // this stage, then the chained priorities stage
    expect(fake.count("closeStage")).toBe(1);
    // One stage with one return: 13 states entered; far from any history limit (no polling).
    expect(done.transitions).toBe(13);
    expect(done.events).toBeLessThan(100);
  });

  it("chains the same stage with generation + 1 when the submission deadline passes", async () => {
    const fake = fakeTasks({ openStage: () => ({ submissionTimeoutSeconds: 1, decisionTimeoutSeconds: 1 }) });
    const wf = start(fake);

    await wf.startExecution(nextExecution(assessment));
    const late = await fake.token("submission");
    const overdue = await fake.call("stageOverdue");

    expect(overdue.input).toEqual({
      country: "KEN",
      cycleId: CYCLE,
      stage: "assessment",
      wait: "submission",
      generation: 0,
      position: { kind: "stage", stage: "assessment" },
    });
    await wf.waitFor(assessmentName, "SUCCEEDED");
    await wf.waitFor(executionName(CYCLE, assessment.position, 1), "RUNNING");
    expect((await fake.call("openStage", {}, 2)).input.generation).toBe(1);
    await expect(wf.sendTaskSuccess(late, { submitted: true, round: 1 })).rejects.toMatchObject({
      name: "WorkflowTaskGoneError",
      reason: "TaskTimedOut",
    });
  });

  it("reports the decision wait as overdue when the decision deadline passes", async () => {
    const fake = fakeTasks({
      openStage: () => ({ submissionTimeoutSeconds: 60, decisionTimeoutSeconds: 1 }),
    });
    const wf = start(fake);

    await wf.startExecution(nextExecution(assessment));
    await wf.sendTaskSuccess(await fake.token("submission"), { submitted: true, round: 1 });

    expect((await fake.call("stageOverdue")).input).toMatchObject({ wait: "decision", generation: 0 });
    await wf.waitFor(executionName(CYCLE, assessment.position, 1), "RUNNING");
  });

  it("does not fire a deadline longer than a timer can hold early", async () => {
    const fake = fakeTasks({
      openStage: () => ({ submissionTimeoutSeconds: 90 * DAY_SECONDS, decisionTimeoutSeconds: 1 }),
    });
    const wf = start(fake);

    await wf.startExecution(nextExecution(assessment));
    await fake.token("submission");
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(fake.count("stageOverdue")).toBe(0);
    expect(wf.pendingTasks()).toMatchObject([{ execution: assessmentName, state: "AwaitSubmission" }]);
  });

  it("fails the execution visibly when the API reports a failure on the wait", async () => {
    const fake = fakeTasks();
    const wf = start(fake);

    await wf.startExecution(nextExecution(assessment));
    await wf.sendTaskFailure(await fake.token("submission"), "ReconcileFailed", "stage item missing");

    await expect(wf.waitFor(assessmentName, "FAILED")).resolves.toMatchObject({ error: "ReconcileFailed" });
  });
});

describe("an amendment's execution", () => {
  const amendment = input({ kind: "stage", stage: "action_plan", amendment: 2 });
  const amendmentName = executionName(CYCLE, amendment.position, 0);

  it("takes the stage through submission and approval, closes it and ends without chaining", async () => {
    const fake = fakeTasks();
    const wf = start(fake);

    await wf.startExecution(nextExecution(amendment));
    await wf.sendTaskSuccess(await fake.token("submission"), { submitted: true, round: 2 });
    await wf.sendTaskSuccess(await fake.token("decision"), { outcome: "approved", round: 2 });

    const done = await wf.waitFor(amendmentName, "SUCCEEDED");
    expect(amendmentName).toBe(`${CYCLE}--stage-action_plan-amend2--g0`);
    expect((await fake.call("closeStage")).input).toEqual({
      country: "KEN",
      cycleId: CYCLE,
      stage: "action_plan",
      position: { kind: "stage", stage: "action_plan", amendment: 2 },
    });
    // ResumeAt OpenStage AwaitSubmission AwaitDecision Decided CloseStage Chain NothingToChain: no StartNext.
    expect(done.transitions).toBe(8);
    expect(wf.executions().map((e) => e.name)).toEqual([amendmentName]);
  });

  it("goes back to drafting when returned, as a first approval does", async () => {
    const fake = fakeTasks();
    const wf = start(fake);

    await wf.startExecution(nextExecution(amendment));
    await wf.sendTaskSuccess(await fake.token("submission"), { submitted: true, round: 2 });
    await wf.sendTaskSuccess(await fake.token("decision"), { outcome: "returned", round: 2 });
    await wf.sendTaskSuccess(await fake.token("submission", 2), { submitted: true, round: 3 });
    await wf.sendTaskSuccess(await fake.token("decision", 2), { outcome: "approved", round: 3 });

    await wf.waitFor(amendmentName, "SUCCEEDED");
    expect(fake.count("closeStage")).toBe(1);
    expect(wf.executions()).toHaveLength(1);
  });

  it("hands a missed deadline over to the amendment's next generation, never to the cycle's own execution", async () => {
    const fake = fakeTasks({ openStage: () => ({ submissionTimeoutSeconds: 1, decisionTimeoutSeconds: 1 }) });
    const wf = start(fake);

    await wf.startExecution(nextExecution(amendment));

    expect((await fake.call("stageOverdue")).input).toMatchObject({
      position: amendment.position,
      generation: 0,
    });
    await wf.waitFor(amendmentName, "SUCCEEDED");
    await wf.waitFor(executionName(CYCLE, amendment.position, 1), "RUNNING");
    expect(wf.executions().map((e) => e.name)).toEqual([
      amendmentName,
      executionName(CYCLE, amendment.position, 1),
    ]);
  });

  it("ends when the missed deadline's task answers that nothing is to be chained (a superseded execution)", async () => {
    const fake = fakeTasks({
      openStage: () => ({ submissionTimeoutSeconds: 1, decisionTimeoutSeconds: 1 }),
      stageOverdue: () => ({ next: null }),
    });
    const wf = start(fake);

    await wf.startExecution(nextExecution(amendment));

    await wf.waitFor(amendmentName, "SUCCEEDED");
    expect(fake.count("stageOverdue")).toBe(1);
    expect(wf.executions()).toHaveLength(1);
  });
});

describe("a reporting period", () => {
  it("opens, reminds twice on overdue reports, then closes and chains the next period", async () => {
    const fake = fakeTasks();
    const wf = start(fake);
    const period = input({ kind: "period", index: 0 });

    await wf.startExecution(nextExecution(period));

    await wf.waitFor(executionName(CYCLE, period.position, 0), "SUCCEEDED");
    expect(fake.calls.map((c) => c.task).slice(0, 7)).toEqual([
      "planPeriod",
      "openPeriod",
      "registerWait",
      "remindReports",
      "registerWait",
      "remindReports",
      "closePeriod",
    ]);
    expect(fake.calls.filter((c) => c.task === "remindReports").map((c) => c.input.reminders)).toEqual([
      0, 1,
    ]);
    expect(fake.calls[2]?.input).toMatchObject({ wait: "reports", periodIndex: 0 });
    await wf.waitFor(executionName(CYCLE, { kind: "period", index: 1 }, 0), "RUNNING");
  });

  it("waits for the period to open by the injected clock", async () => {
    const inTwoHours = new Date(Date.now() + 2 * 3_600_000);
    const clock: Clock = { now: () => new Date(Date.now() + 3 * 3_600_000) };
    const fake = fakeTasks({
      planPeriod: () => ({ opensAt: inTwoHours.toISOString(), reportsTimeoutSeconds: 60 }),
    });
    const wf = start(fake, clock);

    await wf.startExecution(nextExecution(input({ kind: "period", index: 3 })));

    expect((await fake.call("openPeriod")).input).toEqual({ country: "KEN", cycleId: CYCLE, periodIndex: 3 });
  });
});

describe("the cycle", () => {
  it("closes the cycle and succeeds", async () => {
    const fake = fakeTasks();
    const wf = start(fake);
    const close = input({ kind: "close" });

    await wf.startExecution(nextExecution(close));

    await wf.waitFor(executionName(CYCLE, close.position, 0), "SUCCEEDED");
    expect(fake.calls).toEqual([{ task: "closeCycle", input: { country: "KEN", cycleId: CYCLE } }]);
  });
});

describe("the port", () => {
  it("answers TaskDoesNotExist for a token already used", async () => {
    const fake = fakeTasks();
    const wf = start(fake);
    await wf.startExecution(nextExecution(assessment));
    const token = await fake.token("submission");
    await wf.sendTaskSuccess(token, { submitted: true, round: 1 });

    const again = wf.sendTaskSuccess(token, { submitted: true, round: 1 });

    await expect(again).rejects.toBeInstanceOf(WorkflowTaskGoneError);
    await expect(again).rejects.toMatchObject({ reason: "TaskDoesNotExist" });
  });

  it("answers TaskDoesNotExist for an unknown token and InvalidToken for a malformed one", async () => {
    const wf = start(fakeTasks());

    await expect(
      wf.sendTaskSuccess("local-task-token:00000000-0000-4000-8000-000000000000", {}),
    ).rejects.toMatchObject({
      reason: "TaskDoesNotExist",
    });
    await expect(wf.sendTaskFailure("not a token", "E", "c")).rejects.toMatchObject({
      reason: "InvalidToken",
    });
  });

  it("runs a name once however often it is started", async () => {
    const fake = fakeTasks();
    const wf = start(fake);

    await Promise.all([
      wf.startExecution(nextExecution(assessment)),
      wf.startExecution(nextExecution(assessment)),
    ]);
    await wf.startExecution(nextExecution(assessment));
    await fake.token("submission");

    expect(wf.executions().map((e) => e.name)).toEqual([assessmentName]);
    expect(fake.count("openStage")).toBe(1);
  });

  it("rejects an input that is not an ExecutionInput", async () => {
    const wf = start(fakeTasks());

    await expect(
      wf.startExecution({ name: "x", input: { ...assessment, country: "kenya" } as ExecutionInput }),
    ).rejects.toMatchObject({ name: "ValidationError" });
    expect(wf.executions()).toEqual([]);
  });

  it("stop() aborts running executions and leaves no pending wait", async () => {
    const fake = fakeTasks();
    const wf = start(fake);
    await wf.startExecution(nextExecution(assessment));
    const token = await fake.token("submission");

    await wf.stop();

    expect(wf.executions()).toMatchObject([{ name: assessmentName, status: "ABORTED" }]);
    expect(wf.pendingTasks()).toEqual([]);
    await expect(wf.sendTaskSuccess(token, {})).rejects.toMatchObject({ reason: "TaskDoesNotExist" });
    await expect(wf.startExecution(nextExecution(input({ kind: "close" })))).rejects.toThrow(/stopped/);
  });
});
