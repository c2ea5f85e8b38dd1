import { runChild } from "../lib/child.js";
import { type Figure, ratioStatus, type SectionResult } from "../lib/figures.js";
import { alternate, paired } from "../lib/stats.js";
import { shortName } from "./build.js";
import type { BundlePair } from "./size.js";

export const INIT_RUNS = 15;
/** `--quick`: checks that the section works; its figures mean nothing. */
export const QUICK_INIT_RUNS = 3;
export const MAX_INIT_RATIO = 1.2;

// Imports the bundle once and reports how long the import took: the module init Lambda runs before the first
// invocation (top-level code: SDK clients, Powertools, the Hono app), without the fixed cost of starting Node.
const IMPORT_ONCE = `
import { pathToFileURL } from "node:url";
const start = performance.now();
await import(pathToFileURL(process.argv[1]).href);
const ms = performance.now() - start;
process.stdout.write("\\nBENCH " + JSON.stringify({ ms }) + "\\n");
`;

/**
 * What a planner Lambda finds in its environment (so Powertools' Tracer is on, as deployed); the SDK clients
 * resolve from the repository's node_modules, as they resolve from the runtime's in Lambda.
 */
function lambdaEnv(name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_LAMBDA_FUNCTION_NAME: `ffa-planner-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
    TABLE_NAME: "ffa-planner",
    STATE_MACHINE_ARN: "arn:aws:states:eu-west-1:123456789012:stateMachine:FfaPlanner-Workflow-PlanningCycle",
    EVENT_BUS_NAME: "ffa-planner-notifications",
    POWERTOOLS_SERVICE_NAME: `ffa-planner-${name}`,
  };
}

async function importMs(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  // --enable-source-maps: every PlannerFunction sets it in NODE_OPTIONS, and it makes Node read the map at load.
  const args = ["--enable-source-maps", "--input-type=module", "-e", IMPORT_ONCE, file];
  return (await runChild<{ ms: number }>(args, { env })).ms;
}

/**
 * Figure 2. Each round imports every function's bundle and its reference's in fresh processes, the pair in
 * alternating order; the figure is the median of INIT_RUNS rounds and the median of the per-round ratios.
 */
export async function measureInit(
  pairs: BundlePair[],
  log: (line: string) => void,
  runs = INIT_RUNS,
): Promise<SectionResult> {
  const samples = new Map(pairs.map((p) => [p.name, { fn: [] as number[], ref: [] as number[] }]));
  for (let round = 0; round < runs; round++) {
    log(`init: round ${round + 1}/${runs}`);
    for (const pair of pairs) {
      const sample = samples.get(pair.name);
      if (!sample) continue;
      const env = lambdaEnv(pair.name);
      for (const side of alternate(["fn", "ref"] as const, round)) {
        sample[side].push(await importMs(side === "fn" ? pair.file : pair.referenceFile, env));
      }
    }
  }
  const figures = pairs.map((pair) => {
    const sample = samples.get(pair.name) ?? { fn: [], ref: [] };
    const { value, reference, ratio } = paired(sample.fn, sample.ref);
    return {
      section: "init",
      name: `${pair.name} module init`,
      value: Math.round(value * 10) / 10,
      reference: Math.round(reference * 10) / 10,
      ratio,
      unit: "ms",
      budget: `ratio <= ${MAX_INIT_RATIO}`,
      status: ratioStatus(ratio, { max: MAX_INIT_RATIO }),
      note: `reference Hono+${pair.clients.map(shortName).join("+") || "nothing"}`,
    } satisfies Figure;
  });
  return {
    figures,
    caption:
      `import() of each deployed bundle in a fresh node ${process.version} (--enable-source-maps, a Lambda ` +
      "environment, SDK clients from node_modules for function and reference alike); median of " +
      `${runs} rounds, function and reference alternating; ratio = median of the per-round ratios`,
  };
}
