import type { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../changes.js";
import { NotFoundError } from "../errors.js";
import type { Principal } from "../principal.js";
import type { StageSnapshot } from "../stage-content.js";
import { STAGE_CONTENTS } from "../stage-contents.js";
import { loadCycle } from "../use-cases/load.js";
import { decodeContent } from "./codec.js";
import { diffSnapshots } from "./diff.js";
import { versionId } from "./freeze.js";
import { forDonor } from "./redact.js";
import type { StageVersion } from "./schema.js";
import {
  type Audience,
  diffView,
  type VersionDiff,
  type VersionList,
  type VersionView,
  versionSummary,
  versionView,
} from "./views.js";

// Versions are approved content, so reading them needs only `cycle.read`: donors (through a share) may. Only the
// live content (`current`) is work in progress and needs `draft.read`, which no donor holds.

export async function listVersions(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  stage: StageName,
): Promise<VersionList> {
  await loadCycle(deps, principal, country, cycleId, "cycle.read");
  const versions = await deps.store.listRecords(country, cycleId, "version", `${stage}:`);
  return { stage, items: versions.map(versionSummary) };
}

export async function getVersion(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  stage: StageName,
  number: number,
): Promise<VersionView> {
  await loadCycle(deps, principal, country, cycleId, "cycle.read");
  const version = await versionOf(deps, country, cycleId, stage, number);
  const audience = audienceOf(principal);
  return versionView(version, contentFor(audience, decodeContent(version.content)), audience);
}

/** What changed from version `from` to version `to`, or to the live content when `to` is `current`. */
export async function diffVersions(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  stage: StageName,
  from: number,
  to: number | "current",
): Promise<VersionDiff> {
  const { cycle } = await loadCycle(
    deps,
    principal,
    country,
    cycleId,
    to === "current" ? "draft.read" : "cycle.read",
  );
  const audience = audienceOf(principal);
  const before = decodeContent((await versionOf(deps, country, cycleId, stage, from)).content);
  const after =
    to === "current"
      ? await STAGE_CONTENTS[stage].snapshot(deps, cycle)
      : decodeContent((await versionOf(deps, country, cycleId, stage, to)).content);
  return diffView(stage, from, to, diffSnapshots(contentFor(audience, before), contentFor(audience, after)));
}

async function versionOf(
  deps: Pick<CoreDeps, "store">,
  country: string,
  cycleId: string,
  stage: StageName,
  number: number,
): Promise<StageVersion> {
  const version = await deps.store.getRecord(country, cycleId, "version", versionId(stage, number));
  if (!version) {
    throw new NotFoundError(`version ${number} of the ${stage} stage was not found`, {
      stage,
      number,
    });
  }
  return version;
}

function audienceOf(principal: Principal): Audience {
  return principal.role === "donor" ? "donor" : "government";
}

function contentFor(audience: Audience, snapshot: StageSnapshot): StageSnapshot {
  return audience === "donor" ? forDonor(snapshot) : snapshot;
}
