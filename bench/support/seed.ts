import { Activity, PlanObjective } from "../../functions/core/action-plan/schema.js";
import type { AssessmentEntry } from "../../functions/core/assessment.js";
import type { Cycle } from "../../functions/core/cycle.js";
import { cycleMeasures } from "../../functions/core/measures.js";
import type { Store, Write } from "../../functions/core/ports.js";
import type { Stage } from "../../functions/core/stage.js";
import { MAX_TRANSACTION_ITEMS } from "../../functions/store/dynamo-store.js";
import { aCycle, anEntry, aStage, type CycleRef, FIXTURE_TIME } from "../../test/support/fixtures.js";
import { STAGE_ORDER, type StageName } from "../../workflows/schemas.js";
import { COUNTRY, MINISTRIES } from "./app.js";

// Cycles written straight through the Store port (no API calls, no audit trail to speak of), as large as a figure
// needs. Every entity is parsed with the core's schema (the cycle, stages and entries by test/support/fixtures.ts),
// so a schema change the bench's data no longer satisfies fails here, loudly.

const POLICY = { ministries: [...MINISTRIES], rule: { type: "all" as const } };
const OBJECTIVES = 20;
const objectiveId = (i: number) => `O${String((i % OBJECTIVES) + 1).padStart(2, "0")}`;

/** A cycle under both catalogues (134 measures), every stage signed by justice and interior. */
export function benchCycle(cycleId: string, overrides: Partial<Cycle> = {}): Cycle {
  return aCycle(
    { country: COUNTRY, cycleId },
    {
      title: "National action plan against trafficking and smuggling 2027-2029",
      frameworks: [
        { id: "TIP", version: "2009.1" },
        { id: "SOM", version: "2011.1" },
      ],
      approvalPolicies: { assessment: POLICY, priorities: POLICY, action_plan: POLICY },
      ...overrides,
    },
  );
}

export function benchStages(
  ref: CycleRef,
  overrides: Partial<Record<StageName, Partial<Stage>>> = {},
): Stage[] {
  return STAGE_ORDER.map((name) => aStage(ref, name, overrides[name] ?? {}));
}

let catalogueIds: string[] | undefined;

/** The catalogue measures of a bench cycle, in catalogue order. */
export function catalogueMeasureIds(): string[] {
  catalogueIds ??= [...cycleMeasures(benchCycle("00000000000000000000000000")).keys()];
  return [...catalogueIds];
}

/**
 * `count` measure ids: the catalogues' own first, then made-up ones of the same shape (objectives 20-99 exist in no
 * catalogue), so that an assessment can be made larger than the catalogues.
 */
export function measureIds(count: number): string[] {
  const ids = catalogueMeasureIds().slice(0, count);
  const pillars = ["PROS", "PROT", "PREV", "NCC", "ICC"];
  for (let i = 0; ids.length < count; i++) {
    const catalogue = i % 2 === 0 ? "TIP" : "SOM";
    const pillar = pillars[Math.floor(i / 2) % pillars.length];
    const objective = 20 + (Math.floor(i / 10) % 80);
    const measure = 1 + (Math.floor(i / 800) % 99);
    const id = `${catalogue}.${pillar}.${objective}.${measure}`;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

const SENTENCE =
  "The working group reviewed the law, the agencies' annual reports and the case files of the last three years. ";

/** Evidence of 200 to 2,000 characters (mean ~1,100): a paragraph or two, as working groups write them. */
export function evidence(i: number): string {
  const length = 200 + ((i * 397) % 1801);
  return SENTENCE.repeat(Math.ceil(length / SENTENCE.length)).slice(0, length);
}

export function benchEntries(ref: CycleRef, ids: readonly string[]): AssessmentEntry[] {
  const statuses = [
    { status: "in_place", severity: 0 },
    { status: "partial", severity: 2 },
    { status: "absent", severity: 3 },
    { status: "unknown", severity: 1 },
    { status: "not_applicable", severity: 0 },
  ] as const;
  return ids.map((measureId, i) =>
    anEntry(ref, measureId, {
      ...(statuses[i % statuses.length] ?? statuses[0]),
      evidence: evidence(i),
      source: "Working group session and agency reports",
    }),
  );
}

export function benchActivities(ref: CycleRef, count: number): Activity[] {
  return Array.from({ length: count }, (_, i) =>
    Activity.parse({
      kind: "activity",
      id: `A${String(i + 1).padStart(3, "0")}`,
      country: ref.country,
      cycleId: ref.cycleId,
      objectiveId: objectiveId(i),
      title: `Activity ${i + 1}: train prosecutors and judges on the trafficking law`,
      description: evidence(i).slice(0, 400),
      leadAgency: "national-police-service",
      partnerAgencies: ["ministry-of-justice", "iom-kenya"],
      start: "2027-01-01",
      end: "2028-06-30",
      budget: {
        amount: 25_000 + i * 100,
        currency: "USD",
        source: "donor",
        donorName: "UNODC",
        funded: i % 3 !== 0,
      },
      measureIds: ["TIP.PROS.1.1"],
      priorityIds: ["TIP.PROS.1.1"],
      dependsOn: [],
      updatedAt: FIXTURE_TIME,
      version: 1,
    }),
  );
}

/** The objectives the bench's activities belong to (`O01`..`O20`, spread over the pillars). */
export function benchObjectives(ref: CycleRef, count = OBJECTIVES): PlanObjective[] {
  const pillars = ["PROS", "PROT", "PREV", "NCC", "ICC"] as const;
  return Array.from({ length: count }, (_, i) =>
    PlanObjective.parse({
      kind: "objective",
      id: objectiveId(i),
      country: ref.country,
      cycleId: ref.cycleId,
      title: `Objective ${i + 1}: close the gaps of the ${pillars[i % pillars.length]} pillar`,
      description: evidence(i).slice(0, 300),
      pillar: pillars[i % pillars.length],
      priorityIds: [],
      updatedAt: FIXTURE_TIME,
      version: 1,
    }),
  );
}

/** Commits `writes` in transactions of at most MAX_TRANSACTION_ITEMS, as a store needs them. */
export async function commitInChunks(store: Store, writes: Write[]): Promise<void> {
  for (let start = 0; start < writes.length; start += MAX_TRANSACTION_ITEMS) {
    await store.commit({ writes: writes.slice(start, start + MAX_TRANSACTION_ITEMS), events: [] });
  }
}

export type SeedSize = { entries: number; activities: number };

/**
 * A cycle with `size.entries` answered measures and `size.activities` activities (with the objectives they belong
 * to, when there are activities); its stages as `stages` says.
 */
export async function seedCycle(
  store: Store,
  cycleId: string,
  size: SeedSize,
  stages: Partial<Record<StageName, Partial<Stage>>> = {},
): Promise<{ cycle: Cycle; entries: AssessmentEntry[]; activities: Activity[] }> {
  const ref = { country: COUNTRY, cycleId };
  const cycle = benchCycle(cycleId);
  const entries = benchEntries(ref, measureIds(size.entries));
  const activities = benchActivities(ref, size.activities);
  const objectives = size.activities > 0 ? benchObjectives(ref) : [];
  await commitInChunks(store, [
    { entity: "cycle", item: cycle, expectedVersion: null },
    ...benchStages(ref, stages).map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
    ...entries.map((item) => ({ entity: "entry" as const, item, expectedVersion: null })),
    ...[...objectives, ...activities].map((item) => ({
      entity: "record" as const,
      item,
      expectedVersion: null,
    })),
  ]);
  return { cycle, entries, activities };
}
