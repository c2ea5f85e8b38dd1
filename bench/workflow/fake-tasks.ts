import type { TaskHandlers } from "../../functions/local/local-workflow-engine.js";
import {
  ClosePeriodOutput,
  CloseStageOutput,
  type ExecutionInput,
  nextExecution,
  OpenStageOutput,
  PlanPeriodOutput,
  type Position,
  RemindReportsOutput,
  STAGE_ORDER,
  type StageName,
  TASKS,
  type TaskName,
} from "../../workflows/schemas.js";

// Task Lambdas that answer what the real ones would for a cycle moving forward, each answer parsed with the task's
// output schema (workflows/schemas.ts), so the state machine takes exactly the paths it takes in AWS. They record
// every call, and the driver awaits the calls it must answer (a token to complete, a period to open).

type Call = { task: TaskName; input: Record<string, unknown> };
const DAY_SECONDS = 86_400;

export type CyclePlan = {
  country: string;
  cycleId: string;
  /** When reporting period i opens. */
  opensAt: (index: number) => Date;
  periods: number;
  /** Reminders sent before the reports of a period come in (the reports deadline passes this many times). */
  reminders: (index: number) => number;
};

export function fakeTasks(plan: CyclePlan) {
  const calls: Call[] = [];
  const waiters: { match: (call: Call) => boolean; resolve: (call: Call) => void }[] = [];
  const input = (position: Position): ExecutionInput => ({
    country: plan.country,
    cycleId: plan.cycleId,
    position,
    generation: 0,
  });

  const answers: Partial<Record<TaskName, (input: Record<string, unknown>) => unknown>> = {
    openStage: () =>
      OpenStageOutput.parse({
        submissionTimeoutSeconds: 90 * DAY_SECONDS,
        decisionTimeoutSeconds: 30 * DAY_SECONDS,
      }),
    closeStage: ({ stage }) => {
      const next = STAGE_ORDER[STAGE_ORDER.indexOf(stage as StageName) + 1];
      const position: Position = next ? { kind: "stage", stage: next } : { kind: "period", index: 0 };
      return CloseStageOutput.parse({ next: nextExecution(input(position)) });
    },
    planPeriod: ({ periodIndex }) =>
      PlanPeriodOutput.parse({
        opensAt: plan.opensAt(Number(periodIndex)).toISOString(),
        reportsTimeoutSeconds: 30 * DAY_SECONDS,
      }),
    remindReports: ({ periodIndex, reminders }) => {
      const sent = Number(reminders) + 1;
      return RemindReportsOutput.parse({
        again: sent <= plan.reminders(Number(periodIndex)),
        timeoutSeconds: 7 * DAY_SECONDS,
        reminders: sent,
      });
    },
    closePeriod: ({ periodIndex }) => {
      const index = Number(periodIndex) + 1;
      const position: Position = index < plan.periods ? { kind: "period", index } : { kind: "close" };
      return ClosePeriodOutput.parse({ next: nextExecution(input(position)) });
    },
  };

  const tasks = Object.fromEntries(
    TASKS.map((task) => [
      task,
      async (raw: unknown) => {
        const call = { task, input: raw as Record<string, unknown> };
        calls.push(call);
        for (const waiter of waiters.filter((w) => w.match(call))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
        return answers[task]?.(call.input) ?? {};
      },
    ]),
  ) as TaskHandlers;

  /** The `nth` (1-based) call of `task` whose input includes `fields`, now or when it happens. */
  function call(
    task: TaskName,
    fields: Record<string, unknown> = {},
    nth = 1,
    timeoutMs = 30_000,
  ): Promise<Call> {
    const match = (c: Call) => c.task === task && Object.entries(fields).every(([k, v]) => c.input[k] === v);
    const seen = calls.filter(match);
    const found = seen[nth - 1];
    if (found) return Promise.resolve(found);
    let remaining = nth - seen.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the workflow never called ${task} ${JSON.stringify(fields)} (${nth})`)),
        timeoutMs,
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

  /** The task token of the `nth` wait of this kind (for a stage, or a period). */
  async function token(fields: Record<string, unknown>, nth = 1): Promise<string> {
    return String((await call("registerWait", fields, nth)).input.token);
  }

  return { tasks, calls, call, token };
}
