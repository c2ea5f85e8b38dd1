import "../../functions/local/polyfills.js";
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../functions/local/dynamodb-local.js";

// One in-memory DynamoDB Local for the whole integration run; test files isolate themselves by table name
// (test/support/dynamo.ts), so no file ever sees another's items.

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { endpoint, stop } = await startDynamoDbLocal();
  project.provide("dynamoEndpoint", endpoint);
  return () => stop();
}
