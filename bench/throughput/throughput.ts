import { runChild, tsChild } from "../lib/child.js";
import { type Figure, ratioStatus, type SectionResult } from "../lib/figures.js";
import { alternate, paired } from "../lib/stats.js";
import { CASES, type CaseName, PAIRS } from "./cases.js";

export const ROUNDS = 5;
const CHILD = new URL("./child.ts", import.meta.url);

export type ThroughputOptions = { rounds?: number; durationMs?: number; warmupMs?: number };

/**
 * Figure 3. Every round runs each case in its own fresh process (so no case inherits another's JIT state or
 * garbage), in an order that alternates between rounds; each route is compared with its bare reference of the
 * same round, and the figure is the median over the rounds.
 */
export async function measureThroughput(
  log: (line: string) => void,
  { rounds = ROUNDS, durationMs = 1_500, warmupMs = 500 }: ThroughputOptions = {},
): Promise<SectionResult> {
  const names = Object.keys(CASES) as CaseName[];
  const samples = new Map<CaseName, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    log(`throughput: round ${round + 1}/${rounds}`);
    for (const name of alternate(names, round)) {
      const result = await runChild<{ perSecond: number }>(
        tsChild(CHILD, name, String(durationMs), String(warmupMs)),
      );
      samples.get(name)?.push(result.perSecond);
    }
  }
  const figures = PAIRS.map(({ route, reference, min }): Figure => {
    const { value, reference: ref, ratio } = paired(samples.get(route) ?? [], samples.get(reference) ?? []);
    return {
      section: "throughput",
      name: `${route} vs ${reference}`,
      value: Math.round(value),
      reference: Math.round(ref),
      ratio,
      unit: "req/s",
      budget: min === undefined ? "printed" : `ratio >= ${min}`,
      status: min === undefined ? "info" : ratioStatus(ratio, { min }),
    };
  });
  return {
    figures,
    caption:
      `requests through app.fetch in-process (in-memory store, identity from API Gateway claims), one at a time ` +
      `for ${durationMs / 1000} s after ${warmupMs / 1000} s of warm-up, each case in a fresh process; median of ` +
      `${rounds} rounds in alternating order; ratio = median of the per-round ratios`,
  };
}
