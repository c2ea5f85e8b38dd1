import "../../functions/local/polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack } from "../../functions/local/local-stack.js";
import { report } from "../lib/child.js";

// The servers of figure 6, each in its own process so that the load generator (the bench) does not share their
// event loop: `bare` (node:http answering the health check's JSON) or `local` (the local stack of `npm start`, with
// DynamoDB Local, the local workflow engine and a cycle to read). Reports where to send requests, serves until its
// stdin closes, then stops everything it started.

export type Target = { name: string; url: string; headers?: Record<string, string> };

const kind = process.argv[2];
const targets: Target[] = [];
let stop: () => Promise<void>;

if (kind === "bare") {
  const body = JSON.stringify({ status: "ok" });
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  targets.push({ name: "bare node:http", url: `http://127.0.0.1:${port}/health` });
  stop = () => new Promise((resolve) => server.close(() => resolve()));
} else if (kind === "local") {
  const stateDir = await mkdtemp(join(tmpdir(), "ffa-bench-http-"));
  const stack = await startLocalStack({ port: 0, dataDir: "memory", stateDir });
  const token = await stack.issuer.mint({ role: "coordinator", country: "KEN", name: "Bench Coordinator" });
  const authorization = `Bearer ${token}`;
  const policy = { ministries: ["ministry-of-justice"], rule: { type: "all" } };
  const created = await fetch(`${stack.url}/cycles`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({
      title: "National action plan against trafficking 2027-2029",
      frameworks: [{ id: "TIP" }, { id: "SOM" }],
      planPeriod: { start: "2027-01-01", end: "2029-12-31" },
      approvalPolicies: { assessment: policy },
    }),
  });
  if (created.status !== 201)
    throw new Error(`creating the cycle answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const url = stack.url.replace("localhost", "127.0.0.1");
  targets.push({ name: "local server GET /health", url: `${url}/health` });
  targets.push({
    name: "local server GET /cycles/{cycleId} (JWT, DynamoDB Local)",
    url: `${url}/cycles/${id}`,
    headers: { authorization },
  });
  stop = async () => {
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
  };
} else {
  throw new Error(`usage: servers.ts bare|local, not ${kind}`);
}

report(targets);
process.stdin.resume();
process.stdin.on("end", () => {
  stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
