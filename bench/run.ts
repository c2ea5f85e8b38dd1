import "../functions/local/polyfills.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { INIT_RUNS, measureInit, QUICK_INIT_RUNS } from "./bundles/init.js";
import { measureSizes } from "./bundles/size.js";
import { measureDynamoCalls } from "./dynamo/calls.js";
import { measureHttp } from "./http/smoke.js";
import { ROOT } from "./lib/child.js";
import type { Figure, SectionResult } from "./lib/figures.js";
import { renderMarkdown, renderTable } from "./lib/table.js";
import { measureThroughput } from "./throughput/throughput.js";
import { measureWorkflow } from "./workflow/cycle-cost.js";

// `npm run bench`: every figure of issue 8, measured side by side with its reference in this one run, printed as
// one table and written to bench/results/latest.json. `npm run bench -- --only size,init` runs some sections;
// `--quick` runs every section with few repetitions, to check the bench itself works (its figures mean nothing).

const SECTIONS = ["size", "init", "throughput", "dynamo", "workflow", "http"] as const;
type Section = (typeof SECTIONS)[number];

function selectedSections(argv: string[]): Set<Section> {
  const index = argv.indexOf("--only");
  const only = index >= 0 ? argv[index + 1] : undefined;
  if (!only) return new Set(SECTIONS);
  const wanted = only.split(",").map((s) => s.trim());
  const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  }
  return new Set(wanted as Section[]);
}

const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${Math.round((Date.now() - started) / 1000)} s] ${line}\n`);
const sections = selectedSections(process.argv.slice(2));
const quick = process.argv.includes("--quick");

const figures: Figure[] = [];
const captions: Record<string, string> = {};
const seconds: Record<string, number> = {};
/** Runs a section; one that crashes becomes a failed row naming the error, and the other sections still run. */
async function run<T extends SectionResult>(
  name: Section,
  measure: () => Promise<T>,
): Promise<T | undefined> {
  const t0 = Date.now();
  try {
    const result = await measure();
    if (sections.has(name)) {
      figures.push(...result.figures);
      captions[name] = result.caption;
    }
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name}: failed: ${message}`);
    figures.push({
      section: name,
      name: "the section could not run",
      value: null,
      reference: null,
      ratio: null,
      unit: "",
      budget: "runs",
      status: "fail",
      note: message.split("\n").slice(0, 6).join(" | "),
    });
    return undefined;
  } finally {
    seconds[name] = Math.round((Date.now() - t0) / 1000);
  }
}

// The init runs import the bundles the size section builds, so it runs (unprinted) whenever init does.
if (sections.has("size") || sections.has("init")) {
  const sizes = await run("size", () => measureSizes(log));
  const pairs = sizes?.pairs;
  if (pairs && sections.has("init")) {
    await run("init", () => measureInit(pairs, log, quick ? QUICK_INIT_RUNS : INIT_RUNS));
  }
}
if (sections.has("throughput")) {
  await run("throughput", () =>
    measureThroughput(log, quick ? { rounds: 1, durationMs: 300, warmupMs: 100 } : {}),
  );
}
if (sections.has("dynamo")) await run("dynamo", () => measureDynamoCalls(log));
if (sections.has("workflow")) await run("workflow", () => measureWorkflow(log));
if (sections.has("http")) await run("http", () => measureHttp(log, quick ? { rounds: 1, seconds: 1 } : {}));

const totalSeconds = Math.round((Date.now() - started) / 1000);
const results = {
  at: new Date().toISOString(),
  quick,
  node: process.version,
  cpus: cpus().length,
  totalSeconds,
  sectionSeconds: seconds,
  captions,
  figures,
};
const dir = join(ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(dir, "latest.md"), `${renderMarkdown(figures, captions)}\n`);

const failed = figures.filter((f) => f.status === "fail").length;
const skippedCount = figures.filter((f) => f.status === "skip").length;
const timing = Object.entries(seconds)
  .map(([name, s]) => `${name} ${s} s`)
  .join(", ");
process.stdout.write(`${renderTable(figures, captions)}\n\n`);
process.stdout.write(
  `${figures.length} figures: ${failed} over budget, ${skippedCount} skipped. ${totalSeconds} s on ${results.cpus} CPUs ` +
    `(${timing})${quick ? ", --quick: the figures mean nothing" : ""}. Written to bench/results/latest.json.\n`,
);
