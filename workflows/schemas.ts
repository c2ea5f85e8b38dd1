import { z } from "zod";

// Contract between workflows/planning-cycle.asl.json, its task handlers (functions/workflow) and whoever starts an
// execution (the API, the local runtime's resume, the chain itself). Pure zod: this module imports nothing else.

export const StageName = z.enum(["assessment", "priorities", "action_plan"]);
export type StageName = z.infer<typeof StageName>;

export const STAGE_ORDER: readonly StageName[] = StageName.options;

/**
 * A stage block. With `amendment` (the number of the version being made) the execution approves an amendment of a
 * stage the cycle already passed: it ends after closing the stage instead of chaining, so the cycle stays where it
 * is. A cycle's own position never carries `amendment`.
 */
export const StagePosition = z.strictObject({
  kind: z.literal("stage"),
  stage: StageName,
  amendment: z.int().min(2).max(999).optional(),
});
export type StagePosition = z.infer<typeof StagePosition>;

/** Where an execution resumes: a stage, a reporting period, or the closing of the cycle. */
export const Position = z.discriminatedUnion("kind", [
  StagePosition,
  z.strictObject({ kind: z.literal("period"), index: z.int().min(0).max(239) }),
  z.strictObject({ kind: z.literal("close") }),
]);
export type Position = z.infer<typeof Position>;

const Country = z.string().regex(/^[A-Z]{3}$/);
const CycleId = z.string().regex(/^[0-9A-Za-z]{10,40}$/);

export const ExecutionInput = z.strictObject({
  country: Country,
  cycleId: CycleId,
  position: Position,
  /** Bumped when the same position is re-entered by a new execution (a missed deadline chains a fresh one). */
  generation: z.int().min(0).max(999),
});
export type ExecutionInput = z.infer<typeof ExecutionInput>;

/** What a task hands to the chaining state: the next execution's deterministic name and its input. */
export const NextExecution = z.strictObject({ name: z.string().min(1).max(80), input: ExecutionInput });
export type NextExecution = z.infer<typeof NextExecution>;

export const WaitKind = z.enum(["submission", "decision", "reports"]);
export type WaitKind = z.infer<typeof WaitKind>;

// ---- task inputs and outputs -------------------------------------------------------------------------------------

const CycleRef = { country: Country, cycleId: CycleId };

export const OpenStageInput = z.strictObject({ ...CycleRef, stage: StageName, generation: z.int().min(0) });
export const OpenStageOutput = z.strictObject({
  submissionTimeoutSeconds: z.int().min(1),
  decisionTimeoutSeconds: z.int().min(1),
});

export const RegisterWaitInput = z.strictObject({
  ...CycleRef,
  token: z.string().min(1),
  wait: WaitKind,
  stage: StageName.optional(),
  periodIndex: z.int().min(0).optional(),
});
export type RegisterWaitInput = z.infer<typeof RegisterWaitInput>;

/** Sent with SendTaskSuccess when the awaited thing happened. */
export const SubmissionOutcome = z.strictObject({ submitted: z.literal(true), round: z.int().min(1) });
export const DecisionOutcome = z.strictObject({
  outcome: z.enum(["approved", "returned"]),
  round: z.int().min(1),
});
export const ReportsOutcome = z.strictObject({ complete: z.literal(true) });

// `position` is optional in the stage tasks' inputs: executions started before amendments existed run their own
// definition version to the end and do not send it. Without it, the execution is the cycle's own.
export const StageOverdueInput = z.strictObject({
  ...CycleRef,
  stage: StageName,
  wait: z.enum(["submission", "decision"]),
  generation: z.int().min(0),
  position: StagePosition.optional(),
});
/** `next` is null when an amendment's execution was superseded (the amendment closed, or a newer execution took over). */
export const StageOverdueOutput = z.strictObject({ next: NextExecution.nullable() });

export const CloseStageInput = z.strictObject({
  ...CycleRef,
  stage: StageName,
  position: StagePosition.optional(),
});
/** `next` is null when an amendment was closed: nothing is chained, the cycle's own execution runs on. */
export const CloseStageOutput = z.strictObject({ next: NextExecution.nullable() });

export const PlanPeriodInput = z.strictObject({
  ...CycleRef,
  periodIndex: z.int().min(0),
  generation: z.int().min(0),
});
export const PlanPeriodOutput = z.strictObject({
  opensAt: z.iso.datetime(),
  reportsTimeoutSeconds: z.int().min(1),
});

export const OpenPeriodInput = z.strictObject({ ...CycleRef, periodIndex: z.int().min(0) });

export const RemindReportsInput = z.strictObject({
  ...CycleRef,
  periodIndex: z.int().min(0),
  reminders: z.int().min(0),
});
export const RemindReportsOutput = z.strictObject({
  again: z.boolean(),
  timeoutSeconds: z.int().min(1),
  reminders: z.int().min(1),
});

export const ClosePeriodInput = z.strictObject({ ...CycleRef, periodIndex: z.int().min(0) });
export const ClosePeriodOutput = z.strictObject({ next: NextExecution });

export const CloseCycleInput = z.strictObject(CycleRef);

/** The task names, as keys of the local handler map and stems of the `${<Name>FunctionArn}` ASL placeholders. */
export const TASKS = [
  "openStage",
  "registerWait",
  "stageOverdue",
  "closeStage",
  "planPeriod",
  "openPeriod",
  "remindReports",
  "closePeriod",
  "closeCycle",
] as const;
export type TaskName = (typeof TASKS)[number];

/** `openStage` -> `OpenStageFunctionArn`: the definitionSubstitutions key for a task's Lambda. */
export function functionArnPlaceholder(task: TaskName): string {
  return `${task.charAt(0).toUpperCase()}${task.slice(1)}FunctionArn`;
}

/**
 * Execution names are deterministic, so StartExecution is idempotent: `<cycleId>--<position>--g<generation>`, the
 * position of an amendment naming its version (`stage-assessment-amend2`): 74 characters at most, of the 80 allowed.
 */
export function executionName(cycleId: string, position: Position, generation: number): string {
  const at =
    position.kind === "stage"
      ? `stage-${position.stage}${position.amendment === undefined ? "" : `-amend${position.amendment}`}`
      : position.kind === "period"
        ? `period-${position.index}`
        : "close";
  return `${cycleId}--${at}--g${generation}`;
}

export function nextExecution(input: ExecutionInput): NextExecution {
  return { name: executionName(input.cycleId, input.position, input.generation), input };
}
