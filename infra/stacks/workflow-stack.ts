import { readFileSync } from "node:fs";
import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { functionArnPlaceholder, TASKS, type TaskName } from "../../workflows/schemas.js";
import { PlannerFunction } from "../constructs/planner-function.js";
import type { PlannerTable } from "../constructs/planner-table.js";
import { PlanningWorkflow } from "../constructs/planning-workflow.js";

/** The one ASL file, deployed as is: the local engine runs the same file. */
export const DEFINITION_FILE = new URL("../../workflows/planning-cycle.asl.json", import.meta.url);

/** Tasks that announce something to people (stage opened, report round opened, reminders, escalations). */
export const NOTIFYING_TASKS: readonly TaskName[] = [
  "openStage",
  "stageOverdue",
  "openPeriod",
  "remindReports",
];

/** Tasks that complete a callback wait themselves when the awaited thing already happened (a resumed execution). */
export const DELIVERING_TASKS: readonly TaskName[] = ["registerWait"];

/** `openStage` -> `functions/handlers/task-open-stage.ts` */
export function taskEntry(task: TaskName): string {
  return `functions/handlers/task-${task.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;
}

export interface WorkflowStackProps extends StackProps {
  readonly store: PlannerTable;
  readonly bus: events.IEventBus;
}

/**
 * The planning-cycle state machine and one Lambda per task. The task functions never start executions (the state
 * machine chains itself) and never need the API: the API depends on this stack, never the reverse.
 */
export class WorkflowStack extends Stack {
  readonly workflow: PlanningWorkflow;
  readonly tasks: Record<TaskName, PlannerFunction>;
  readonly reconciler: PlannerFunction;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const stateMachineName = `${this.stackName}-PlanningCycle`;
    const stateMachineArn = PlanningWorkflow.arnOf(this, stateMachineName);

    const task = (name: TaskName): PlannerFunction => {
      const notifies = NOTIFYING_TASKS.includes(name);
      const fn = new PlannerFunction(this, `Task-${name}`, {
        entry: taskEntry(name),
        description: `ffa-planner workflow task ${name}`,
        serviceName: "ffa-planner-workflow",
        environment: {
          TABLE_NAME: props.store.table.tableName,
          STATE_MACHINE_ARN: stateMachineArn,
          ...(notifies ? { EVENT_BUS_NAME: props.bus.eventBusName } : {}),
        },
      });
      props.store.grantItems(fn.role);
      if (notifies) props.bus.grantPutEventsTo(fn.role);
      if (DELIVERING_TASKS.includes(name)) {
        fn.role.addToPolicy(
          new iam.PolicyStatement({ actions: ["states:SendTaskSuccess"], resources: [stateMachineArn] }),
        );
      }
      return fn;
    };
    this.tasks = Object.fromEntries(TASKS.map((name) => [name, task(name)])) as Record<
      TaskName,
      PlannerFunction
    >;

    this.workflow = new PlanningWorkflow(this, "PlanningCycle", {
      stateMachineName,
      definition: readFileSync(DEFINITION_FILE, "utf8"),
      functions: Object.fromEntries(TASKS.map((name) => [functionArnPlaceholder(name), this.tasks[name].fn])),
    });

    // The reconciler: outcomes stored but never confirmed are re-sent, executions that never started are started.
    this.reconciler = new PlannerFunction(this, "Reconciler", {
      entry: "functions/handlers/reconcile.ts",
      description: "ffa-planner reconciler: re-sends pending workflow outcomes, starts missing executions",
      serviceName: "ffa-planner-reconciler",
      environment: { TABLE_NAME: props.store.table.tableName, STATE_MACHINE_ARN: stateMachineArn },
    });
    props.store.grantItems(this.reconciler.role);
    this.reconciler.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["states:SendTaskSuccess", "states:StartExecution"],
        resources: [stateMachineArn],
      }),
    );
    new events.Rule(this, "ReconcileSchedule", {
      description: "Runs the ffa-planner reconciler",
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.reconciler.fn, { retryAttempts: 2 })],
    });

    new CfnOutput(this, "StateMachineArn", { value: this.workflow.stateMachine.stateMachineArn });
  }
}
