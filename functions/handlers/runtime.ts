import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import { monotonicFactory } from "ulid";
import { z } from "zod";
import type { TaskName } from "../../workflows/schemas.js";
import type { CoreDeps } from "../core/changes.js";
import type { WorkflowPort } from "../core/ports.js";
import { createDynamoStore } from "../store/dynamo-store.js";
import { createTaskHandlers } from "../workflow/tasks/index.js";

// The wiring every Lambda shares: environment, SDK clients (created once per container, traced), Powertools, the
// core's dependencies. Handlers add only what is theirs (the Hono app, or one workflow task).

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[\w-]+$/, {
    error: "must be a Step Functions state machine ARN",
  }),
  /** Only on the functions allowed to publish notifications (events:PutEvents on this bus). */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  POWERTOOLS_SERVICE_NAME: z.string().min(1),
});
export type Env = z.infer<typeof Env>;

/** Reads the environment or throws naming every missing or malformed variable: a misdeployed function fails at init. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = Env.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    return source[name] === undefined ? `${name} is not set` : `${name} ${issue.message}`;
  });
  throw new Error(`Lambda environment: ${problems.join("; ")}`);
}

export type Runtime = {
  env: Env;
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
  deps: CoreDeps;
};

/** How a function reaches Step Functions; only the functions that complete waits or start executions have one. */
export type WorkflowFactory = (tracer: Tracer, env: Env) => WorkflowPort;

/**
 * The workflow port of the tasks that never call Step Functions (their roles may not either): importing no SFN
 * client keeps their cold start and bundle free of it. Calling it is a wiring bug, reported as such.
 */
export const noWorkflow: WorkflowFactory = () => {
  const refuse = async (): Promise<never> => {
    throw new Error(
      "this function has no access to Step Functions: wire it with sfnWorkflow (handlers/sfn.ts)",
    );
  };
  return { startExecution: refuse, sendTaskSuccess: refuse, sendTaskFailure: refuse };
};

/** Called once per container, at import time: everything here is reused by every invocation. */
export function createRuntime(env: Env = readEnv(), workflow: WorkflowFactory = noWorkflow): Runtime {
  const serviceName = env.POWERTOOLS_SERVICE_NAME;
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ serviceName, namespace: "FfaPlanner" });
  const tracer = new Tracer({ serviceName });
  const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
  const deps: CoreDeps = {
    store: createDynamoStore({ client: dynamo, tableName: env.TABLE_NAME }),
    workflow: workflow(tracer, env),
    now: () => new Date(),
    newId: monotonicFactory(),
  };
  return { env, logger, metrics, tracer, deps };
}

/**
 * Wraps a handler with the Powertools chores: Lambda context on every log line, a traced subsegment, the cold-start
 * metric, and metrics flushed at the end. Errors are logged and rethrown unchanged, so their `name` reaches Step
 * Functions (ASL Retry/Catch match on it) or the Lambda error metrics.
 */
export function instrument<E, R>(
  runtime: Runtime,
  name: string,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  const { logger, metrics, tracer } = runtime;
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${name}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      if (error instanceof Error) {
        tracer.addErrorAsMetadata(error);
        logger.error(`${name} failed`, error);
      }
      throw error;
    } finally {
      subsegment?.close();
      if (segment) tracer.setSegment(segment);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

/**
 * The Lambda handler of one workflow task: the task parses its own input (the Payload the ASL builds) and its errors
 * propagate with their `name`. One outcome metric per run shows failing tasks before the execution alarms fire.
 */
export function createTaskHandler(
  task: TaskName,
  runtime: Runtime = createRuntime(),
): (event: unknown, context: Context) => Promise<unknown> {
  const { logger } = runtime;
  const waitLogger = {
    warn: (message: string, data?: Record<string, unknown>) =>
      data ? logger.warn(message, data) : logger.warn(message),
  };
  const run = createTaskHandlers(runtime.deps, waitLogger)[task];
  return instrument(runtime, task, async (event) => {
    runtime.metrics.addDimension("task", task);
    try {
      const output = await run(event);
      runtime.metrics.addMetric("TaskSucceeded", MetricUnit.Count, 1);
      return output;
    } catch (error) {
      runtime.metrics.addMetric("TaskFailed", MetricUnit.Count, 1);
      throw error;
    }
  });
}
