import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable, INDEXES, KEY, TTL_ATTRIBUTE } from "../../../functions/store/table.js";
import { createTestTable } from "../../support/dynamo.js";

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  ({ client, tableName } = await createTestTable());
});

afterAll(() => client.destroy());

describe("the planner table", () => {
  it("is keyed by pk/sk and carries both indexes with every attribute projected", async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));

    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: KEY.pk, KeyType: "HASH" },
      { AttributeName: KEY.sk, KeyType: "RANGE" },
    ]);
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((gsi) => [gsi.IndexName, gsi]),
    );
    for (const index of Object.values(INDEXES)) {
      expect(indexes[index.name]?.KeySchema).toEqual([
        { AttributeName: index.pk, KeyType: "HASH" },
        { AttributeName: index.sk, KeyType: "RANGE" },
      ]);
      expect(indexes[index.name]?.Projection?.ProjectionType).toBe("ALL");
    }
    expect(Table?.AttributeDefinitions?.every((attribute) => attribute.AttributeType === "S")).toBe(true);
  });

  it("expires items through the expiresAt attribute", async () => {
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );

    expect(TimeToLiveDescription?.AttributeName).toBe(TTL_ATTRIBUTE);
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe("ENABLED");
  });

  it("cancels a whole transaction when one condition fails, naming the failed check and writing nothing", async () => {
    const existing = { pk: { S: "COUNTRY#KE" }, sk: { S: "CYCLE#existing" } };
    await client.send(new PutItemCommand({ TableName: tableName, Item: existing }));
    const fresh = { pk: { S: "COUNTRY#KE" }, sk: { S: "AUDIT#1" } };

    const write = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: fresh } },
          {
            Put: {
              TableName: tableName,
              Item: existing,
              ConditionExpression: "attribute_not_exists(#pk)",
              ExpressionAttributeNames: { "#pk": KEY.pk },
            },
          },
        ],
      }),
    );

    const error = await write.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code);
    expect(reasons).toEqual(["None", "ConditionalCheckFailed"]);
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: fresh }));
    expect(Item).toBeUndefined();
  });

  it("lists a tenant's items through gsi1", async () => {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: "CYCLE#c1" },
          sk: { S: "CYCLE#c1" },
          gsi1pk: { S: "COUNTRY#TZ#CYCLES" },
          gsi1sk: { S: "2026-01-01T00:00:00.000Z" },
        },
      }),
    );

    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEXES.gsi1.name,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": INDEXES.gsi1.pk },
        ExpressionAttributeValues: { ":pk": { S: "COUNTRY#TZ#CYCLES" } },
      }),
    );

    expect(Items?.map((item) => item.pk?.S)).toEqual(["CYCLE#c1"]);
  });

  it("can be ensured again on every start without touching the data", async () => {
    const key = { pk: { S: "COUNTRY#UG" }, sk: { S: "KEEP" } };
    await client.send(new PutItemCommand({ TableName: tableName, Item: key }));

    await ensureTable(client, tableName);
    await ensureTable(client, tableName);

    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key }));
    expect(Item).toEqual(key);
  });
});
