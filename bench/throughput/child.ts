import { report } from "../lib/child.js";
import { CASES, type CaseName } from "./cases.js";

// One case of figure 3 in this fresh process: set up, warm up, then send requests one after another for the given
// time and report how many completed per second. Every response must have the expected status.

const [name, durationArg, warmupArg] = process.argv.slice(2);
if (!name || !(name in CASES))
  throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(", ")}`);
const durationMs = Number(durationArg ?? 1500);
const warmupMs = Number(warmupArg ?? 500);

const { next, expectedStatus } = await CASES[name as CaseName]();

async function run(ms: number): Promise<{ requests: number; elapsedMs: number }> {
  const start = performance.now();
  let requests = 0;
  while (performance.now() - start < ms) {
    const response = await next();
    const body = await response.text();
    if (response.status !== expectedStatus) {
      throw new Error(`${name}: HTTP ${response.status} instead of ${expectedStatus}: ${body.slice(0, 500)}`);
    }
    requests++;
  }
  return { requests, elapsedMs: performance.now() - start };
}

await run(warmupMs);
const { requests, elapsedMs } = await run(durationMs);
report({ requests, elapsedMs, perSecond: (requests / elapsedMs) * 1000 });
