import { z } from "zod";
import { CatalogueRef } from "../../../frameworks/index.js";
import { Position, StageName } from "../../../workflows/schemas.js";
import type { Decision } from "../approval.js";
import { type Cycle, PlanPeriod, ReportingCadence } from "../cycle.js";
import { currentDecisions, type Stage } from "../stage.js";
import type { StageVersion } from "../versions/schema.js";

// What a donor sees of a cycle shared with it: what was approved, and nothing of the work in progress. Built from
// the stored items field by field (never by spreading and deleting), so that a field added to a cycle or stage later
// stays out of the donor's view until someone decides it belongs there.

export const ApprovedVersion = z.strictObject({
  /** The latest approved version of the stage; read its content through the versions routes. */
  number: z.int().min(1),
  approvedAt: z.iso.datetime(),
  /** The ministries that signed it: organisations, never the people who clicked. */
  ministries: z.array(z.string()),
});
export type ApprovedVersion = z.infer<typeof ApprovedVersion>;

export const DonorStageView = z.strictObject({
  stage: StageName,
  /** Null until the stage was first approved. A draft, a submission awaiting decision or a return shows nothing. */
  approved: ApprovedVersion.nullable(),
});
export type DonorStageView = z.infer<typeof DonorStageView>;

export const DonorCycleSummary = z.strictObject({
  id: z.string(),
  country: z.string(),
  title: z.string(),
  frameworks: z.array(CatalogueRef),
  planPeriod: PlanPeriod,
  reportingCadence: ReportingCadence,
  status: z.enum(["active", "closed"]),
  /** Where the cycle stands: a stage being prepared, a reporting period, or closing. */
  position: Position,
});
export type DonorCycleSummary = z.infer<typeof DonorCycleSummary>;

export const DonorCycleView = DonorCycleSummary.extend({ stages: z.array(DonorStageView) });
export type DonorCycleView = z.infer<typeof DonorCycleView>;

export function donorCycleSummary(cycle: Cycle): DonorCycleSummary {
  return {
    id: cycle.id,
    country: cycle.country,
    title: cycle.title,
    frameworks: cycle.frameworks,
    planPeriod: cycle.planPeriod,
    reportingCadence: cycle.reportingCadence,
    status: cycle.status,
    position: cycle.position,
  };
}

/** `versions`: the latest frozen version of each stage that has one (see `versionsToRead`). */
export function donorCycleView(
  cycle: Cycle,
  stages: readonly Stage[],
  versions: ReadonlyMap<StageName, StageVersion>,
): DonorCycleView {
  return {
    ...donorCycleSummary(cycle),
    stages: stages.map((s) => ({ stage: s.stage, approved: approvedVersion(s, versions.get(s.stage)) })),
  };
}

/** The version records a donor view needs: the latest approved version of each stage that was ever approved. */
export function versionsToRead(stages: readonly Stage[]): { stage: StageName; number: number }[] {
  return stages.flatMap((s) => (s.versionNumber ? [{ stage: s.stage, number: s.versionNumber }] : []));
}

/**
 * The latest approved version of a stage. The frozen version is the truth (it outlives an amendment in progress,
 * when the stage itself is back in draft); a stage approved before versions were frozen falls back on its own
 * approval.
 */
function approvedVersion(stage: Stage, version: StageVersion | undefined): ApprovedVersion | null {
  if (version) {
    return {
      number: version.number,
      approvedAt: version.approvedAt,
      ministries: signers(version.decisions),
    };
  }
  if (stage.state !== "approved" || !stage.approvedAt) return null;
  return {
    number: stage.versionNumber ?? 1,
    approvedAt: stage.approvedAt,
    ministries: signers(currentDecisions(stage)),
  };
}

/** The ministries that approved in the deciding (latest) round. */
function signers(decisions: readonly Decision[]): string[] {
  const round = Math.max(0, ...decisions.map((d) => d.round));
  const approving = decisions.filter((d) => d.round === round && d.decision === "approve");
  return [...new Set(approving.map((d) => d.ministry))].sort();
}
