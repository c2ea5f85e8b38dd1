import { monotonicFactory } from "ulid";
import { describe, expect, it } from "vitest";
import type { AssessmentEntry } from "../../../functions/core/assessment.js";
import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Cycle } from "../../../functions/core/cycle.js";
import { cycleMeasures } from "../../../functions/core/measures.js";
import type { Changeset } from "../../../functions/core/ports.js";
import {
  candidateOf,
  defaultSettings,
  gapCandidates,
  restatedCarriedOver,
} from "../../../functions/core/priorities/candidates.js";
import { CHUNK_SIZE, INLINE_LIMIT } from "../../../functions/core/priorities/open.js";
import { DEFAULT_CRITERIA, Priority } from "../../../functions/core/priorities/schema.js";
import { isUnmetObligation } from "../../../functions/core/priorities/scoring.js";
import { openStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { aCycle, anEntry, aStage, coordinator, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

const TIP = { id: "TIP" as const, version: "2009.1" };
const BOTH = [TIP, { id: "SOM" as const, version: "2011.1" }];

/** Items one changeset puts in a DynamoDB transaction. */
const itemsOf = (c: Changeset) =>
  c.writes.length + (c.checks?.length ?? 0) + c.events.length + (c.idempotency ? 1 : 0);

const recordKinds = (c: Changeset | undefined) =>
  (c?.writes ?? []).flatMap((w) => (w.entity === "record" ? [w.item.kind] : []));

describe("candidates from the assessment's gaps", () => {
  const ref = newCycleRef();
  const cycle = aCycle(ref, { frameworks: BOTH });
  // Scenario 1 of the domain notes, plus a spread of answers across both catalogues.
  const entries = [
    anEntry(ref, "TIP.PROS.1.1", { status: "partial", severity: 3 }),
    anEntry(ref, "TIP.PROS.1.4", { status: "absent", severity: 2 }),
    anEntry(ref, "TIP.PROS.1.5", { status: "unknown", severity: 1 }),
    anEntry(ref, "TIP.PROS.1.2", { status: "in_place", severity: 0 }),
    anEntry(ref, "TIP.PROT.4.1", { status: "not_applicable", severity: 0 }),
    anEntry(ref, "TIP.PROT.4.2", { status: "partial", severity: 0 }),
    anEntry(ref, "SOM.PROS.1.1", { status: "absent", severity: 3 }),
    anEntry(ref, "SOM.PROS.2.2", { status: "partial", severity: 2 }),
  ];
  const answered = new Set(entries.map((e) => e.measureId));
  const candidates = gapCandidates(cycle, entries, FIXTURE_TIME);
  const byId = new Map(candidates.map((c) => [c.measureId, c]));

  it("makes a candidate of every absent, partial or unknown answer, with the answer's status and severity", () => {
    expect(byId.get("TIP.PROS.1.1")).toMatchObject({ gapStatus: "partial", severity: 3 });
    expect(byId.get("TIP.PROS.1.4")).toMatchObject({ gapStatus: "absent", severity: 2 });
    expect(byId.get("TIP.PROS.1.5")).toMatchObject({ gapStatus: "unknown", severity: 1 });
    expect(byId.get("TIP.PROT.4.2")).toMatchObject({ gapStatus: "partial", severity: 0 });
    expect(byId.get("SOM.PROS.2.2")).toMatchObject({ gapStatus: "partial", severity: 2, mandatory: false });
  });

  it("leaves out measures in place or not applicable", () => {
    expect(byId.has("TIP.PROS.1.2")).toBe(false);
    expect(byId.has("TIP.PROT.4.1")).toBe(false);
  });

  it("takes catalogue, pillar, objective and the mandatory flag from the pinned catalogues", () => {
    expect(byId.get("TIP.PROS.1.4")).toMatchObject({
      catalogue: "TIP",
      pillarId: "TIP.PROS",
      objectiveId: "TIP.PROS.1",
      mandatory: true,
      carriedOver: false,
      ratings: {},
      version: 1,
    });
    expect(byId.get("SOM.PROS.1.1")).toMatchObject({
      catalogue: "SOM",
      pillarId: "SOM.PROS",
      mandatory: true,
    });
  });

  it("keeps every mandatory measure nobody answered, as unknown and critical; drops the others unanswered", () => {
    const measures = cycleMeasures(cycle);
    const unansweredMandatory = [...measures]
      .filter(([id, info]) => info.measure.mandatory && !answered.has(id))
      .map(([id]) => id);
    expect(unansweredMandatory.length).toBeGreaterThan(50);
    for (const id of unansweredMandatory)
      expect(byId.get(id)).toMatchObject({ gapStatus: "unknown", severity: 3 });
    const unansweredOptional = [...measures].filter(
      ([id, info]) => !info.measure.mandatory && !answered.has(id),
    );
    for (const [id] of unansweredOptional) expect(byId.has(id)).toBe(false);
    expect(candidates).toHaveLength(6 + unansweredMandatory.length);
  });

  it("makes records the store accepts", () => {
    for (const c of candidates) expect(Priority.safeParse(c).success).toBe(true);
  });
});

describe("opening the priorities stage", () => {
  function setup() {
    const store = new MemoryStore();
    const ulid = monotonicFactory();
    let clock = Date.parse("2026-09-01T08:00:00.000Z");
    const deps: CoreDeps = {
      store,
      workflow: new RecordingWorkflow(),
      now: () => {
        clock += 1000;
        return new Date(clock);
      },
      newId: () => ulid(clock),
    };
    return { store, deps };
  }

  /** A cycle whose assessment was approved and closed, its priorities stage not yet opened. */
  async function approvedAssessment(
    store: MemoryStore,
    frameworks: Cycle["frameworks"],
    answer: (measureId: string, i: number) => Partial<AssessmentEntry>,
  ) {
    const ref = newCycleRef();
    const cycle = aCycle(ref, { frameworks, position: { kind: "stage", stage: "priorities" } });
    const entries = [...cycleMeasures(cycle).keys()].map((id, i) => anEntry(ref, id, answer(id, i)));
    await store.commit({
      writes: [
        { entity: "cycle", item: cycle, expectedVersion: null },
        { entity: "stage", item: aStage(ref, "assessment", { state: "approved" }), expectedVersion: null },
        { entity: "stage", item: aStage(ref, "priorities"), expectedVersion: null },
        { entity: "stage", item: aStage(ref, "action_plan"), expectedVersion: null },
        ...entries.map((item) => ({ entity: "entry" as const, item, expectedVersion: null })),
      ],
      events: [],
    });
    return { ...ref, stage: "priorities" as const, generation: 0 };
  }

  it("writes the candidates and the default criteria in the opening transaction when they fit", async () => {
    const { store, deps } = setup();
    const input = await approvedAssessment(store, [TIP], (_id, i) =>
      i < 10 ? { status: "absent", severity: 2 } : { status: "in_place", severity: 0 },
    );
    const before = store.commits.length;

    await openStage(deps, input);

    const opening = store.commits.slice(before);
    expect(opening).toHaveLength(1);
    const records = opening[0]?.writes.filter((w) => w.entity === "record") ?? [];
    // 10 gaps, every unanswered mandatory measure is answered here, plus the settings.
    expect(records).toHaveLength(11);
    const settings = await store.getRecord(input.country, input.cycleId, "prioritySettings", "settings");
    expect(settings?.criteria).toEqual(DEFAULT_CRITERIA);
    expect(opening[0]?.events[0]?.changes).toHaveLength(12);
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
  });

  it("writes more than 100 gaps in chunks before a small opening, never over 100 items a transaction", async () => {
    const { store, deps } = setup();
    const input = await approvedAssessment(store, BOTH, () => ({ status: "absent", severity: 3 }));
    const measures = cycleMeasures({ frameworks: BOTH }).size;
    expect(measures).toBeGreaterThan(100);
    expect(measures).toBeGreaterThan(INLINE_LIMIT);
    const before = store.commits.length;

    await openStage(deps, input);

    const commits = store.commits.slice(before);
    expect(commits).toHaveLength(Math.ceil(measures / CHUNK_SIZE) + 1);
    for (const c of commits) expect(itemsOf(c)).toBeLessThanOrEqual(100);
    const opening = commits.at(-1);
    // The opening itself holds the stage and the settings, none of the candidates.
    expect(recordKinds(opening)).toEqual(["prioritySettings"]);
    // Each chunk waits on the stage still being unopened, and carries its own audit event.
    for (const chunk of commits.slice(0, -1)) {
      expect(chunk.checks).toEqual([
        { country: input.country, cycleId: input.cycleId, stage: "priorities", states: ["not_started"] },
      ]);
      expect(chunk.events.map((e) => e.action)).toEqual(["priorities.generated"]);
    }
    const priorities = await store.listRecords(input.country, input.cycleId, "priority");
    expect(priorities).toHaveLength(measures);
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
  });

  it("opens in one transaction up to the inline limit and in chunks past it, each under 100 items", async () => {
    for (const [gaps, commits] of [
      [INLINE_LIMIT - 1, 1],
      [INLINE_LIMIT, 2],
    ] as const) {
      const { store, deps } = setup();
      const input = await approvedAssessment(store, BOTH, (_id, i) =>
        i < gaps ? { status: "partial", severity: 1 } : { status: "not_applicable", severity: 0 },
      );
      const before = store.commits.length;

      await openStage(deps, input);

      const made = store.commits.slice(before);
      expect(made, `${gaps} gaps`).toHaveLength(commits);
      for (const c of made) expect(itemsOf(c)).toBeLessThanOrEqual(100);
      expect(await store.listRecords(input.country, input.cycleId, "priority")).toHaveLength(gaps);
    }
  });

  it("survives a failed opening: the retry skips the candidates written, duplicates none and opens", async () => {
    const { store, deps } = setup();
    const input = await approvedAssessment(store, BOTH, () => ({ status: "partial", severity: 2 }));
    const commit = store.commit.bind(store);
    let failed = false;
    store.commit = async (changes) => {
      if (!failed && changes.writes.some((w) => w.entity === "stage")) {
        failed = true;
        throw new Error("the network dropped the opening");
      }
      return commit(changes);
    };

    await expect(openStage(deps, input)).rejects.toThrow("the network dropped the opening");
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("not_started");
    const written = await store.listRecords(input.country, input.cycleId, "priority");
    expect(written).toHaveLength(cycleMeasures({ frameworks: BOTH }).size);
    const before = store.commits.length;

    await openStage(deps, input);

    const retry = store.commits.slice(before);
    expect(retry).toHaveLength(1);
    expect(retry[0]?.writes.some((w) => w.entity === "stage")).toBe(true);
    expect(recordKinds(retry[0])).toEqual(["prioritySettings"]);
    expect(await store.listRecords(input.country, input.cycleId, "priority")).toEqual(written);
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
  });

  it("keeps what a racing run of the task wrote first, and writes only the rest", async () => {
    const { store, deps } = setup();
    const input = await approvedAssessment(store, BOTH, () => ({ status: "absent", severity: 1 }));
    const commit = store.commit.bind(store);
    let raced = false;
    store.commit = async (changes) => {
      if (!raced && changes.events[0]?.action === "priorities.generated") {
        raced = true;
        // The predecessor commits the first ten of this chunk between our read and our commit.
        await commit({ ...changes, writes: changes.writes.slice(0, 10), checks: [], events: [] });
      }
      return commit(changes);
    };

    await openStage(deps, input);

    expect(raced).toBe(true);
    const priorities = await store.listRecords(input.country, input.cycleId, "priority");
    expect(priorities).toHaveLength(cycleMeasures({ frameworks: BOTH }).size);
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
  });

  it("keeps the carried-over priorities a successor cycle brought, restated on the re-verified answers, and adds the gaps", async () => {
    const { store, deps } = setup();
    const input = await approvedAssessment(store, [TIP], (id) =>
      id === "TIP.PROS.1.1" || id === "TIP.PREV.1.1"
        ? { status: "absent", severity: 3 }
        : { status: "in_place", severity: 0 },
    );
    const cycle = (await store.getCycle(input.country, input.cycleId))?.cycle;
    if (!cycle) throw new Error("no cycle");
    const measures = cycleMeasures(cycle);
    const carried = ["TIP.PROS.1.1", "TIP.PROT.4.1"].map((id) => {
      const info = measures.get(id);
      if (!info) throw new Error(`no measure ${id}`);
      const previous = anEntry(input, id, { status: "partial", severity: 1 });
      return {
        ...candidateOf(cycle, id, info, previous, FIXTURE_TIME),
        carriedOver: true,
        ratings: { impact: 3 },
      };
    });
    const severityOnly = DEFAULT_CRITERIA.filter((c) => c.id === "severity");
    const settings = { ...defaultSettings(cycle, FIXTURE_TIME), criteria: severityOnly };
    await store.commit({
      writes: [...carried, settings].map((item) => ({
        entity: "record" as const,
        item,
        expectedVersion: null,
      })),
      events: [],
    });

    await openStage(deps, input);

    const priorities = await store.listRecords(input.country, input.cycleId, "priority");
    // Carried over as partial/1, re-verified since as absent/3 and in_place/0: scored on what the group found now.
    expect(priorities.map((p) => [p.id, p.carriedOver, p.gapStatus, p.severity])).toEqual([
      ["TIP.PREV.1.1", false, "absent", 3],
      ["TIP.PROS.1.1", true, "absent", 3],
      ["TIP.PROT.4.1", true, "in_place", 0],
    ]);
    expect(priorities.find((p) => p.id === "TIP.PROS.1.1")?.ratings).toEqual({ impact: 3 });
    const kept = await store.getRecord(input.country, input.cycleId, "prioritySettings", "settings");
    expect(kept?.criteria).toEqual(severityOnly);
  });
  it("restates more carried-over candidates than one transaction holds in chunks, each under 100 items", async () => {
    const { store, deps } = setup();
    // Every measure was carried over as partial/1 and re-verified as absent/2.
    const input = await approvedAssessment(store, BOTH, () => ({ status: "absent", severity: 2 }));
    const cycle = (await store.getCycle(input.country, input.cycleId))?.cycle;
    if (!cycle) throw new Error("no cycle");
    const previous = (id: string) => anEntry(input, id, { status: "partial", severity: 1 });
    const carried = [...cycleMeasures(cycle)].map(([id, info]) => ({
      ...candidateOf(cycle, id, info, previous(id), FIXTURE_TIME),
      carriedOver: true,
    }));
    await store.commit({
      writes: carried.map((item) => ({ entity: "record" as const, item, expectedVersion: null })),
      events: [],
    });
    const before = store.commits.length;

    await openStage(deps, input);

    const made = store.commits.slice(before);
    expect(made.length).toBeGreaterThan(1);
    for (const c of made) expect(itemsOf(c)).toBeLessThanOrEqual(100);
    const priorities = await store.listRecords(input.country, input.cycleId, "priority");
    expect(priorities).toHaveLength(carried.length);
    expect(priorities.every((p) => p.carriedOver && p.gapStatus === "absent" && p.severity === 2)).toBe(true);
    expect((await store.getStage(input.country, input.cycleId, "priorities"))?.state).toBe("draft");
  });
});

describe("carried-over candidates restated on the re-verified assessment", () => {
  const ref = newCycleRef();
  const cycle = aCycle(ref, { frameworks: [TIP] });
  const measures = cycleMeasures(cycle);
  const carried = (id: string, extra: Partial<Priority> = {}): Priority => {
    const info = measures.get(id);
    if (!info) throw new Error(`no measure ${id}`);
    const was = anEntry(ref, id, { status: "absent", severity: 3 });
    return { ...candidateOf(cycle, id, info, was, FIXTURE_TIME), carriedOver: true, ...extra };
  };

  it("takes the current answer's status and severity, so a closed gap no longer counts as an unmet obligation", () => {
    const [restated] = restatedCarriedOver(
      [carried("TIP.PROS.1.1")],
      [anEntry(ref, "TIP.PROS.1.1", { status: "in_place", severity: 0 })],
      "2027-01-01T00:00:00.000Z",
    );
    expect(restated).toMatchObject({ gapStatus: "in_place", severity: 0, carriedOver: true, version: 2 });
    expect(restated && isUnmetObligation(restated)).toBe(false);
  });

  it("leaves alone what did not change, what was not carried over and what was already decided", () => {
    const decision = { outcome: "deferred" as const, reason: "Later", by: coordinator, at: FIXTURE_TIME };
    const entries = ["TIP.PROS.1.1", "TIP.PROS.1.4", "TIP.PROS.1.5"].map((id) =>
      anEntry(ref, id, { status: "partial", severity: 1 }),
    );
    const unchanged = carried("TIP.PROS.1.1", { gapStatus: "partial", severity: 1 });
    const generated = carried("TIP.PROS.1.4", { carriedOver: false });
    const decided = carried("TIP.PROS.1.5", { decision });

    expect(restatedCarriedOver([unchanged, generated, decided], entries, FIXTURE_TIME)).toEqual([]);
  });
});
