import { readdirSync, readFileSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ITEM_ACTIONS } from "../../infra/constructs/planner-table.js";
import { actionsOf, plannerApp, resourcesOf, type Statement } from "./planner-app.js";

// Wildcard resources are allowed only for actions AWS offers no resource-level permissions for.
const UNSCOPABLE =
  /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;

const source = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("IAM across the stacks", () => {
  let statements: { stack: string; policy: string; statement: Statement }[];
  beforeAll(() => {
    const { stacks } = plannerApp();
    statements = Object.values(stacks).flatMap((stack) =>
      Object.entries(Template.fromStack(stack).findResources("AWS::IAM::Policy")).flatMap(
        ([policy, resource]) =>
          (resource.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({
            stack: stack.stackName,
            policy,
            statement,
          })),
      ),
    );
  });

  it("grants wildcard resources only for X-Ray and log delivery, in policies holding nothing else", () => {
    const wildcard = statements.filter(({ statement }) => resourcesOf(statement).includes("*"));

    expect(wildcard.length).toBeGreaterThan(0);
    for (const { policy, statement } of wildcard) {
      expect(
        actionsOf(statement).filter((action) => !UNSCOPABLE.test(action)),
        policy,
      ).toEqual([]);
      expect(policy).toMatch(/TracingPolicy|ObservabilityPolicy/);
    }
  });

  it("never grants a wildcard action, nor a literal wildcard in a states or dynamodb resource", () => {
    for (const { policy, statement } of statements) {
      expect(
        actionsOf(statement).filter((action) => action.includes("*")),
        policy,
      ).toEqual([]);
      if (!actionsOf(statement).some((action) => /^(states|dynamodb):/.test(action))) continue;
      expect(JSON.stringify(resourcesOf(statement)), policy).not.toContain("*");
    }
  });

  it("grants every DynamoDB operation the store sends, and no other", () => {
    // table.ts creates the table and turns TTL on for the local runtime only; CloudFormation does that on AWS.
    const store = readdirSync(new URL("../../functions/store/", import.meta.url))
      .filter((file) => file.endsWith(".ts") && file !== "table.ts")
      .map((file) => source(`functions/store/${file}`))
      .join("\n");
    const commands = [...store.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]);
    // A transaction is authorized as the item operations it contains.
    const transactionItems = [
      ...store.matchAll(/\b(Put|Update|Delete|ConditionCheck):\s*\{\s*TableName/g),
    ].map((m) => (m[1] === "ConditionCheck" ? "ConditionCheckItem" : `${m[1]}Item`));
    const used = new Set(
      [...commands.filter((c) => c !== "TransactWriteItems"), ...transactionItems].map(
        (c) => `dynamodb:${c}`,
      ),
    );

    expect([...used].sort()).toEqual([...ITEM_ACTIONS].sort());
  });

  it("grants the API every Step Functions call of the workflow adapter", () => {
    const adapter = source("functions/workflow/sfn-workflow.ts");
    const used = [...adapter.matchAll(/new (\w+)Command\(/g)].map((m) => `states:${m[1]}`);
    const granted = statements
      .filter(({ stack }) => stack.endsWith("-Api"))
      .flatMap(({ statement }) => actionsOf(statement));

    expect(used.length).toBeGreaterThan(0);
    expect(granted).toEqual(expect.arrayContaining(used));
  });
});
