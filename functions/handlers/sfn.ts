import { SFNClient } from "@aws-sdk/client-sfn";
import { SfnWorkflow } from "../workflow/sfn-workflow.js";
import type { WorkflowFactory } from "./runtime.js";

/** Step Functions for the functions that send task outcomes or start executions: the API, registerWait, the reconciler. */
export const sfnWorkflow: WorkflowFactory = (tracer, env) =>
  new SfnWorkflow({
    client: tracer.captureAWSv3Client(new SFNClient({})),
    stateMachineArn: env.STATE_MACHINE_ARN,
  });
