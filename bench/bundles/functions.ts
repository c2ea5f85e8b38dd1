import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { PlannerFunction } from "../../infra/constructs/planner-function.js";
import { taskEntry } from "../../infra/stacks/workflow-stack.js";
import { actionsOf, logicalId, plannerApp, statementsOfRole } from "../../test/infra/planner-app.js";
import { TASKS } from "../../workflows/schemas.js";

// The Lambda functions of the CDK app, each with the AWS services its role may call. What a function is granted
// is what it is designed to use: an SDK client for a service it has no permission for is dead weight.

export type LambdaFunction = {
  /** Short name for the table, e.g. `api`, `task-openStage`. */
  name: string;
  /** The handler module, relative to the project root (PlannerFunction's `entry`). */
  entry: string;
  /** IAM service prefixes of the actions its role is granted, e.g. `dynamodb`, `states`. */
  granted: Set<string>;
};

/** The SDK clients a function might bundle, with the IAM prefix of their service and the class a reference builds. */
export const SDK_CLIENTS: Record<string, { service: string; className: string }> = {
  "@aws-sdk/client-dynamodb": { service: "dynamodb", className: "DynamoDBClient" },
  "@aws-sdk/client-sfn": { service: "states", className: "SFNClient" },
  "@aws-sdk/client-eventbridge": { service: "events", className: "EventBridgeClient" },
  "@aws-sdk/client-sns": { service: "sns", className: "SNSClient" },
  "@aws-sdk/client-sqs": { service: "sqs", className: "SQSClient" },
  "@aws-sdk/client-s3": { service: "s3", className: "S3Client" },
  "@aws-sdk/client-scheduler": { service: "scheduler", className: "SchedulerClient" },
  "@aws-sdk/client-lambda": { service: "lambda", className: "LambdaClient" },
};

/** Synthesizes the app (no bundling, no validator: ~2 s) and reads every PlannerFunction's grants. */
export function plannerFunctions(): LambdaFunction[] {
  const { app, stacks } = plannerApp();
  const known: { name: string; entry: string; fn: PlannerFunction }[] = [
    { name: "api", entry: "functions/handlers/api.ts", fn: stacks.api.handler },
    { name: "web", entry: "functions/handlers/web.ts", fn: stacks.api.web },
    { name: "reconcile", entry: "functions/handlers/reconcile.ts", fn: stacks.workflow.reconciler },
    ...TASKS.map((task) => ({
      name: `task-${task}`,
      entry: taskEntry(task),
      fn: stacks.workflow.tasks[task],
    })),
  ];
  const all = app.node
    .findAll()
    .filter((c: IConstruct): c is PlannerFunction => c instanceof PlannerFunction);
  const unknown = all.filter((fn) => !known.some((k) => k.fn === fn));
  if (unknown.length > 0) {
    throw new Error(
      `bench/bundles/functions.ts does not know the entry of ${unknown.map((f) => f.node.path).join(", ")}: add it`,
    );
  }
  const templates = new Map<string, Template>();
  const templateOf = (fn: PlannerFunction) => {
    const stack = fn.fn.stack;
    let template = templates.get(stack.stackName);
    if (!template) {
      template = Template.fromStack(stack);
      templates.set(stack.stackName, template);
    }
    return template;
  };
  return known.map(({ name, entry, fn }) => {
    const actions = statementsOfRole(templateOf(fn), logicalId(fn.role)).flatMap(actionsOf);
    return { name, entry, granted: new Set(actions.map((a) => a.split(":")[0] ?? a)) };
  });
}
