import { z } from "zod";
import { StageName } from "../../../workflows/schemas.js";
import { Decision } from "../approval.js";
import type { StageSnapshot } from "../stage-content.js";
import type { SnapshotDiff } from "./diff.js";
import type { StageVersion } from "./schema.js";

// What the version routes answer. Donors get the same shapes without the people in them (see redact.ts).

/** A decision as shown with a version: who signed (`by`) is left out for donors. */
export const VersionDecision = Decision.omit({ by: true }).extend({ by: Decision.shape.by.optional() });
export type VersionDecision = z.infer<typeof VersionDecision>;

const Item = z.record(z.string(), z.unknown());

export const VersionSummary = z.strictObject({
  stage: StageName,
  number: z.int().min(1),
  approvedAt: z.iso.datetime(),
  /** The ministries' decisions in the round that approved it (ministry, decision, when). */
  decisions: z.array(VersionDecision.pick({ ministry: true, decision: true, at: true })),
  amendmentReason: z.string().optional(),
  /** How many items the version froze. */
  items: z.int().min(0),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionList = z.strictObject({ stage: StageName, items: z.array(VersionSummary) });
export type VersionList = z.infer<typeof VersionList>;

export const VersionView = VersionSummary.extend({
  decisions: z.array(VersionDecision),
  /** The frozen items by key: measure ids for the assessment, `<kind>/<id>` for priorities and the plan. */
  content: z.record(z.string(), Item),
});
export type VersionView = z.infer<typeof VersionView>;

const FieldChange = z.strictObject({
  /** Dotted path into the item, e.g. `status` or `budget.amount`. */
  path: z.string(),
  /** Absent when the field did not exist before. */
  before: z.unknown().optional(),
  /** Absent when the field no longer exists. */
  after: z.unknown().optional(),
});

export const VersionDiff = z.strictObject({
  stage: StageName,
  from: z.int().min(1),
  /** A version number, or `current`: the live content (government only). */
  to: z.union([z.int().min(1), z.literal("current")]),
  added: z.array(z.strictObject({ key: z.string(), item: Item })),
  removed: z.array(z.strictObject({ key: z.string(), item: Item })),
  changed: z.array(z.strictObject({ key: z.string(), fields: z.array(FieldChange) })),
  /** Items present on both sides with no change. */
  unchanged: z.int().min(0),
});
export type VersionDiff = z.infer<typeof VersionDiff>;

export type Audience = "government" | "donor";

export function versionSummary(v: StageVersion): VersionSummary {
  return {
    stage: v.stage,
    number: v.number,
    approvedAt: v.approvedAt,
    decisions: v.decisions.map(({ ministry, decision, at }) => ({ ministry, decision, at })),
    ...(v.amendmentReason === undefined ? {} : { amendmentReason: v.amendmentReason }),
    items: v.content.items,
  };
}

export function versionView(v: StageVersion, content: StageSnapshot, audience: Audience): VersionView {
  return {
    ...versionSummary(v),
    decisions: v.decisions.map(({ by, ...rest }) => (audience === "donor" ? rest : { ...rest, by })),
    content,
  };
}

export function diffView(
  stage: StageName,
  from: number,
  to: number | "current",
  diff: SnapshotDiff,
): VersionDiff {
  return { stage, from, to, ...diff };
}
