import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannerStacks } from "../../infra/planner.js";
import { logicalId, plannerApp } from "./planner-app.js";

type Alarm = {
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: unknown[];
  AlarmActions: unknown[];
  OKActions: unknown[];
};

describe("alarms stack", () => {
  let stacks: PlannerStacks;
  let template: Template;
  let alarms: Alarm[];
  beforeAll(() => {
    stacks = plannerApp().stacks;
    template = Template.fromStack(stacks.alarms);
    alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map(
      (a) => a.Properties as Alarm,
    );
  });

  const watching = (namespace: string, metricName: string) =>
    alarms.filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metricName);

  it("sends every alarm, and its recovery, to the alarm topic", () => {
    const topic = { Ref: logicalId(stacks.alarms.topic) };

    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toEqual([topic]);
    }
  });

  it("encrypts the topic with a key CloudWatch may use, and refuses publishing without TLS", () => {
    template.hasResourceProperties("AWS::SNS::Topic", {
      KmsMasterKeyId: { "Fn::GetAtt": [Match.stringLikeRegexp("TopicKey"), "Arn"] },
    });
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: "cloudwatch.amazonaws.com" }, Effect: "Allow" }),
        ]),
      },
    });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("watches the workflow for failed, timed-out and aborted executions", () => {
    const stateMachineArn = stacks.alarms.resolve(stacks.workflow.workflow.stateMachine.stateMachineArn);
    for (const metric of ["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"]) {
      const [alarm] = watching("AWS/States", metric);
      expect(alarm?.Dimensions, metric).toEqual([{ Name: "StateMachineArn", Value: stateMachineArn }]);
    }
  });

  it("watches the API for 5xx answers", () => {
    expect(watching("AWS/ApiGateway", "5xx")).toHaveLength(1);
  });

  it("watches every Lambda for errors and throttles", () => {
    const functions = [
      stacks.api.handler,
      stacks.api.web,
      stacks.workflow.reconciler,
      ...Object.values(stacks.workflow.tasks),
    ].map((f) => stacks.alarms.resolve(f.fn.functionName));
    for (const metric of ["Errors", "Throttles"]) {
      const watched = watching("AWS/Lambda", metric).map((alarm) => alarm.Dimensions?.[0]?.Value);
      expect(watched, metric).toEqual(expect.arrayContaining(functions));
      expect(watched, metric).toHaveLength(functions.length);
    }
  });

  it("watches the table for throttled requests and system errors", () => {
    const expressions = alarms.filter((alarm) => alarm.Metrics).map((alarm) => JSON.stringify(alarm.Metrics));

    expect(expressions.some((e) => e.includes('"ThrottledRequests"'))).toBe(true);
    expect(expressions.some((e) => e.includes('"SystemErrors"'))).toBe(true);
  });
});
