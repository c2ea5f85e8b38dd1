import type { StageName } from "../../../workflows/schemas.js";
import type { AuditChange } from "../audit.js";
import { type CoreDeps, change } from "../changes.js";
import type { Cycle } from "../cycle.js";
import type { Write } from "../ports.js";
import { pad } from "../record-base.js";
import { currentDecisions, type Stage } from "../stage.js";
import { STAGE_CONTENTS } from "../stage-contents.js";
import { encodeContent } from "./codec.js";
import type { StageVersion } from "./schema.js";

export function versionId(stage: StageName, number: number): string {
  return `${stage}:${pad(number)}`;
}

export type Freeze = { version: StageVersion; write: Write; change: AuditChange };

/**
 * The version an approved stage is frozen as, for the transaction that closes it. The write creates the record
 * (expectedVersion null), so a version can never be overwritten: a second attempt to freeze the same number fails
 * the whole transaction instead. The content cannot move between this read and that commit, because every edit of
 * a stage's content is conditional on the stage being in draft or returned, and this one is approved.
 */
export async function freezeStage(
  deps: Pick<CoreDeps, "store">,
  cycle: Cycle,
  stage: Stage,
  number: number,
  at: string,
  amendmentReason?: string,
): Promise<Freeze> {
  const snapshot = await STAGE_CONTENTS[stage.stage].snapshot(deps, cycle);
  const version: StageVersion = {
    kind: "version",
    id: versionId(stage.stage, number),
    country: cycle.country,
    cycleId: cycle.id,
    updatedAt: at,
    version: 1,
    stage: stage.stage,
    number,
    approvedAt: stage.approvedAt ?? at,
    decisions: currentDecisions(stage),
    ...(amendmentReason === undefined ? {} : { amendmentReason }),
    content: encodeContent(snapshot),
  };
  // The trail names what was frozen, not the content itself: that is the version, and it can reach 200 KB.
  const { content, ...described } = version;
  return {
    version,
    write: { entity: "record", item: version, expectedVersion: null },
    change: change("record", `${cycle.id}/version/${version.id}`, null, {
      ...described,
      content: { encoding: content.encoding, items: content.items },
    }),
  };
}
