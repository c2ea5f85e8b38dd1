/** The median of a non-empty sample (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * Paired samples measured side by side (round i of the value next to round i of its reference): the medians of
 * each, and the median of the per-round ratios, which cancels drift of a busy machine better than a ratio of medians.
 */
export function paired(values: readonly number[], references: readonly number[]) {
  if (values.length !== references.length) throw new Error("paired samples differ in length");
  return {
    value: median(values),
    reference: median(references),
    ratio: median(values.map((v, i) => v / (references[i] as number))),
  };
}

/** Round `i`'s order of `items`: forward on even rounds, backward on odd ones, so neither side always runs first. */
export function alternate<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}
