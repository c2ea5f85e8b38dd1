import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";

// A DynamoDB client on the shared DynamoDB Local whose requests fail as planned. The fault is injected inside the
// SDK's retry loop (a middleware of the deserialize step, which the retry middleware of the finalize step calls on
// every attempt), so what is proved is the SDK's own retrying, with its own classification of errors.

export type Fault = {
  /** e.g. "TransactWriteItemsCommand", "QueryCommand". */
  command: string;
  error: () => Error;
  /** How many attempts fail; Infinity keeps failing. */
  times: number;
  /** Fail after DynamoDB did the work, as when its answer is lost on the way back. */
  afterSend?: boolean;
};

export type FaultyClient = {
  client: DynamoDBClient;
  /** Faults still planned, first match wins. */
  faults: Fault[];
  /** Every attempt that reached the injection point, by command name. */
  attempts: string[];
};

/** maxAttempts 3: the SDK's default on AWS (the local runtime's own client makes 2). */
export function faultyClient(): FaultyClient {
  const client = new DynamoDBClient({
    endpoint: inject("dynamoEndpoint"),
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
  });
  const faults: Fault[] = [];
  const attempts: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "";
      attempts.push(command);
      const fault = faults.find((f) => f.command === command && f.times > 0);
      if (!fault) return next(args);
      fault.times--;
      if (fault.afterSend) await next(args);
      throw fault.error();
    },
    { step: "deserialize", name: "injectFaults" },
  );
  return { client, faults, attempts };
}
