import { DynamoDBClient, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { countCalls, describeCounts, totalOf } from "../../../bench/dynamo/counting-client.js";

const dynamo = mockClient(DynamoDBClient);
afterEach(() => dynamo.reset());

describe("counting the DynamoDB calls of a request", () => {
  it("counts every command sent through the client by its name, and starts afresh after take()", async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(GetItemCommand).resolves({});
    const client = new DynamoDBClient({ region: "eu-west-1" });
    const counter = countCalls(client);

    await client.send(new QueryCommand({ TableName: "t", KeyConditionExpression: "pk = :pk" }));
    await client.send(new QueryCommand({ TableName: "t", KeyConditionExpression: "pk = :pk" }));
    await client.send(new GetItemCommand({ TableName: "t", Key: {} }));
    const first = counter.take();
    await client.send(new GetItemCommand({ TableName: "t", Key: {} }));

    expect(first).toEqual({ QueryCommand: 2, GetItemCommand: 1 });
    expect(totalOf(first)).toBe(3);
    expect(describeCounts(first)).toBe("GetItem 1, Query 2");
    expect(counter.take()).toEqual({ GetItemCommand: 1 });
    expect(describeCounts({})).toBe("none");
  });
});
