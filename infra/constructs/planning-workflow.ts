import { ArnFormat, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";

export interface PlanningWorkflowProps {
  /** Fixed, so the ARN is known before the state machine exists (see `stateMachineArn`). */
  readonly stateMachineName: string;
  /** The ASL text, kept verbatim in the template. */
  readonly definition: string;
  /** `${Name}` placeholder of the ASL -> the Lambda it stands for; the state machine may invoke exactly these. */
  readonly functions: Record<string, lambda.IFunction>;
  /** @default one year: executions of a cycle span years, and their history is the workflow's record. */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A Standard state machine from an ASL file with definitionSubstitutions, logging every event but never execution
 * data (task tokens are credentials), traced with X-Ray, with a role that may invoke its task functions and start
 * executions of itself (the ASL chains a cycle's executions through `$$.StateMachine.Id`).
 */
export class PlanningWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /**
   * Built from the fixed name, not read from the resource: the state machine's own role, and the task functions
   * it invokes, can then be granted on it without a dependency back onto the state machine (a cycle otherwise).
   */
  readonly stateMachineArn: string;
  readonly logGroup: logs.LogGroup;

  /** The ARN a state machine of this name has in the scope's account and region, before it exists. */
  static arnOf(scope: Construct, stateMachineName: string): string {
    return Stack.of(scope).formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  constructor(scope: Construct, id: string, props: PlanningWorkflowProps) {
    super(scope, id);
    this.stateMachineArn = PlanningWorkflow.arnOf(this, props.stateMachineName);

    const role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("states.amazonaws.com"),
      description: `Runs ${props.stateMachineName}: invokes its task functions, chains its own executions`,
    });
    // Exact function ARNs: the ASL invokes unqualified ARNs, so no `:*` version wildcard is needed.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: Object.values(props.functions).map((fn) => fn.functionArn),
      }),
    );
    // StartExecution only: the chaining state is fire-and-forget (no .sync), so no Describe/StopExecution.
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ["states:StartExecution"], resources: [this.stateMachineArn] }),
    );

    this.logGroup = new logs.LogGroup(this, "Logs", {
      // The vended-logs prefix keeps CloudWatch's log resource policy small however many state machines log.
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, "StateMachine", {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(props.definition),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(props.functions).map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      role,
    });
    this.observe(role);
  }

  /**
   * Logging and tracing set on the resource, with their permissions in a policy of their own: log delivery and X-Ray
   * writes support no resource-level permissions, so that policy must say `Resource: *`; kept apart from the role's
   * other grants, its cdk-nag acknowledgement cannot hide a wildcard there.
   */
  private observe(role: iam.Role): void {
    const policy = new iam.Policy(this, "ObservabilityPolicy", {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
          ],
          resources: ["*"],
        }),
        new iam.PolicyStatement({
          actions: [
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
          ],
          resources: ["*"],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "CloudWatch Logs vended-log delivery and X-Ray write actions support no resource-level permissions; this policy holds only them.",
    });
    const cfn = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    cfn.loggingConfiguration = {
      level: sfn.LogLevel.ALL,
      // Execution data carries task tokens (credentials that complete a wait) and plan contents: never logged.
      includeExecutionData: false,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: this.logGroup.logGroupArn } }],
    };
    cfn.tracingConfiguration = { enabled: true };
    // Step Functions checks the role may deliver logs when the state machine is created.
    this.stateMachine.node.addDependency(policy);
  }
}
