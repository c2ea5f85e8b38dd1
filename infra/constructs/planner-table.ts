import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { INDEXES, KEY, TTL_ATTRIBUTE } from "../../functions/store/table.js";

/**
 * What the DynamoDB store sends (functions/store/): GetItem, Query, and TransactWriteItems made of Put and
 * ConditionCheck actions, which IAM authorizes as the item operations they contain.
 */
export const ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
] as const;

/** What a principal needs of the table's key to use the table (DynamoDB calls KMS on its behalf). */
export const KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"] as const;

export interface PlannerTableProps {
  /** @default RemovalPolicy.RETAIN: the table outlives the stack, with its key. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table, keyed exactly as functions/store/table.ts says (the local runtime and the tests create it from
 * the same constants): on demand, point-in-time recovery, deletion protection, retained on stack deletion, encrypted
 * with a key of its own, TTL on the store's expiry attribute.
 */
export class PlannerTable extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: PlannerTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, "Key", {
      description: "Encrypts the ffa-planner table (cycles, stages, assessments, audit trail)",
      enableKeyRotation: true,
      // A retained table is unreadable without its key: the two always share a fate.
      removalPolicy,
    });

    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: attribute(KEY.pk),
      sortKey: attribute(KEY.sk),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    for (const index of Object.values(INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.pk),
        sortKey: attribute(index.sk),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /** The table and each index by name (no `index/*`), plus the key, only through DynamoDB. */
  grantItems(grantee: iam.IGrantable): void {
    const { tableArn } = this.table;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...ITEM_ACTIONS],
        resources: [tableArn, ...Object.values(INDEXES).map((index) => `${tableArn}/index/${index.name}`)],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...KEY_ACTIONS],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { "kms:ViaService": `dynamodb.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }
}
