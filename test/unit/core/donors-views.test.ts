import { describe, expect, it } from "vitest";
import type { Decision } from "../../../functions/core/approval.js";
import { donorCycleView, versionsToRead } from "../../../functions/core/donors/donor-views.js";
import type { Actor } from "../../../functions/core/principal.js";
import { StageVersion } from "../../../functions/core/versions/schema.js";
import type { StageName } from "../../../workflows/schemas.js";
import { aCycle, aStage, FIXTURE_TIME, newCycleRef } from "../../support/fixtures.js";

const ref = newCycleRef();
const justice: Actor = {
  type: "user",
  sub: "auth0|approver-justice",
  name: "Grace Wanjiru",
  role: "approver",
  ministry: "ministry-of-justice",
};
const interior: Actor = {
  ...justice,
  sub: "auth0|approver-interior",
  name: "Tom Kiprop",
  ministry: "ministry-of-interior",
};

const decision = (
  by: Actor,
  round: number,
  kind: "approve" | "return" = "approve",
  reason?: string,
): Decision => ({
  round,
  ministry: by.type === "user" ? (by.ministry ?? "") : "",
  decision: kind,
  ...(reason ? { reason } : {}),
  by,
  at: "2026-06-10T10:00:00.000Z",
});

function aVersion(stage: StageName, number: number, decisions: Decision[]): StageVersion {
  return StageVersion.parse({
    kind: "version",
    id: `${stage}:${String(number).padStart(3, "0")}`,
    country: ref.country,
    cycleId: ref.cycleId,
    stage,
    number,
    approvedAt: `2026-0${5 + number}-12T08:00:00.000Z`,
    decisions,
    content: { encoding: "gzip+base64", data: "H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==", items: 0 },
    updatedAt: FIXTURE_TIME,
    version: 1,
  });
}

describe("what a donor sees of a cycle", () => {
  // The assessment was approved twice (an amendment), the priorities were returned with a reason, and the action
  // plan is being drafted.
  const cycle = aCycle(ref, { position: { kind: "stage", stage: "action_plan" } });
  const stages = [
    aStage(ref, "assessment", {
      state: "approved",
      round: 2,
      versionNumber: 2,
      approvedAt: "2026-07-12T08:00:00.000Z",
      decisions: [decision(justice, 1), decision(interior, 1), decision(justice, 2), decision(interior, 2)],
    }),
    aStage(ref, "priorities", {
      state: "returned",
      round: 1,
      submittedAt: "2026-08-01T08:00:00.000Z",
      submittedBy: "auth0|coordinator-ken",
      decisions: [decision(justice, 1, "return", "Shelters for child victims are missing from the list")],
      returnReason: "Shelters for child victims are missing from the list",
    }),
    aStage(ref, "action_plan", { state: "draft", openedAt: "2026-09-01T08:00:00.000Z" }),
  ];
  const versions = new Map([
    ["assessment" as const, aVersion("assessment", 2, [decision(justice, 2), decision(interior, 2)])],
  ]);

  it("shows each stage only as its latest approved version: number, date and the ministries that signed", () => {
    const view = donorCycleView(cycle, stages, versions);
    expect(view.stages).toEqual([
      {
        stage: "assessment",
        approved: {
          number: 2,
          approvedAt: "2026-07-12T08:00:00.000Z",
          ministries: ["ministry-of-interior", "ministry-of-justice"],
        },
      },
      { stage: "priorities", approved: null },
      { stage: "action_plan", approved: null },
    ]);
    expect(view).toMatchObject({
      id: ref.cycleId,
      country: "KEN",
      position: { kind: "stage", stage: "action_plan" },
    });
  });

  it("never carries a person's id or name, a return reason, a draft's dates or who the cycle waits on", () => {
    const json = JSON.stringify(donorCycleView(cycle, stages, versions));
    for (const hidden of [
      "sub",
      "auth0|",
      "Grace",
      "Tom Kiprop",
      "Amina",
      "returnReason",
      "Shelters",
      "submittedAt",
      "openedAt",
      "waitingOn",
      "createdBy",
      "approvalPolicies",
      '"returned"',
      '"draft"',
    ]) {
      expect(json, hidden).not.toContain(hidden);
    }
  });

  it("keeps showing the approved version while an amendment of it is drafted", () => {
    const amending = stages.map((s) =>
      s.stage === "assessment"
        ? {
            ...s,
            state: "draft" as const,
            amendment: { number: 3, reason: "New law", openedAt: FIXTURE_TIME, openedBy: "x", generation: 0 },
          }
        : s,
    );
    const view = donorCycleView(cycle, amending, versions);
    expect(view.stages[0]?.approved?.number).toBe(2);
  });

  it("falls back on the stage's own approval when no version was frozen, and shows nothing of a submission awaiting decision", () => {
    const approved = aStage(ref, "assessment", {
      state: "approved",
      round: 1,
      approvedAt: "2026-06-12T08:00:00.000Z",
      decisions: [decision(justice, 1), decision(interior, 1)],
    });
    const submitted = aStage(ref, "priorities", {
      state: "submitted",
      round: 1,
      decisions: [decision(justice, 1)],
    });
    const view = donorCycleView(cycle, [approved, submitted], new Map());
    expect(view.stages).toEqual([
      {
        stage: "assessment",
        approved: {
          number: 1,
          approvedAt: "2026-06-12T08:00:00.000Z",
          ministries: ["ministry-of-interior", "ministry-of-justice"],
        },
      },
      { stage: "priorities", approved: null },
    ]);
  });

  it("reads one version record per approved stage, whatever the plan's size", () => {
    expect(versionsToRead(stages)).toEqual([{ stage: "assessment", number: 2 }]);
  });
});
