import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { createTableInput, TTL_ATTRIBUTE } from "../../functions/store/table.js";
import { logicalId, plannerApp } from "./planner-app.js";

describe("data stack", () => {
  let template: Template;
  let keyId: string;
  beforeAll(() => {
    const { stacks } = plannerApp();
    template = Template.fromStack(stacks.data);
    keyId = logicalId(stacks.data.store.key);
  });

  it("keys the table exactly as the local runtime creates it (functions/store/table.ts)", () => {
    const local = createTableInput("ffa-planner");
    const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: T[] = []) =>
      [...items].sort((a, b) =>
        String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
      );

    const [table] = Object.values(template.findResources("AWS::DynamoDB::Table"));

    expect(byName(table?.Properties.AttributeDefinitions)).toEqual(byName(local.AttributeDefinitions));
    expect(table?.Properties.KeySchema).toEqual(local.KeySchema);
    expect(byName(table?.Properties.GlobalSecondaryIndexes)).toEqual(byName(local.GlobalSecondaryIndexes));
  });

  it("bills on demand, recovers to any point in time, refuses deletion and expires items on the store's TTL", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it("encrypts the table with its own rotating key", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
      },
    });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("keeps the table and its key when the stack is deleted or the resource replaced", () => {
    template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    template.hasResource("AWS::KMS::Key", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });

  it("names the table in the stack outputs", () => {
    template.hasOutput("TableName", { Value: { Ref: Match.stringLikeRegexp("Table") } });
  });
});
