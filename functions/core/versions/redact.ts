import { DEFAULT_SUPPRESSION_THRESHOLD } from "../action-plan/schema.js";
import { Actor } from "../principal.js";
import type { StageSnapshot } from "../stage-content.js";

/**
 * A frozen snapshot as a donor may see it. Donors never see personal data, so every recorded person (who answered,
 * added or decided something) is left out; and counts of people or cases below the plan's suppression threshold
 * (count indicators' baselines) are suppressed, as in everything that leaves the government.
 */
export function forDonor(snapshot: StageSnapshot): StageSnapshot {
  const threshold = suppressionThreshold(snapshot);
  const out: StageSnapshot = {};
  for (const [key, item] of Object.entries(snapshot)) {
    out[key] = suppressSmallBaseline(withoutPeople(item) as Record<string, unknown>, threshold);
  }
  return out;
}

function withoutPeople(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !isActor(v)).map(withoutPeople);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !isActor(v))
      .map(([k, v]) => [k, withoutPeople(v)]),
  );
}

function isActor(value: unknown): boolean {
  return typeof value === "object" && value !== null && Actor.safeParse(value).success;
}

function suppressionThreshold(snapshot: StageSnapshot): number {
  const settings = snapshot["planSettings/settings"];
  const value = settings?.suppressionThreshold;
  return typeof value === "number" ? value : DEFAULT_SUPPRESSION_THRESHOLD;
}

function suppressSmallBaseline(item: Record<string, unknown>, threshold: number): Record<string, unknown> {
  const baseline = item.baseline;
  if (item.kind !== "indicator" || item.isCount !== true) return item;
  if (typeof baseline !== "object" || baseline === null) return item;
  const value = (baseline as Record<string, unknown>).value;
  if (typeof value !== "number" || value >= threshold) return item;
  return { ...item, baseline: { ...baseline, value: null, suppressed: true } };
}
