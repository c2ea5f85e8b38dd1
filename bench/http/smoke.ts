import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { ROOT, tsChild } from "../lib/child.js";
import type { Figure, SectionResult } from "../lib/figures.js";
import { alternate, paired } from "../lib/stats.js";
import type { Target } from "./servers.js";

export const ROUNDS = 5;
const SERVERS = new URL("./servers.ts", import.meta.url);

type Server = { child: ChildProcess; targets: Target[] };

/** Starts a server process of servers.ts and waits for the targets it reports. */
async function startServer(kind: "bare" | "local"): Promise<Server> {
  const child = spawn(process.execPath, tsChild(SERVERS, kind), {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  // Kept for a failure to start; once serving, what a server logs (e.g. requests cut short when it stops) is noise.
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const targets = await new Promise<Target[]>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`the ${kind} server exited (${code}) before it was ready:\n${stderr}`)),
    );
    lines.on("line", (line) => {
      if (line.startsWith("BENCH ")) resolve(JSON.parse(line.slice("BENCH ".length)) as Target[]);
    });
  });
  child.removeAllListeners("exit");
  return { child, targets };
}

/** Closes the server's stdin, which makes it stop what it started (DynamoDB Local included) and exit. */
async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.stdin?.end();
  await exited;
}

async function requestsPerSecond(target: Target, seconds: number): Promise<number> {
  const result = await autocannon({
    url: target.url,
    connections: 10,
    duration: seconds,
    headers: target.headers ?? {},
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return result.requests.average;
}

/**
 * Figure 6, printed and not gated: the local server (the same Hono app, over @hono/node-server) against bare
 * node:http on loopback, with autocannon (10 connections) for `seconds` per target, the targets in alternating
 * order, median of ROUNDS rounds.
 */
export async function measureHttp(
  log: (line: string) => void,
  { rounds = ROUNDS, seconds = 3 }: { rounds?: number; seconds?: number } = {},
): Promise<SectionResult> {
  log("http: starting the bare server and the local stack");
  const servers = await Promise.all([startServer("bare"), startServer("local")]);
  try {
    const [bare, ...app] = servers.flatMap((s) => s.targets);
    if (!bare) throw new Error("the bare server reported no target");
    const targets = [bare, ...app];
    const samples = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < rounds; round++) {
      log(`http: round ${round + 1}/${rounds}`);
      for (const target of alternate(targets, round)) {
        samples.get(target.name)?.push(await requestsPerSecond(target, seconds));
      }
    }
    const figures = app.map((target): Figure => {
      const { value, reference, ratio } = paired(
        samples.get(target.name) ?? [],
        samples.get(bare.name) ?? [],
      );
      return {
        section: "http",
        name: `${target.name} vs bare node:http`,
        value: Math.round(value),
        reference: Math.round(reference),
        ratio,
        unit: "req/s",
        budget: "printed",
        status: "info",
      };
    });
    return {
      figures,
      caption: `autocannon on loopback, 10 connections, ${seconds} s per target, median of ${rounds} rounds in alternating order`,
    };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}
