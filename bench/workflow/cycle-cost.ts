import { ControllableClock } from "../../functions/local/controllable-clock.js";
import { type ExecutionSummary, LocalWorkflowEngine } from "../../functions/local/local-workflow-engine.js";
import { executionName, nextExecution, STAGE_ORDER } from "../../workflows/schemas.js";
import type { SectionResult } from "../lib/figures.js";
import { type CyclePlan, fakeTasks } from "./fake-tasks.js";

export const PERIODS = 12;
export const DOLLARS_PER_TRANSITION = 0.025 / 1000;
export const MAX_EVENTS_PER_EXECUTION = 250;
export const MAX_DOLLARS_PER_CYCLE = 0.01;
/**
 * On AWS a state writes at most 6 history events (a callback Task: entered, scheduled, started, submitted,
 * succeeded, exited; a Lambda Task 5; Pass, Choice, Wait 2) and an execution adds started and succeeded.
 */
const AWS_EVENTS_PER_STATE = 6;

const DAY_MS = 86_400_000;
const COUNTRY = "KEN";

/** Resolves once `check()` holds, polling; the engine runs on timers and promises of its own. */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Drives one cycle through the real ASL on the local engine: each of the three stages returned once and then
 * approved, then PERIODS quarterly reporting periods (the controllable clock jumps to each opening) whose reports
 * each arrive after `reminders(i)` missed deadlines, then the closing.
 */
async function runCycle(cycleId: string, reminders: (index: number) => number, periods = PERIODS) {
  const clock = new ControllableClock();
  const start = clock.now().getTime();
  const plan: CyclePlan = {
    country: COUNTRY,
    cycleId,
    periods,
    reminders,
    opensAt: (i) => new Date(start + (180 + 91 * i) * DAY_MS),
  };
  const fake = fakeTasks(plan);
  const engine = new LocalWorkflowEngine({ tasks: fake.tasks, clock });
  try {
    const first = {
      country: COUNTRY,
      cycleId,
      position: { kind: "stage" as const, stage: "assessment" as const },
      generation: 0,
    };
    await engine.startExecution(nextExecution(first));
    for (const stage of STAGE_ORDER) {
      await engine.sendTaskSuccess(await fake.token({ wait: "submission", stage }, 1), {
        submitted: true,
        round: 1,
      });
      await engine.sendTaskSuccess(await fake.token({ wait: "decision", stage }, 1), {
        outcome: "returned",
        round: 1,
      });
      await engine.sendTaskSuccess(await fake.token({ wait: "submission", stage }, 2), {
        submitted: true,
        round: 2,
      });
      await engine.sendTaskSuccess(await fake.token({ wait: "decision", stage }, 2), {
        outcome: "approved",
        round: 2,
      });
    }
    for (let i = 0; i < periods; i++) {
      await fake.call("planPeriod", { periodIndex: i });
      // The Wait state sleeps on the clock until the period opens: jump there.
      await until(() => clock.pending > 0, `period ${i} to wait for its opening`);
      clock.set(plan.opensAt(i));
      for (let missed = 0; missed < reminders(i); missed++) {
        await fake.token({ wait: "reports", periodIndex: i }, missed + 1);
        await until(() => clock.pending > 0, `the reports deadline of period ${i}`);
        clock.advance((missed === 0 ? 30 : 7) * DAY_MS + 1_000);
      }
      const token = await fake.token({ wait: "reports", periodIndex: i }, reminders(i) + 1);
      await engine.sendTaskSuccess(token, { complete: true });
    }
    await engine.waitFor(executionName(cycleId, { kind: "close" }, 0), "SUCCEEDED", 30_000);
    const executions = engine.executions();
    const failed = executions.filter((e) => e.status !== "SUCCEEDED");
    if (failed.length > 0) throw new Error(`executions did not succeed: ${JSON.stringify(failed)}`);
    return executions;
  } finally {
    await engine.stop();
  }
}

const awsUpperBound = (e: ExecutionSummary) => AWS_EVENTS_PER_STATE * e.transitions + 2;

/** Figure 5: state transitions and history events of a whole cycle, and its Step Functions cost. */
export async function measureWorkflow(log: (line: string) => void): Promise<SectionResult> {
  log(`workflow: a cycle of 3 stages (one return each) and ${PERIODS} reporting periods on the local engine`);
  const executions = await runCycle("BENCHCYCLE000000000000001", () => 0);
  log("workflow: a cycle of one reporting period whose reports come after two reminders");
  const late = await runCycle("BENCHCYCLE000000000000002", () => 2, 1);
  const reminded = late.find((e) => e.name.includes("--period-0--"));
  if (!reminded) throw new Error("the reminded period's execution is missing");

  const transitions = executions.reduce((sum, e) => sum + e.transitions, 0);
  const largest = executions.reduce((max, e) => (e.events > max.events ? e : max));
  const dollars = transitions * DOLLARS_PER_TRANSITION;
  const byName = (e: ExecutionSummary) => e.name.replace(/^[^-]+--/, "");
  const section = "workflow";
  const figures: SectionResult["figures"] = [
    {
      section,
      name: `cost of a cycle (${executions.length} executions, ${transitions} state transitions)`,
      value: dollars,
      reference: null,
      ratio: null,
      unit: "$",
      budget: `<= $${MAX_DOLLARS_PER_CYCLE}`,
      status: dollars <= MAX_DOLLARS_PER_CYCLE ? "pass" : "fail",
      note: `$0.025 per 1,000 transitions; per execution: ${executions.map((e) => `${byName(e)} ${e.transitions}`).join(", ")}`,
    },
    {
      section,
      name: "history events, largest execution of the cycle (local engine)",
      value: largest.events,
      reference: null,
      ratio: null,
      unit: "events",
      budget: `<= ${MAX_EVENTS_PER_EXECUTION}`,
      status: largest.events <= MAX_EVENTS_PER_EXECUTION ? "pass" : "fail",
      note: `${byName(largest)}; events per execution: ${executions.map((e) => `${byName(e)} ${e.events}`).join(", ")}`,
    },
    {
      section,
      name: "history events on AWS, upper bound of the largest execution",
      value: Math.max(...executions.map(awsUpperBound)),
      reference: null,
      ratio: null,
      unit: "events",
      budget: `<= ${MAX_EVENTS_PER_EXECUTION}`,
      status: Math.max(...executions.map(awsUpperBound)) <= MAX_EVENTS_PER_EXECUTION ? "pass" : "fail",
      note: `${AWS_EVENTS_PER_STATE} events per state entered + 2 (the local engine's log is terser than AWS's history)`,
    },
    {
      section,
      name: "history events of a period whose reports come after 2 reminders",
      value: reminded.events,
      reference: null,
      ratio: null,
      unit: "events",
      budget: `<= ${MAX_EVENTS_PER_EXECUTION}`,
      status: reminded.events <= MAX_EVENTS_PER_EXECUTION ? "pass" : "fail",
      note: `${reminded.transitions} states entered; AWS upper bound ${awsUpperBound(reminded)} events`,
    },
  ];
  return {
    figures,
    caption:
      "workflows/planning-cycle.asl.json on the local engine (aws-local-stepfunctions) with task handlers answering as " +
      "the real ones would and the controllable clock jumping to each period; transitions = states entered",
  };
}
