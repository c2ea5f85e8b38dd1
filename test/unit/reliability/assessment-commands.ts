import fc from "fast-check";
import { monotonicFactory } from "ulid";
import { allMeasures, getCatalogue } from "../../../frameworks/index.js";
import { EntryAnswer } from "../../../functions/core/assessment.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { DomainError } from "../../../functions/core/errors.js";
import type { CycleRef, Store } from "../../../functions/core/ports.js";
import { Principal } from "../../../functions/core/principal.js";
import { bulkUpsertEntries, upsertEntry } from "../../../functions/core/use-cases/assessment.js";
import { createCycle } from "../../../functions/core/use-cases/cycles.js";
import { registerStageWait } from "../../../functions/core/use-cases/delivery.js";
import { decideStage, submitStage } from "../../../functions/core/use-cases/stages.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// Random command sequences over one cycle's assessment stage, as people and the workflow would send them: answers
// one by one and in bulk (with current, stale or missing versions, by roles that may and may not), submissions,
// decisions by the ministries of the policy and by one outside it, and the workflow registering its waits. Many of
// them are refused by a rule; a refused command must change nothing.

const som = getCatalogue("SOM");
if (!som) throw new Error("the SOM catalogue is not bundled");
const MEASURES = allMeasures(som).map((m) => m.measure.id);
/** Commands aim at the first few measures, so that they meet on the same entries. */
const HOT = MEASURES.slice(0, 5);

const PEOPLE = {
  coordinator: { sub: "coord-ken", role: "coordinator", country: "KEN" },
  police: { sub: "member-police", role: "member", country: "KEN", agency: "national-police" },
  labour: { sub: "member-labour", role: "member", country: "KEN", agency: "ministry-of-labour" },
  justice: { sub: "appr-justice", role: "approver", country: "KEN", ministry: "ministry-of-justice" },
  interior: { sub: "appr-interior", role: "approver", country: "KEN", ministry: "ministry-of-interior" },
  health: { sub: "appr-health", role: "approver", country: "KEN", ministry: "ministry-of-health" },
  donor: { sub: "donor-giz", role: "donor", organisation: "giz" },
} as const;
type Who = keyof typeof PEOPLE;
const as = (who: Who) => Principal.parse(PEOPLE[who]);

type Version = "current" | "stale" | "omit";

export type Command =
  | { kind: "upsert"; who: Who; measure: number; answer: EntryAnswer; version: Version }
  | { kind: "bulk"; who: Who; measures: number[]; answer: EntryAnswer; unknownMeasure: boolean }
  | { kind: "fill" }
  | { kind: "submit"; who: Who }
  | { kind: "decide"; who: Who; decision: "approve" | "return" }
  | { kind: "wait"; wait: "submission" | "decision" };

const answer = fc
  .oneof(
    fc.constantFrom("in_place", "not_applicable").map((status) => ({ status, severity: 0 })),
    fc.record({ status: fc.constant("absent"), severity: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ status: fc.constantFrom("partial", "unknown"), severity: fc.integer({ min: 0, max: 3 }) }),
  )
  .chain((a) => fc.record({ evidence: fc.string({ maxLength: 12 }) }).map((e) => ({ ...a, ...e })))
  .map((a) => EntryAnswer.parse(a));
const editor = fc.constantFrom<Who>("coordinator", "coordinator", "police", "labour", "justice", "donor");

export const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("upsert" as const),
      who: editor,
      measure: fc.nat(HOT.length - 1),
      answer,
      version: fc.constantFrom<Version>("current", "current", "stale", "omit"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("bulk" as const),
      who: editor,
      measures: fc.uniqueArray(fc.nat(HOT.length - 1), { minLength: 1, maxLength: HOT.length }),
      answer,
      unknownMeasure: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "fill" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      who: fc.constantFrom<Who>("coordinator", "coordinator", "police"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("decide" as const),
      who: fc.constantFrom<Who>("justice", "interior", "health", "coordinator"),
      decision: fc.constantFrom("approve" as const, "approve" as const, "return" as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      wait: fc.constantFrom("submission" as const, "decision" as const),
    }),
  },
);

export const rule = fc.constantFrom({ type: "all" as const }, { type: "quorum" as const, n: 1 });

export type World = { deps: CoreDeps; ref: CycleRef; workflow: RecordingWorkflow; tokens: number };

export async function newWorld(store: Store, policyRule: { type: "all" } | { type: "quorum"; n: number }) {
  const workflow = new RecordingWorkflow();
  const deps: CoreDeps = { store, workflow, now: () => new Date(), newId: monotonicFactory() };
  const cycle = await createCycle(deps, as("coordinator"), {
    title: "Property test cycle",
    frameworks: [{ id: "SOM" }],
    planPeriod: { start: "2027-01-01", end: "2029-12-31" },
    reportingCadence: "quarterly",
    approvalPolicies: {
      assessment: { ministries: ["ministry-of-justice", "ministry-of-interior"], rule: policyRule },
    },
    deadlines: { submissionDays: 90, decisionDays: 30 },
  });
  const world: World = { deps, ref: { country: "KEN", cycleId: cycle.id }, workflow, tokens: 0 };
  return world;
}

/** Runs one command; answers "ok" or the name of the domain error that refused it (anything else is a bug). */
export async function run(world: World, cmd: Command): Promise<string> {
  const { deps, ref } = world;
  const { country, cycleId } = ref;
  try {
    switch (cmd.kind) {
      case "upsert": {
        const measureId = HOT[cmd.measure] ?? "";
        const current = (await deps.store.getEntry(country, cycleId, measureId))?.version;
        const expectedVersion =
          cmd.version === "omit" ? undefined : cmd.version === "current" ? current : (current ?? 0) + 7;
        await upsertEntry(deps, as(cmd.who), country, cycleId, measureId, {
          answer: cmd.answer,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        });
        break;
      }
      case "bulk": {
        const current = new Map(
          (await deps.store.listEntries(country, cycleId)).map((e) => [e.measureId, e]),
        );
        const entries = cmd.measures.map((i) => {
          const measureId = HOT[i] ?? "";
          const version = current.get(measureId)?.version;
          return {
            measureId,
            answer: cmd.answer,
            ...(version === undefined ? {} : { expectedVersion: version }),
          };
        });
        if (cmd.unknownMeasure) entries.push({ measureId: "TIP.PROS.1.1", answer: cmd.answer });
        await bulkUpsertEntries(deps, as(cmd.who), country, cycleId, { entries });
        break;
      }
      case "fill": {
        const answered = new Set((await deps.store.listEntries(country, cycleId)).map((e) => e.measureId));
        const open = MEASURES.filter((m) => !answered.has(m));
        for (let i = 0; i < open.length; i += 50) {
          const entries = open.slice(i, i + 50).map((measureId) => ({
            measureId,
            answer: EntryAnswer.parse({ status: "unknown", severity: 1 }),
          }));
          await bulkUpsertEntries(deps, as("coordinator"), country, cycleId, { entries });
        }
        break;
      }
      case "submit":
        await submitStage(deps, as(cmd.who), country, cycleId, "assessment", {});
        break;
      case "decide":
        await decideStage(deps, as(cmd.who), country, cycleId, "assessment", {
          decision: cmd.decision,
          ...(cmd.decision === "return" ? { reason: "The evidence for two measures is missing" } : {}),
        });
        break;
      case "wait":
        world.tokens++;
        await registerStageWait(deps, { ...ref, stage: "assessment" }, cmd.wait, `token-${world.tokens}`);
        break;
    }
    return "ok";
  } catch (error) {
    if (error instanceof DomainError) return error.name;
    throw error;
  }
}
