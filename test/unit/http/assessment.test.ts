import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCycle, createHarness, fillAssessment, type Harness, tipMeasureIds } from "./harness.js";

type Item = { measureId: string; entry: { status: string; agency?: string; version: number } | null };

describe("needs assessment", () => {
  let h: Harness;
  let cycleId: string;
  const entryPath = (measureId: string) => `/cycles/${cycleId}/assessment/entries/${measureId}`;

  beforeEach(async () => {
    h = await createHarness();
    cycleId = await createCycle(h);
  });
  afterEach(() => h.cleanup());

  it("lists every measure with its answer or null, plus the scores", async () => {
    await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "absent", severity: 3 } },
    });
    const res = await h.call("GET", `/cycles/${cycleId}/assessment`, { as: "coordinator" });
    expect(res.status).toBe(200);
    const items = res.body.items as Item[];
    expect(items).toHaveLength(tipMeasureIds().length);
    expect(items.find((i) => i.measureId === "TIP.PROS.1.1")?.entry).toMatchObject({
      status: "absent",
      agency: "national-police",
      version: 1,
    });
    expect(items.filter((i) => i.entry === null)).toHaveLength(items.length - 1);
    expect(res.body.scores).toMatchObject({ overall: { answered: 1, gaps: 1 } });
    expect(res.body.stage).toMatchObject({ stage: "assessment", state: "draft" });
  });

  it("filters by catalogue, pillar, status and agency", async () => {
    await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "absent", severity: 3 } },
    });
    const byPillar = await h.call("GET", `/cycles/${cycleId}/assessment?pillar=PROT`, { as: "coordinator" });
    const pillarIds = (byPillar.body.items as Item[]).map((i) => i.measureId);
    expect(pillarIds.length).toBeGreaterThan(0);
    expect(pillarIds.every((id) => id.startsWith("TIP.PROT."))).toBe(true);

    const absent = await h.call("GET", `/cycles/${cycleId}/assessment?status=absent`, { as: "coordinator" });
    expect((absent.body.items as Item[]).map((i) => i.measureId)).toEqual(["TIP.PROS.1.1"]);
    const police = await h.call("GET", `/cycles/${cycleId}/assessment?agency=national-police`, {
      as: "coordinator",
    });
    expect((police.body.items as Item[]).map((i) => i.measureId)).toEqual(["TIP.PROS.1.1"]);
    const som = await h.call("GET", `/cycles/${cycleId}/assessment?catalogue=SOM`, { as: "coordinator" });
    expect(som.body.items).toEqual([]);

    const bad = await h.call("GET", `/cycles/${cycleId}/assessment?status=done`, { as: "coordinator" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^query\.status: /);
  });

  it("saves an answer (200) and changes it only with the version it was read at", async () => {
    const created = await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "partial", severity: 2, evidence: "Act of 2010; few convictions" } },
    });
    expect(created.status).toBe(200);
    expect(created.body.entry).toMatchObject({ status: "partial", version: 1 });

    const updated = await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "in_place", severity: 0 }, expectedVersion: 1 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.entry).toMatchObject({ status: "in_place", version: 2 });

    const stale = await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "absent", severity: 3 }, expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("version_conflict");
    expect(stale.body.message).toMatch(/^expectedVersion: /);
    expect(stale.body.details).toMatchObject({ currentVersion: 2, current: { status: "in_place" } });
  });

  it("answers 403 when a member edits an entry another agency answers", async () => {
    await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "absent", severity: 3 } },
    });
    const res = await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "labour",
      body: { answer: { status: "in_place", severity: 0 }, expectedVersion: 1 },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("forbidden");
    expect(res.body.message).toContain("national-police");
  });

  it("answers 403 when an approver edits an entry", async () => {
    const res = await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "justice",
      body: { answer: { status: "absent", severity: 3 } },
    });
    expect(res.status).toBe(403);
  });

  it("answers 400 naming the path or field for a bad measure id or an inconsistent answer", async () => {
    const badId = await h.call("PUT", entryPath("PROS-1"), {
      as: "police",
      body: { answer: { status: "absent", severity: 3 } },
    });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toBe("path.measureId: must be a measure id like TIP.PROS.1.1");

    const inconsistent = await h.call("PUT", entryPath("TIP.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "in_place", severity: 2 } },
    });
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.body.message).toBe("body.answer.severity: must be 0 when status is in_place");
  });

  it("answers 404 for a measure outside the cycle's frameworks", async () => {
    const res = await h.call("PUT", entryPath("SOM.PROS.1.1"), {
      as: "police",
      body: { answer: { status: "absent", severity: 3 } },
    });
    expect(res.status).toBe(404);
  });

  it("fills the whole assessment in bulk requests of at most 50, and scores it complete", async () => {
    await fillAssessment(h, cycleId);
    const scores = await h.call("GET", `/cycles/${cycleId}/assessment/scores`, { as: "justice" });
    expect(scores.status).toBe(200);
    expect(scores.body.overall).toMatchObject({ completeness: 100, answered: tipMeasureIds().length });
  });

  it("refuses a bulk request over the limit, naming the field", async () => {
    const entries = tipMeasureIds()
      .slice(0, 51)
      .map((measureId) => ({ measureId, answer: { status: "unknown", severity: 1 } }));
    const res = await h.call("POST", `/cycles/${cycleId}/assessment/bulk`, {
      as: "coordinator",
      body: { entries },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("body.entries: at most 50 entries per request");
  });

  it("saves a bulk request atomically: one stale entry and none is written", async () => {
    await h.call("PUT", entryPath("TIP.PROS.1.2"), {
      as: "coordinator",
      body: { answer: { status: "absent", severity: 3 } },
    });
    const res = await h.call("POST", `/cycles/${cycleId}/assessment/bulk`, {
      as: "coordinator",
      body: {
        entries: [
          { measureId: "TIP.PROS.1.1", answer: { status: "absent", severity: 2 } },
          { measureId: "TIP.PROS.1.2", answer: { status: "absent", severity: 2 } },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/^entries\[1\]\.expectedVersion: /);
    const entries = await h.store.listEntries("KEN", cycleId);
    expect(entries.map((e) => e.measureId)).toEqual(["TIP.PROS.1.2"]);
  });
});
