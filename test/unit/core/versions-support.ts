import { monotonicFactory } from "ulid";
import type { Activity, Indicator, PlanObjective } from "../../../functions/core/action-plan/schema.js";
import type { Decision } from "../../../functions/core/approval.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Cycle } from "../../../functions/core/cycle.js";
import type { Write } from "../../../functions/core/ports.js";
import type { Stage } from "../../../functions/core/stage.js";
import type { StageName } from "../../../workflows/schemas.js";
import { aCycle, anEntry, aStage, type CycleRef, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// A cycle whose assessment the ministries have just approved (round 2, after a return in round 1), in memory, with
// a clock that moves a second per reading: the starting point of the freezing and amendment tests.

export const APPROVED_AT = "2026-05-04T10:00:00.000Z";

const person = (ministry: string) =>
  ({
    type: "user",
    sub: `auth0|${ministry}`,
    name: `Signatory of ${ministry}`,
    role: "approver",
    ministry,
  }) as const;

export const DECISIONS: Decision[] = [
  {
    round: 1,
    ministry: "ministry-of-justice",
    decision: "return",
    reason: "Evidence missing for two measures",
    by: person("ministry-of-justice"),
    at: "2026-04-01T10:00:00.000Z",
  },
  {
    round: 2,
    ministry: "ministry-of-justice",
    decision: "approve",
    by: person("ministry-of-justice"),
    at: "2026-05-04T09:00:00.000Z",
  },
  {
    round: 2,
    ministry: "ministry-of-interior",
    decision: "approve",
    by: person("ministry-of-interior"),
    at: APPROVED_AT,
  },
];

export const MEASURES = ["TIP.PROS.1.1", "TIP.PROS.1.4", "TIP.PROT.1.1"];

export type World = { deps: CoreDeps; store: MemoryStore; workflow: RecordingWorkflow; ref: CycleRef };

export function newWorld(): World {
  const store = new MemoryStore();
  const workflow = new RecordingWorkflow();
  const ulid = monotonicFactory();
  let clock = Date.parse(APPROVED_AT) + 60_000;
  const deps: CoreDeps = {
    store,
    workflow,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
    newId: () => ulid(clock),
  };
  return { deps, store, workflow, ref: newCycleRef() };
}

/** Stores the cycle (at the assessment), its stages (the assessment as `assessment`) and three answers. */
export async function seedApprovedAssessment(
  world: World,
  assessment: Partial<Stage> = {},
  cycle: Partial<Cycle> = {},
): Promise<{ cycle: Cycle; stage: Stage }> {
  const { ref, store } = world;
  const stored = aCycle(ref, cycle);
  const stage = aStage(ref, "assessment", {
    state: "approved",
    round: 2,
    decisions: DECISIONS,
    submittedAt: "2026-05-01T08:00:00.000Z",
    approvedAt: APPROVED_AT,
    ...assessment,
  });
  const later = (["priorities", "action_plan"] as StageName[]).map((name) => aStage(ref, name));
  const writes: Write[] = [
    { entity: "cycle", item: stored, expectedVersion: null },
    ...[stage, ...later].map((item) => ({ entity: "stage" as const, item, expectedVersion: null })),
    ...MEASURES.map((measureId, i) => ({
      entity: "entry" as const,
      item: anEntry(ref, measureId, { severity: i, answeredAt: FIXTURE_TIME }),
      expectedVersion: null,
    })),
  ];
  await store.commit({ writes, events: [] });
  return { cycle: stored, stage };
}

/** 20 objectives, 200 activities and 400 indicators with long, varied text (a seeded random vocabulary). */
export function bigPlan(ref: { country: string; cycleId: string }): Write[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const vocabulary = Array.from({ length: 3000 }, (_, i) =>
    Math.floor(random() * 1e9)
      .toString(36)
      .slice(0, 3 + (i % 8)),
  );
  const text = (words: number) =>
    Array.from({ length: words }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(" ");
  const base = { country: ref.country, cycleId: ref.cycleId, updatedAt: APPROVED_AT, version: 3 };
  const records: (PlanObjective | Activity | Indicator)[] = [];
  for (let o = 0; o < 20; o++) {
    records.push({
      ...base,
      kind: "objective",
      id: `obj-${o}`,
      title: text(12),
      description: text(80),
      pillar: "PROS",
      priorityIds: ["TIP.PROS.1.1"],
    });
  }
  for (let a = 0; a < 200; a++) {
    records.push({
      ...base,
      kind: "activity",
      id: `act-${a}`,
      objectiveId: `obj-${a % 20}`,
      title: text(14),
      description: text(90),
      leadAgency: "national-police-service",
      partnerAgencies: ["ministry-of-justice", "iom-kenya", "office-of-the-director-of-public-prosecutions"],
      start: "2026-07-01",
      end: "2028-12-31",
      budget: {
        amount: 125_000 + a,
        currency: "USD",
        source: "donor",
        donorName: "Deutsche Gesellschaft",
        funded: true,
      },
      measureIds: ["TIP.PROS.1.1", "TIP.PROT.2.3", "SOM.PROS.1.2"],
      priorityIds: ["TIP.PROS.1.1"],
      dependsOn: a > 0 ? [`act-${a - 1}`] : [],
    });
    for (let i = 0; i < 2; i++) {
      records.push({
        ...base,
        kind: "indicator",
        id: `ind-${a}-${i}`,
        attachedTo: { kind: "activity", id: `act-${a}` },
        name: text(12),
        type: "output",
        unit: "persons",
        isCount: true,
        baseline: { value: 12, year: 2025 },
        targets: [2026, 2027, 2028].map((year, k) => ({ year, value: 20 + k * 10 })),
        disaggregation: ["sex", "age", "exploitation"],
        meansOfVerification: text(25),
      });
    }
  }
  return records.map((item) => ({ entity: "record", item, expectedVersion: null }));
}
