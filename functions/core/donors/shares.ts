import { z } from "zod";
import { auditEvent, type CoreDeps, isoNow, recordChange } from "../changes.js";
import { ForbiddenError, NotFoundError, StateConflictError, VersionConflictError } from "../errors.js";
import type { IdempotencyIntent } from "../ports.js";
import { Actor, actorOf, OrgSlug, type Principal } from "../principal.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { loadCycle } from "../use-cases/load.js";
import type { Share } from "./schema.js";

export const ShareInput = z.strictObject({ organisation: OrgSlug });
export type ShareInput = z.infer<typeof ShareInput>;

/** A share as the government reads it (donors never list shares: who else follows a plan is not theirs to know). */
export const ShareView = z.strictObject({
  organisation: OrgSlug,
  sharedAt: z.iso.datetime(),
  sharedBy: Actor,
});
export type ShareView = z.infer<typeof ShareView>;

export const shareView = (s: Share): ShareView => ({
  organisation: s.organisation,
  sharedAt: s.sharedAt,
  sharedBy: s.sharedBy,
});

/** The coordinator shares the cycle with a donor organisation: its users may then read what was approved. */
export async function shareCycle(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: ShareInput,
  idempotency?: IdempotencyIntent,
): Promise<ShareView> {
  await loadCycle(deps, principal, country, cycleId, "cycle.share");
  const { organisation } = input;
  const alreadyShared = () =>
    new StateConflictError(
      "already_shared",
      `organisation: cycle ${cycleId} is already shared with ${organisation}`,
      {
        field: "organisation",
        organisation,
      },
    );
  if (await deps.store.getRecord(country, cycleId, "share", organisation)) throw alreadyShared();
  const at = isoNow(deps);
  const share: Share = {
    kind: "share",
    id: organisation,
    country,
    cycleId,
    organisation,
    sharedBy: actorOf(principal),
    sharedAt: at,
    updatedAt: at,
    version: 1,
  };
  const view = shareView(share);
  try {
    await deps.store.commit({
      writes: [{ entity: "record", item: share, expectedVersion: null }],
      events: [
        auditEvent(deps, at, {
          country,
          cycleId,
          actor: actorOf(principal),
          action: "cycle.shared",
          summary: `Cycle shared with ${organisation}: its users may read the approved stages and the monitoring`,
          changes: [recordChange(null, share)],
        }),
      ],
      ...withIdempotency(idempotency, view, at),
    });
  } catch (error) {
    // A twin request shared it between our read and our write.
    if (error instanceof VersionConflictError) throw alreadyShared();
    throw error;
  }
  return view;
}

/** The coordinator stops sharing: the organisation's users lose access with the next request they make. */
export async function unshareCycle(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  organisation: string,
): Promise<void> {
  await loadCycle(deps, principal, country, cycleId, "cycle.share");
  const share = await deps.store.getRecord(country, cycleId, "share", organisation);
  if (!share) throw new NotFoundError(`cycle ${cycleId} is not shared with ${organisation}`);
  const at = isoNow(deps);
  await deps.store.commit({
    writes: [{ entity: "deletion", item: share, expectedVersion: share.version }],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "cycle.unshared",
        summary: `Cycle no longer shared with ${organisation}`,
        changes: [recordChange(share, null)],
      }),
    ],
  });
}

/** Who the cycle is shared with, for the government roles. */
export async function listShares(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<{ items: ShareView[] }> {
  await loadCycle(deps, principal, country, cycleId, "cycle.read");
  if (principal.role === "donor") {
    throw new ForbiddenError("a donor may not list who else a cycle is shared with", { role: "donor" });
  }
  const shares = await deps.store.listRecords(country, cycleId, "share");
  return { items: shares.map(shareView) };
}
