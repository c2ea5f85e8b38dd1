import { describe, expect, it, vi } from "vitest";
import type { Write } from "../../../functions/core/ports.js";
import { STAGE_CONTENTS } from "../../../functions/core/stage-contents.js";
import { decodeContent, encodeContent } from "../../../functions/core/versions/codec.js";
import { freezeStage } from "../../../functions/core/versions/freeze.js";
import { closeStage } from "../../../functions/workflow/tasks/stage-tasks.js";
import { aStage } from "../../support/fixtures.js";
import { APPROVED_AT, bigPlan, DECISIONS, newWorld, seedApprovedAssessment } from "./versions-support.js";

const ITEM_LIMIT_BYTES = 400 * 1024;

describe("freezing an approved stage", () => {
  it("freezes the assessment as version 1 holding exactly the stage's snapshot", async () => {
    const world = newWorld();
    const { cycle } = await seedApprovedAssessment(world);
    const expected = await STAGE_CONTENTS.assessment.snapshot(world.deps, cycle);

    await closeStage(world.deps, { ...world.ref, stage: "assessment" });

    const version = await world.store.getRecord(
      world.ref.country,
      world.ref.cycleId,
      "version",
      "assessment:001",
    );
    expect(version).toMatchObject({ stage: "assessment", number: 1, approvedAt: APPROVED_AT });
    expect(version?.amendmentReason).toBeUndefined();
    expect(version && decodeContent(version.content)).toEqual(expected);
    expect(Object.keys(expected)).toHaveLength(3);
    const stage = await world.store.getStage(world.ref.country, world.ref.cycleId, "assessment");
    expect(stage).toMatchObject({ state: "approved", versionNumber: 1, closedAt: expect.any(String) });
  });

  it("keeps the decisions of the round that approved it, not those of earlier rounds", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);

    await closeStage(world.deps, { ...world.ref, stage: "assessment" });

    const version = await world.store.getRecord(
      world.ref.country,
      world.ref.cycleId,
      "version",
      "assessment:001",
    );
    expect(version?.decisions).toEqual(DECISIONS.filter((d) => d.round === 2));
  });

  it("writes the version in the same transaction as the stage closing and the cycle moving on", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);
    const commit = vi.spyOn(world.store, "commit");

    await closeStage(world.deps, { ...world.ref, stage: "assessment" });

    expect(commit).toHaveBeenCalledTimes(1);
    const [changes] = commit.mock.calls[0] ?? [];
    const kinds = changes?.writes.map((w: Write) =>
      w.entity === "record" ? `record:${w.item.kind}` : w.entity,
    );
    expect(kinds?.sort()).toEqual(["cycle", "record:version", "stage"]);
    expect(changes?.writes.find((w) => w.entity === "record")?.expectedVersion).toBeNull();
    expect(changes?.events.map((e) => e.action)).toEqual(["stage.closed", "version.frozen"]);
  });

  it("keeps the frozen content out of the audit trail, naming what was frozen instead", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);

    await closeStage(world.deps, { ...world.ref, stage: "assessment" });

    const trail = await world.store.listAudit(world.ref.country, world.ref.cycleId, { limit: 50 });
    const frozen = trail.items.find((e) => e.action === "version.frozen");
    expect(frozen?.changes[0]).toMatchObject({
      key: `${world.ref.cycleId}/version/assessment:001`,
      before: null,
      after: { number: 1, content: { encoding: "gzip+base64", items: 3 } },
    });
    expect(JSON.stringify(frozen)).not.toContain('"data"');
  });

  it("freezes nothing twice when closeStage is retried", async () => {
    const world = newWorld();
    await seedApprovedAssessment(world);

    const first = await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    const again = await closeStage(world.deps, { ...world.ref, stage: "assessment" });

    expect(again).toEqual(first);
    const versions = await world.store.listRecords(world.ref.country, world.ref.cycleId, "version");
    expect(versions.map((v) => v.id)).toEqual(["assessment:001"]);
    const trail = await world.store.listAudit(world.ref.country, world.ref.cycleId, { limit: 50 });
    expect(trail.items.filter((e) => e.action === "version.frozen")).toHaveLength(1);
  });

  it("never overwrites a frozen version: freezing an existing number fails the whole transaction", async () => {
    const world = newWorld();
    const { cycle } = await seedApprovedAssessment(world);
    await closeStage(world.deps, { ...world.ref, stage: "assessment" });
    const before = await world.store.getRecord(
      world.ref.country,
      world.ref.cycleId,
      "version",
      "assessment:001",
    );
    // A stage that somehow lost its bookkeeping (closed and numbered) would freeze version 1 again.
    const stage = await world.store.getStage(world.ref.country, world.ref.cycleId, "assessment");
    if (!stage) throw new Error("no stage");
    const { closedAt: _c, versionNumber: _n, ...reset } = stage;
    const reopened = { ...reset, version: stage.version + 1 };
    await world.store.commit({
      writes: [{ entity: "stage", item: reopened, expectedVersion: stage.version }],
      events: [],
    });

    await expect(closeStage(world.deps, { ...world.ref, stage: "assessment" })).rejects.toMatchObject({
      name: "VersionConflictError",
    });

    expect(
      await world.store.getRecord(world.ref.country, world.ref.cycleId, "version", "assessment:001"),
    ).toEqual(before);
    expect(
      (await world.store.getStage(world.ref.country, world.ref.cycleId, "assessment"))?.closedAt,
    ).toBeUndefined();
    expect((await world.store.getCycle(world.ref.country, world.ref.cycleId))?.cycle.version).toBe(
      cycle.version + 1,
    );
  });
});

describe("the frozen content", () => {
  it("decodes to the snapshot it encoded, whatever the order of its keys", () => {
    const snapshot = { b: { status: "absent", severity: 3 }, a: { nested: { x: [1, 2] } } };

    const encoded = encodeContent(snapshot);

    expect(encoded).toMatchObject({ encoding: "gzip+base64", items: 2 });
    expect(decodeContent(encoded)).toEqual(snapshot);
    expect(encodeContent({ a: snapshot.a, b: snapshot.b }).data).toBe(encoded.data);
  });

  it("keeps an action plan of 200 activities under DynamoDB's 400 KB item limit, which it exceeds uncompressed", async () => {
    const world = newWorld();
    const { cycle } = await seedApprovedAssessment(world);
    await world.store.commit({ writes: bigPlan(world.ref), events: [] });
    const plan = aStage(world.ref, "action_plan", { state: "approved", round: 1, approvedAt: APPROVED_AT });

    const { version } = await freezeStage(world.deps, cycle, plan, 1, APPROVED_AT);

    const snapshot = decodeContent(version.content);
    expect(Object.keys(snapshot)).toHaveLength(20 + 200 + 400);
    expect(Buffer.byteLength(JSON.stringify(snapshot))).toBeGreaterThan(ITEM_LIMIT_BYTES);
    // Measured ~180 KB with this deliberately hard-to-compress text; real prose compresses better.
    expect(Buffer.byteLength(JSON.stringify(version))).toBeLessThan(ITEM_LIMIT_BYTES / 2);
  });
});
