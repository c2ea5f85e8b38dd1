import { type App, type Environment, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { AlarmsStack } from "./stacks/alarms-stack.js";
import { ApiStack } from "./stacks/api-stack.js";
import { DataStack } from "./stacks/data-stack.js";
import { EventsStack } from "./stacks/events-stack.js";
import { IdentityStack } from "./stacks/identity-stack.js";
import { WorkflowStack } from "./stacks/workflow-stack.js";

export type PlannerOptions = {
  /** Prefix of every stack name. @default "FfaPlanner" */
  prefix?: string;
  /** Hosted UI redirect URLs. @default ["http://localhost:8080/callback"] */
  callbackUrls?: string[];
  /** Hosted UI domain prefix. @default "ffa-planner-<account id>" */
  authDomainPrefix?: string;
  /** E-mail subscribed to the alarm topic. */
  alarmEmail?: string;
  env?: Environment;
};

export type PlannerStacks = {
  data: DataStack;
  identity: IdentityStack;
  events: EventsStack;
  workflow: WorkflowStack;
  api: ApiStack;
  alarms: AlarmsStack;
};

/**
 * The whole product, one stack per lifetime: data and identity (retained, rarely change), events, the workflow,
 * the API, alarms. Dependencies run one way: API -> workflow -> data/events, alarms -> everything.
 */
export function addPlannerStacks(app: App, options: PlannerOptions = {}): PlannerStacks {
  const prefix = options.prefix ?? "FfaPlanner";
  const common = { env: options.env };
  const data = new DataStack(app, `${prefix}-Data`, {
    ...common,
    description: "ffa-planner: the table and its key (retained)",
  });
  const identity = new IdentityStack(app, `${prefix}-Identity`, {
    ...common,
    description: "ffa-planner: Cognito user pool, role groups, app client (retained)",
    callbackUrls: options.callbackUrls ?? ["http://localhost:8080/callback"],
    domainPrefix: options.authDomainPrefix,
  });
  const events = new EventsStack(app, `${prefix}-Events`, {
    ...common,
    description: "ffa-planner: the notifications event bus",
  });
  const workflow = new WorkflowStack(app, `${prefix}-Workflow`, {
    ...common,
    description: "ffa-planner: the planning-cycle state machine and its task Lambdas",
    store: data.store,
    bus: events.bus,
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    ...common,
    description: "ffa-planner: the HTTP API, its JWT authorizer and Lambda",
    store: data.store,
    userPool: identity.userPool,
    client: identity.client,
    hostedUiUrl: identity.hostedUiUrl,
    bus: events.bus,
    stateMachineArn: workflow.workflow.stateMachine.stateMachineArn,
  });
  const alarms = new AlarmsStack(app, `${prefix}-Alarms`, {
    ...common,
    description: "ffa-planner: alarms and their topic",
    stateMachine: workflow.workflow.stateMachine,
    httpApi: api.httpApi,
    functions: {
      Api: api.handler,
      Web: api.web,
      Reconciler: workflow.reconciler,
      ...prefixed("Task", workflow.tasks),
    },
    table: data.store.table,
    alarmEmail: options.alarmEmail,
  });
  Tags.of(app).add("project", "ffa-planner");
  return { data, identity, events, workflow, api, alarms };
}

function prefixed<T>(prefix: string, record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      `${prefix}${key.charAt(0).toUpperCase()}${key.slice(1)}`,
      value,
    ]),
  );
}

/** cdk-nag's AWS Solutions pack: any finding not acknowledged (with a reason) on its construct fails the synth. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
