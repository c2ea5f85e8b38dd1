import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

// The one table definition: the local runtime and the tests create it from here, the CDK stack reads the same
// constants, so the three can never disagree about key names.

export const KEY = { pk: "pk", sk: "sk" } as const;

export const INDEXES = {
  /** Per-tenant listings, e.g. a country's cycles. */
  gsi1: { name: "gsi1", pk: "gsi1pk", sk: "gsi1sk" },
  /** Sparse system work queues, e.g. active cycles, pending workflow outbox: only items carrying gsi2pk appear. */
  gsi2: { name: "gsi2", pk: "gsi2pk", sk: "gsi2sk" },
} as const;

/** Epoch seconds; DynamoDB deletes the item some time after it passes (within days, not on the dot). */
export const TTL_ATTRIBUTE = "expiresAt";

const indexes = Object.values(INDEXES);

export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [KEY.pk, KEY.sk, ...indexes.flatMap((index) => [index.pk, index.sk])];
  const attributeDefinitions: AttributeDefinition[] = keyAttributes.map((name) => ({
    AttributeName: name,
    AttributeType: "S",
  }));
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: "HASH" },
      { AttributeName: KEY.sk, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.pk, KeyType: "HASH" },
        { AttributeName: index.sk, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

/** Creates the table unless it exists, waits until it is ACTIVE and turns TTL on. Safe to call on every start. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // The default 20 s first delay suits nobody here: DynamoDB Local is ACTIVE at once, AWS in a few seconds.
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  await ensureTimeToLive(client, tableName);
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    const status = TimeToLiveDescription?.TimeToLiveStatus;
    // Enabling twice is a ValidationException on AWS, so look first.
    if (status === "ENABLED" || status === "ENABLING") return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (error) {
    if (!isTimeToLiveUnsupported(error)) throw error;
  }
}

// An emulator without TTL is still usable (expired items simply stay); every other failure is real.
function isTimeToLiveUnsupported(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "UnknownOperationException" || /not (yet )?supported/i.test(error.message);
}
