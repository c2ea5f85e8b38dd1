import "./polyfills.js";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { monotonicFactory } from "ulid";
import type { CoreDeps } from "../core/changes.js";
import type { WorkflowPort } from "../core/ports.js";
import { reconcileDeliveries, resumeAllCycles } from "../core/use-cases/resume.js";
import { createApp } from "../http/app.js";
import { createJwtAuthenticator } from "../http/auth.js";
import { createDynamoStore } from "../store/dynamo-store.js";
import { ensureTable } from "../store/table.js";
import { createTaskHandlers } from "../workflow/tasks/index.js";
import { clockRoutes } from "./clock-routes.js";
import { ControllableClock, loadClockOffset, saveClockOffset } from "./controllable-clock.js";
import { type DevIssuer, loadOrCreateDevIssuer } from "./dev-issuer.js";
import { createLocalDynamoClient, type DynamoDbLocal, startDynamoDbLocal } from "./dynamodb-local.js";
import { LocalWorkflowEngine } from "./local-workflow-engine.js";

export type LocalStackOptions = {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Where DynamoDB Local keeps its data; "memory" keeps nothing. */
  dataDir?: string | "memory";
  /** Where the dev issuer's signing key lives. */
  stateDir?: string;
  tableName?: string;
  log?: (line: string) => void;
};

export type LocalStack = {
  url: string;
  port: number;
  issuer: DevIssuer;
  engine: LocalWorkflowEngine;
  /** The runtime's time: the API, the tasks and the engine's waits all read it; tests and demos move it. */
  clock: ControllableClock;
  deps: CoreDeps;
  stop(): Promise<void>;
};

/**
 * The whole product on one machine: DynamoDB Local, the planning-cycle ASL on the local engine (its tasks run
 * in-process through the same handlers as in Lambda), and the same Hono app as behind API Gateway.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const stateDir = options.stateDir ?? ".local";
  const dataDir = options.dataDir ?? join(stateDir, "dynamodb");
  const tableName = options.tableName ?? "ffa-planner";

  const dynamo: DynamoDbLocal = await startDynamoDbLocal(dataDir === "memory" ? {} : { dbPath: dataDir });
  // A data folder must survive a kill: wait for DynamoDB Local's commits (see createLocalDynamoClient).
  const client = createLocalDynamoClient(dynamo.endpoint, { durableTransactions: dataDir !== "memory" });
  let engine: LocalWorkflowEngine | undefined;
  let server: ReturnType<typeof serve> | undefined;
  try {
    await ensureTable(client, tableName);
    const store = createDynamoStore({ client, tableName });
    // The tasks need the workflow (to complete waits) and the workflow needs the tasks: bind through this port.
    const workflow: WorkflowPort = {
      startExecution: (e) => running().startExecution(e),
      sendTaskSuccess: (token, output) => running().sendTaskSuccess(token, output),
      sendTaskFailure: (token, error, cause) => running().sendTaskFailure(token, error, cause),
    };
    // A memory store starts afresh, and so does its time; stored data keeps the time it was left at.
    const persisted = dataDir !== "memory";
    let saving = Promise.resolve();
    const clock = new ControllableClock({
      offsetMs: persisted ? await loadClockOffset(stateDir) : 0,
      ...(persisted
        ? {
            // Saved in order, so the file ends with the last move.
            onChange: (offsetMs: number) => {
              saving = saving
                .then(() => saveClockOffset(stateDir, offsetMs))
                .catch((e) => log(`warn: the clock's offset was not saved: ${String(e)}`));
            },
          }
        : {}),
    });
    const deps: CoreDeps = { store, workflow, now: () => clock.now(), newId: monotonicFactory() };
    const logger = {
      info: (message: string, data?: Record<string, unknown>) =>
        log(`${message}${data ? ` ${JSON.stringify(data)}` : ""}`),
      warn: (message: string, data?: Record<string, unknown>) =>
        log(`warn: ${message}${data ? ` ${JSON.stringify(data)}` : ""}`),
      error: (message: string, data?: Record<string, unknown>) =>
        log(`error: ${message}${data ? ` ${JSON.stringify(data)}` : ""}`),
    };
    engine = new LocalWorkflowEngine({ tasks: createTaskHandlers(deps, logger), logger, clock });
    const live = engine;
    const running = () => live;

    // Outcomes stored but never confirmed (the runtime stopped mid-approval) are settled first: the old engine's
    // tokens are gone, so their waits are forgotten; then every active cycle gets a fresh execution that finds
    // the stored outcomes and completes its waits from the data.
    const reconciled = await reconcileDeliveries(deps);
    const resumed = await resumeAllCycles(deps);
    if (resumed.resumed.length > 0 || reconciled.failed.length > 0) {
      log(`resumed ${resumed.resumed.length} cycle(s); ${reconciled.failed.length} stale wait(s) cleared`);
    }
    for (const f of resumed.failed)
      log(`error: could not resume cycle ${f.country}/${f.cycleId}: ${f.error}`);

    const issuer = await loadOrCreateDevIssuer(stateDir);
    const app = createApp({
      ...deps,
      authenticate: createJwtAuthenticator({
        issuer: issuer.issuer,
        audience: issuer.audience,
        jwks: issuer.jwks,
      }),
      // The pages, with the persona chooser at /sign-in: local mode only, never in Lambda.
      web: { mode: "local", issuer },
    });
    // Local only: createApp (what Lambda serves) never mounts the clock.
    app.route("/local", clockRoutes(clock));
    const started = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: "127.0.0.1" }, () =>
        resolve(s),
      );
      s.once("error", reject);
    });
    server = started;
    const port = (started.address() as AddressInfo).port;

    let stopped = false;
    return {
      url: `http://localhost:${port}`,
      port,
      issuer,
      engine: live,
      clock,
      deps,
      async stop() {
        if (stopped) return;
        stopped = true;
        await new Promise<void>((resolve) => started.close(() => resolve()));
        await live.stop();
        client.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    server?.close();
    await engine?.stop();
    client.destroy();
    await dynamo.stop();
    throw error;
  }
}
