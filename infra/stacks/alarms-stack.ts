import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sfn from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import type { PlannerFunction } from "../constructs/planner-function.js";

export interface AlarmsStackProps extends StackProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly httpApi: apigw.IHttpApi;
  readonly functions: Record<string, PlannerFunction>;
  readonly table: dynamodb.ITable;
  /** Subscribed to the alarm topic by e-mail when given (the address must confirm the subscription). */
  readonly alarmEmail?: string;
}

/** The operations the store performs, whose throttles and system errors are worth waking someone for. */
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * Everything that should never happen quietly, to one encrypted topic: workflow executions that fail, time out or
 * are aborted (a cycle would stall), API 5xx, any Lambda error or throttle, DynamoDB throttles and system errors.
 * Each alarm fires on the first occurrence in five minutes: this is a low-traffic system where one is news.
 */
export class AlarmsStack extends Stack {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsStackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, "TopicKey", {
      description: "Encrypts the ffa-planner alarm topic",
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarms to an encrypted topic only if the key lets it (the AWS managed SNS key does not).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    this.topic = new sns.Topic(this, "Alarms", {
      displayName: "ffa-planner alarms",
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, id, {
        metric,
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
    };
    const sum = { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) };

    const { stateMachine } = props;
    alarm("ExecutionsFailed", stateMachine.metricFailed(sum), "A planning-cycle execution failed");
    alarm("ExecutionsTimedOut", stateMachine.metricTimedOut(sum), "A planning-cycle execution timed out");
    alarm("ExecutionsAborted", stateMachine.metricAborted(sum), "A planning-cycle execution was aborted");
    alarm("Api5xx", props.httpApi.metricServerError(sum), "The HTTP API answered 5xx");
    for (const [name, { fn }] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors(sum), `Lambda ${name} failed an invocation`);
      alarm(`${name}Throttles`, fn.metricThrottles(sum), `Lambda ${name} was throttled`);
    }
    alarm(
      "TableThrottles",
      props.table.metricThrottledRequestsForOperations({ ...sum, operations: TABLE_OPERATIONS }),
      "DynamoDB throttled requests to the table",
    );
    alarm(
      "TableSystemErrors",
      props.table.metricSystemErrorsForOperations({ ...sum, operations: TABLE_OPERATIONS }),
      "DynamoDB failed requests to the table with a system error",
    );

    new CfnOutput(this, "AlarmTopicArn", { value: this.topic.topicArn });
  }
}
