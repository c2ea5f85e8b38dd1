import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../functions/core/audit.js";
import { DEFAULT_CRITERIA } from "../../../functions/core/priorities/schema.js";
import { closeStage, openStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { createCycle, createHarness, type Harness, type PersonaName, tipMeasureIds } from "./harness.js";

type Candidate = {
  measureId: string;
  score: number;
  rank: number;
  mandatory: boolean;
  flags: Record<string, boolean>;
  unrated: string[];
  ratings: Record<string, number>;
  decision: { outcome: string; reason: string; by: { sub: string }; at: string } | null;
  version: number;
};

// Scenario 1 of the domain notes (a criminal code covering sexual exploitation only) and two prevention gaps;
// everything else is in place. TIP.PROS.1.1 and 1.4 are treaty obligations, the PREV measures are not.
const GAPS: Record<string, { status: string; severity: number }> = {
  "TIP.PROS.1.1": { status: "partial", severity: 3 },
  "TIP.PROS.1.4": { status: "absent", severity: 2 },
  "TIP.PREV.1.1": { status: "absent", severity: 3 },
  "TIP.PREV.2.1": { status: "unknown", severity: 1 },
};

async function ok(res: Promise<{ status: number; text: string }>, status = 200) {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
}

/** A cycle whose assessment was answered, approved by both ministries and closed, with priorities open. */
async function prioritiesOpen(h: Harness): Promise<string> {
  const cycleId = await createCycle(h);
  const ids = tipMeasureIds();
  for (let i = 0; i < ids.length; i += 50) {
    const entries = ids
      .slice(i, i + 50)
      .map((measureId) => ({ measureId, answer: GAPS[measureId] ?? { status: "in_place", severity: 0 } }));
    await ok(h.call("POST", `/cycles/${cycleId}/assessment/bulk`, { as: "coordinator", body: { entries } }));
  }
  const stage = `/cycles/${cycleId}/stages/assessment`;
  await ok(h.call("POST", `${stage}/submit`, { as: "coordinator", body: {} }));
  await ok(h.call("POST", `${stage}/decisions`, { as: "justice", body: { decision: "approve" } }));
  await ok(h.call("POST", `${stage}/decisions`, { as: "interior", body: { decision: "approve" } }));
  await closeStage(h.deps, { country: "KEN", cycleId, stage: "assessment" });
  await openStage(h.deps, { country: "KEN", cycleId, stage: "priorities", generation: 0 });
  return cycleId;
}

async function trail(h: Harness, cycleId: string): Promise<AuditEvent[]> {
  return (await h.store.listAudit("KEN", cycleId, { limit: 1000 })).items;
}

describe("priorities", () => {
  describe("reading the ranked list", () => {
    let h: Harness;
    let cycleId: string;
    beforeAll(async () => {
      h = await createHarness();
      cycleId = await prioritiesOpen(h);
      return () => h.cleanup();
    });

    it("ranks the candidates from the gaps: unmet obligations first, then by score", async () => {
      const res = await h.call("GET", `/cycles/${cycleId}/priorities`, { as: "coordinator" });
      expect(res.status).toBe(200);
      const items = res.body.items as Candidate[];
      expect(items.map((c) => [c.rank, c.measureId, c.flags.mandatory, c.score])).toEqual([
        // Severity only (the ratings are still unrated, counted 0): 3/10 × severity/3 × 100.
        [1, "TIP.PROS.1.1", true, 30],
        [2, "TIP.PROS.1.4", true, 20],
        [3, "TIP.PREV.1.1", false, 30],
        [4, "TIP.PREV.2.1", false, 10],
      ]);
      expect(items[0]).toMatchObject({
        mandatory: true,
        flags: { incompleteRatings: true, carriedOver: false, addedByHand: false },
        unrated: ["impact", "feasibility", "urgency"],
        decision: null,
        version: 1,
      });
      expect(res.body.criteria).toEqual({ criteria: DEFAULT_CRITERIA, version: 1 });
      expect(res.body.summary).toEqual({
        candidates: 4,
        accepted: 0,
        deferred: 0,
        rejected: 0,
        undecided: 4,
        unmetObligations: 2,
      });
      expect(res.body.stage).toMatchObject({ stage: "priorities", state: "draft" });
    });

    it("filters by decision, pillar and mandatory without renumbering the ranks", async () => {
      const list = async (query: string) => {
        const res = await h.call("GET", `/cycles/${cycleId}/priorities?${query}`, { as: "coordinator" });
        expect(res.status).toBe(200);
        return (res.body.items as Candidate[]).map((c) => `${c.rank}:${c.measureId}`);
      };
      expect(await list("pillar=PREV")).toEqual(["3:TIP.PREV.1.1", "4:TIP.PREV.2.1"]);
      expect(await list("pillar=TIP.PROS")).toEqual(["1:TIP.PROS.1.1", "2:TIP.PROS.1.4"]);
      expect(await list("mandatory=false")).toEqual(["3:TIP.PREV.1.1", "4:TIP.PREV.2.1"]);
      expect(await list("decision=undecided&mandatory=true")).toEqual(["1:TIP.PROS.1.1", "2:TIP.PROS.1.4"]);
      expect(await list("decision=accepted")).toEqual([]);
    });

    it("answers 400 naming the query field for an unknown decision", async () => {
      const res = await h.call("GET", `/cycles/${cycleId}/priorities?decision=maybe`, { as: "coordinator" });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^query\.decision: /);
    });

    it("lets members and approvers read, and one candidate be read alone", async () => {
      for (const who of ["police", "justice"] as const) {
        const res = await h.call("GET", `/cycles/${cycleId}/priorities`, { as: who });
        expect(res.status).toBe(200);
      }
      const one = await h.call("GET", `/cycles/${cycleId}/priorities/TIP.PROS.1.4`, { as: "police" });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        measureId: "TIP.PROS.1.4",
        rank: 2,
        gapStatus: "absent",
        severity: 2,
      });
      const none = await h.call("GET", `/cycles/${cycleId}/priorities/TIP.PROS.1.2`, { as: "police" });
      expect(none.status).toBe(404);
    });

    it("answers 404 to another country's coordinator and to a donor the cycle is not shared with", async () => {
      for (const who of ["mexico", "donor"] as const) {
        const res = await h.call("GET", `/cycles/${cycleId}/priorities`, { as: who });
        expect(res.status).toBe(404);
      }
    });

    it("answers 403 to a donor the cycle is shared with: priorities in progress are a draft", async () => {
      await h.store.commit({
        writes: [
          {
            entity: "record",
            item: {
              kind: "share",
              id: "giz",
              country: "KEN",
              cycleId,
              organisation: "giz",
              sharedBy: { type: "user", sub: "coordinator", role: "coordinator" },
              sharedAt: "2026-03-02T09:00:00.000Z",
              updatedAt: "2026-03-02T09:00:00.000Z",
              version: 1,
            },
            expectedVersion: null,
          },
        ],
        events: [],
      });
      const res = await h.call("GET", `/cycles/${cycleId}/priorities`, { as: "donor" });
      expect(res.status).toBe(403);
      const write = await h.call("POST", `/cycles/${cycleId}/priorities/TIP.PROS.1.1/decision`, {
        as: "donor",
        body: { outcome: "accepted", reason: "a donor cannot decide" },
      });
      expect(write.status).toBe(403);
    });
  });

  describe("editing", () => {
    let h: Harness;
    let cycleId: string;
    const path = (rest = "") => `/cycles/${cycleId}/priorities${rest}`;
    beforeAll(async () => {
      h = await createHarness();
      cycleId = await prioritiesOpen(h);
      return () => h.cleanup();
    });

    it("answers 403 to every write by a member or an approver", async () => {
      const writes = [
        ["PUT", path("/criteria"), { criteria: DEFAULT_CRITERIA, expectedVersion: 1 }],
        ["PUT", path("/TIP.PROS.1.1/ratings"), { ratings: { impact: 3 }, expectedVersion: 1 }],
        ["POST", path("/TIP.PROS.1.1/decision"), { outcome: "accepted", reason: "most urgent gap" }],
        ["POST", path(), { measureId: "TIP.PROS.1.2" }],
      ] as const;
      for (const who of ["police", "justice"] satisfies PersonaName[]) {
        for (const [method, url, body] of writes) {
          const res = await h.call(method, url, { as: who, body });
          expect(res.status, `${who} ${method} ${url}`).toBe(403);
        }
      }
    });

    it("rates a candidate 1-3, re-scores it and records who did it in the trail", async () => {
      const res = await h.call("PUT", path("/TIP.PREV.2.1/ratings"), {
        as: "coordinator",
        body: { ratings: { impact: 3, feasibility: 3, urgency: 3 }, expectedVersion: 1 },
      });
      expect(res.status).toBe(200);
      // (3 × 1/3 + 3 + 2 + 2) / 10
      expect(res.body).toMatchObject({ score: 80, rank: 3, unrated: [], version: 2 });
      expect(res.body.flags).toMatchObject({ incompleteRatings: false });
      const last = (await trail(h, cycleId)).at(-1);
      expect(last).toMatchObject({ action: "priority.rated", actor: { role: "coordinator" } });
      expect(last?.changes[0]).toMatchObject({ before: { version: 1 }, after: { version: 2 } });
    });

    it("answers 400 naming an unknown criterion, one that is not rated by hand, and a rating out of range", async () => {
      const rate = (ratings: Record<string, number>) =>
        h.call("PUT", path("/TIP.PREV.1.1/ratings"), {
          as: "coordinator",
          body: { ratings, expectedVersion: 1 },
        });
      const unknown = await rate({ impact: 2, cost: 2 });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toMatch(/^ratings\.cost: is not a rating criterion of this cycle/);
      const severity = await rate({ severity: 2 });
      expect(severity.status).toBe(400);
      expect(severity.body.message).toMatch(/^ratings\.severity: /);
      const big = await rate({ impact: 4 });
      expect(big.status).toBe(400);
      expect(big.body.message).toBe("body.ratings.impact: must be from 1 to 3");
      const noVersion = await h.call("PUT", path("/TIP.PREV.1.1/ratings"), {
        as: "coordinator",
        body: { ratings: { impact: 2 } },
      });
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.message).toMatch(/^body\.expectedVersion: /);
    });

    it("answers 409 with the current version to a stale rating", async () => {
      const res = await h.call("PUT", path("/TIP.PREV.2.1/ratings"), {
        as: "coordinator",
        body: { ratings: { impact: 1 }, expectedVersion: 1 },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("version_conflict");
      expect(res.body.details).toMatchObject({ currentVersion: 2, current: { measureId: "TIP.PREV.2.1" } });
    });

    it("re-ranks when the coordinator changes the weights, and refuses zero weights or a duplicate id", async () => {
      const feasibilityOnly = DEFAULT_CRITERIA.map((c) => ({ ...c, weight: c.id === "feasibility" ? 5 : 0 }));
      const res = await h.call("PUT", path("/criteria"), {
        as: "coordinator",
        body: { criteria: feasibilityOnly, expectedVersion: 1 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ criteria: feasibilityOnly, version: 2 });
      const list = await h.call("GET", path(), { as: "coordinator" });
      const items = list.body.items as Candidate[];
      // TIP.PREV.2.1, rated feasible, now leads the non-obligations; severity no longer counts.
      expect(items.map((c) => `${c.rank}:${c.measureId}:${c.score}`)).toEqual([
        "1:TIP.PROS.1.1:0",
        "2:TIP.PROS.1.4:0",
        "3:TIP.PREV.2.1:100",
        "4:TIP.PREV.1.1:0",
      ]);

      const zero = await h.call("PUT", path("/criteria"), {
        as: "coordinator",
        body: { criteria: DEFAULT_CRITERIA.map((c) => ({ ...c, weight: 0 })), expectedVersion: 2 },
      });
      expect(zero.status).toBe(400);
      expect(zero.body.message).toBe("body.criteria: at least one criterion needs a weight above 0");
      const twice = await h.call("PUT", path("/criteria"), {
        as: "coordinator",
        body: { criteria: [...DEFAULT_CRITERIA, DEFAULT_CRITERIA[1]], expectedVersion: 2 },
      });
      expect(twice.status).toBe(400);
      expect(twice.body.message).toBe("body.criteria[4].id: impact appears twice");
      const stale = await h.call("PUT", path("/criteria"), {
        as: "coordinator",
        body: { criteria: DEFAULT_CRITERIA, expectedVersion: 1 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.details).toMatchObject({ currentVersion: 2 });
      const last = (await trail(h, cycleId)).at(-1);
      expect(last?.action).toBe("priorities.criteria_updated");
    });

    it("answers 400 naming `reason` to a decision without one, or with one under 5 characters", async () => {
      for (const body of [{ outcome: "accepted" }, { outcome: "accepted", reason: " ok " }]) {
        const res = await h.call("POST", path("/TIP.PROS.1.1/decision"), { as: "coordinator", body });
        expect(res.status).toBe(400);
        expect(res.body.message).toBe(
          "body.reason: a reason (5 characters or more) is required for every decision",
        );
      }
    });

    it("records a decision with who and when, replays it for the same Idempotency-Key", async () => {
      const call = () =>
        h.call("POST", path("/TIP.PROS.1.1/decision"), {
          as: "coordinator",
          body: { outcome: "accepted", reason: "the penal code must cover every form of exploitation" },
          headers: { "Idempotency-Key": "decide-pros-1-1" },
        });
      const first = await call();
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        measureId: "TIP.PROS.1.1",
        version: 2,
        decision: {
          outcome: "accepted",
          reason: "the penal code must cover every form of exploitation",
          by: { type: "user", role: "coordinator", name: "Amina Otieno" },
          at: expect.any(String),
        },
      });
      const events = (await trail(h, cycleId)).length;
      const again = await call();
      expect(again.status).toBe(200);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      expect(await trail(h, cycleId)).toHaveLength(events);
      expect((await trail(h, cycleId)).at(-1)?.action).toBe("priority.decided");
    });

    it("changes a decision only with the version it was read at", async () => {
      const change = (expectedVersion?: number) =>
        h.call("POST", path("/TIP.PROS.1.1/decision"), {
          as: "coordinator",
          body: { outcome: "deferred", reason: "the reform waits for the new parliament", expectedVersion },
        });
      const blind = await change();
      expect(blind.status).toBe(409);
      expect(blind.body.message).toMatch(/^expectedVersion: /);
      expect(blind.body.details).toMatchObject({
        currentVersion: 2,
        current: { decision: { outcome: "accepted" } },
      });
      const stale = await change(1);
      expect(stale.status).toBe(409);
      const changed = await change(2);
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ version: 3, decision: { outcome: "deferred" } });
    });

    it("adds a candidate by hand for a measure of the cycle that is not a gap, once", async () => {
      const added = await h.call("POST", path(), {
        as: "coordinator",
        body: { measureId: "TIP.PROS.1.2" },
        headers: { "Idempotency-Key": "add-pros-1-2" },
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        measureId: "TIP.PROS.1.2",
        gapStatus: "in_place",
        severity: 0,
        mandatory: true,
        flags: { addedByHand: true, mandatory: false },
        decision: null,
        version: 1,
      });
      const replay = await h.call("POST", path(), {
        as: "coordinator",
        body: { measureId: "TIP.PROS.1.2" },
        headers: { "Idempotency-Key": "add-pros-1-2" },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
      const twice = await h.call("POST", path(), { as: "coordinator", body: { measureId: "TIP.PROS.1.2" } });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe("already_a_candidate");
      const foreign = await h.call("POST", path(), {
        as: "coordinator",
        body: { measureId: "SOM.PROS.1.1" },
      });
      expect(foreign.status).toBe(404);
      expect(foreign.body.message).toMatch(/^measureId: SOM\.PROS\.1\.1 is not a measure of this cycle/);
      const bad = await h.call("POST", path(), { as: "coordinator", body: { measureId: "PROS-1" } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^body\.measureId: /);
      expect((await trail(h, cycleId)).filter((e) => e.action === "priority.added")).toHaveLength(1);
    });

    it("answers 409 stage_locked when the stage is submitted between the read and the write", async () => {
      const commit = h.store.commit.bind(h.store);
      h.store.commit = async (changes) => {
        h.store.commit = commit;
        const stage = await h.store.getStage("KEN", cycleId, "priorities");
        if (!stage) throw new Error("no stage");
        await commit({
          writes: [
            {
              entity: "stage",
              item: { ...stage, state: "submitted", version: stage.version + 1 },
              expectedVersion: stage.version,
            },
          ],
          events: [],
        });
        await commit(changes);
      };
      const res = await h.call("POST", path("/TIP.PREV.1.1/decision"), {
        as: "coordinator",
        body: { outcome: "accepted", reason: "raise awareness first" },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("stage_locked");
      const candidate = await h.store.getRecord("KEN", cycleId, "priority", "TIP.PREV.1.1");
      expect(candidate?.decision).toBeUndefined();
    });
  });

  describe("submitting", () => {
    let h: Harness;
    let cycleId: string;
    const decide = (measureId: string, outcome: string, reason: string, expectedVersion?: number) =>
      h.call("POST", `/cycles/${cycleId}/priorities/${measureId}/decision`, {
        as: "coordinator",
        body: { outcome, reason, expectedVersion },
      });
    const submit = () =>
      h.call("POST", `/cycles/${cycleId}/stages/priorities/submit`, { as: "coordinator", body: {} });
    beforeAll(async () => {
      h = await createHarness();
      cycleId = await prioritiesOpen(h);
      return () => h.cleanup();
    });

    it("answers 422 priorities_incomplete listing every undecided candidate and the missing acceptance", async () => {
      await ok(decide("TIP.PREV.2.1", "deferred", "next cycle"));
      const res = await submit();
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("priorities_incomplete");
      const { failures } = res.body.details as { failures: { measureId?: string; rule: string }[] };
      expect(failures.map((f) => [f.rule, f.measureId])).toEqual([
        ["undecided", "TIP.PREV.1.1"],
        ["undecided", "TIP.PROS.1.1"],
        ["undecided", "TIP.PROS.1.4"],
        ["none_accepted", undefined],
      ]);
    });

    it("answers 422 flagging a rejected treaty obligation whose reason is too short", async () => {
      await ok(decide("TIP.PROS.1.1", "accepted", "the most urgent gap"));
      await ok(decide("TIP.PREV.1.1", "accepted", "prevention research"));
      const rejected = await h.call("POST", `/cycles/${cycleId}/priorities/TIP.PROS.1.4/decision`, {
        as: "coordinator",
        body: { outcome: "rejected", reason: "not needed" },
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body.flags).toMatchObject({ mandatory: true, justificationNeeded: true });
      const res = await submit();
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual({
        failures: [
          {
            measureId: "TIP.PROS.1.4",
            rule: "obligation_rejection_unjustified",
            mandatory: true,
            message: expect.stringContaining("at least 20 characters"),
          },
        ],
      });
    });

    it("submits once every candidate is decided and the rejection is justified", async () => {
      await ok(
        decide(
          "TIP.PROS.1.4",
          "rejected",
          "courts already convict without proof of means since the 2024 ruling",
          2,
        ),
      );
      const res = await submit();
      expect(res.status).toBe(200);
      expect(res.body.stage).toMatchObject({ stage: "priorities", state: "submitted" });
    });

    it("answers 422 stage_locked to every write once submitted, and still reads", async () => {
      const writes = [
        h.call("PUT", `/cycles/${cycleId}/priorities/criteria`, {
          as: "coordinator",
          body: { criteria: DEFAULT_CRITERIA, expectedVersion: 1 },
        }),
        h.call("PUT", `/cycles/${cycleId}/priorities/TIP.PROS.1.1/ratings`, {
          as: "coordinator",
          body: { ratings: { impact: 3 }, expectedVersion: 2 },
        }),
        decide("TIP.PROS.1.1", "deferred", "changed our minds", 2),
        h.call("POST", `/cycles/${cycleId}/priorities`, {
          as: "coordinator",
          body: { measureId: "TIP.PROS.1.2" },
        }),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: "stage_locked", details: { state: "submitted" } });
      }
      const read = await h.call("GET", `/cycles/${cycleId}/priorities`, { as: "justice" });
      expect(read.status).toBe(200);
      expect(read.body.summary).toMatchObject({ accepted: 2, deferred: 1, rejected: 1, undecided: 0 });
    });
  });

  describe("the API document", () => {
    it("describes every priorities route with its request and answer schemas", async () => {
      const h = await createHarness();
      const doc = (await h.call("GET", "/openapi.json")).body as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      await h.cleanup();
      const routes = Object.entries(doc.paths)
        .filter(([p]) => p.includes("/priorities"))
        .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
        .sort();
      expect(routes).toEqual([
        "get /cycles/{cycleId}/priorities",
        "get /cycles/{cycleId}/priorities/{measureId}",
        "post /cycles/{cycleId}/priorities",
        "post /cycles/{cycleId}/priorities/{measureId}/decision",
        "put /cycles/{cycleId}/priorities/criteria",
        "put /cycles/{cycleId}/priorities/{measureId}/ratings",
      ]);
      expect(Object.keys(doc.paths["/cycles/{cycleId}/priorities"]?.post?.responses ?? {})).toContain("201");
    });
  });

  describe("before the stage opens", () => {
    let h: Harness;
    let cycleId: string;
    beforeAll(async () => {
      h = await createHarness();
      cycleId = await createCycle(h);
      return () => h.cleanup();
    });

    it("reads an empty list with the default criteria and refuses writes with 422 stage_locked", async () => {
      const res = await h.call("GET", `/cycles/${cycleId}/priorities`, { as: "coordinator" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        items: [],
        criteria: { criteria: DEFAULT_CRITERIA, version: null },
        stage: { state: "not_started" },
      });
      const write = await h.call("PUT", `/cycles/${cycleId}/priorities/criteria`, {
        as: "coordinator",
        body: { criteria: DEFAULT_CRITERIA },
      });
      expect(write.status).toBe(422);
      expect(write.body.code).toBe("stage_locked");
    });
  });
});
