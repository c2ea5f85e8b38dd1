import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory } from "ulid";
import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Store, WorkflowPort } from "../../../functions/core/ports.js";
import { createDynamoStore } from "../../../functions/store/dynamo-store.js";
import { createTestTable } from "../../support/dynamo.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { createHarness, type Harness } from "../../unit/http/harness.js";

// The real HTTP app (createApp, real tokens) over the real store on DynamoDB Local: the unit harness with its store,
// workflow, clock and ids replaced. Real time, because the store checks idempotency records' expiry against it.

export type DynamoApp = {
  /** Requests as the unit harness sends them; its `store`/`deps` are NOT the ones in use: read `deps` here. */
  http: Harness;
  call: Harness["call"];
  deps: CoreDeps;
  /** The store the app writes through (possibly wrapped), and a plain one on the same table for inspection. */
  store: Store;
  inspect: Store;
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
};

export async function createDynamoApp(
  options: {
    workflow?: WorkflowPort;
    /** The client the app's store sends through (e.g. one that injects faults); default a plain one. */
    client?: DynamoDBClient;
    /** Wraps the app's store, e.g. to hold requests at a point until their twins arrive. */
    wrap?: (store: Store) => Store;
  } = {},
): Promise<DynamoApp> {
  const { client, tableName } = await createTestTable();
  const inspect = createDynamoStore({ client, tableName });
  const plain = createDynamoStore({ client: options.client ?? client, tableName });
  const store = options.wrap ? options.wrap(plain) : plain;
  const deps: CoreDeps = {
    store,
    workflow: options.workflow ?? new RecordingWorkflow(),
    now: () => new Date(),
    newId: monotonicFactory(),
  };
  const http = await createHarness(deps);
  return {
    http,
    call: http.call,
    deps,
    store,
    inspect,
    client,
    tableName,
    async close() {
      await http.cleanup();
      client.destroy();
    },
  };
}

/**
 * Holds the first `n` callers until all `n` have arrived, then lets them all go (later callers pass at once): makes
 * requests that would race only sometimes meet at the same point every time.
 */
export function gate(n: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived++;
    if (arrived === n) open();
    return arrived > n ? Promise.resolve() : opened;
  };
}
