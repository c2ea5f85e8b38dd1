import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { createLocalDynamoClient } from "../../functions/local/dynamodb-local.js";
import { ensureTable } from "../../functions/store/table.js";

/** A fresh table in the shared DynamoDB Local, so test files never share state. */
export async function createTestTable(): Promise<{ client: DynamoDBClient; tableName: string }> {
  const client = createLocalDynamoClient(inject("dynamoEndpoint"));
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, tableName };
}
