import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import type { Page, PageRequest } from "../ports.js";
import type { Principal } from "../principal.js";
import type { Stage } from "../stage.js";
import { versionId } from "../versions/freeze.js";
import {
  type DonorCycleSummary,
  type DonorCycleView,
  donorCycleSummary,
  donorCycleView,
  versionsToRead,
} from "./donor-views.js";

/** A shared cycle as its donors see it; the caller has checked the share (loadCycle). */
export async function donorView(
  deps: Pick<CoreDeps, "store">,
  cycle: Cycle,
  stages: Stage[],
): Promise<DonorCycleView> {
  // At most one read per stage (three), whatever the size of the plan.
  const versions = await Promise.all(
    versionsToRead(stages).map(async ({ stage, number }) => {
      const version = await deps.store.getRecord(
        cycle.country,
        cycle.id,
        "version",
        versionId(stage, number),
      );
      return version ? ([stage, version] as const) : undefined;
    }),
  );
  return donorCycleView(cycle, stages, new Map(versions.filter((v) => v !== undefined)));
}

/**
 * The cycles shared with the donor's organisation, across countries, a page at a time (ordered by country, then
 * cycle). The organisation's index is eventually consistent, so each share is confirmed by a consistent read: a
 * cycle unshared a moment ago never shows.
 */
export async function listSharedCycles(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  page: PageRequest,
): Promise<Page<DonorCycleSummary>> {
  const organisation = principal.role === "donor" ? principal.organisation : undefined;
  if (!organisation) {
    throw new ForbiddenError(
      `only donor organisations have cycles shared with them; a ${principal.role} lists GET /cycles`,
      { role: principal.role },
    );
  }
  const refs = (await deps.store.listSharedCycles(organisation))
    .map((ref) => ({ ...ref, key: `${ref.country}/${ref.cycleId}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const rest = after === undefined ? refs : refs.filter((r) => r.key > after);
  const slice = rest.slice(0, page.limit);
  const found = await Promise.all(
    slice.map(async (ref) => {
      const [share, loaded] = await Promise.all([
        deps.store.getRecord(ref.country, ref.cycleId, "share", organisation),
        deps.store.getCycle(ref.country, ref.cycleId),
      ]);
      return share && loaded ? donorCycleSummary(loaded.cycle) : undefined;
    }),
  );
  const last = slice.at(-1);
  return {
    items: found.filter((c) => c !== undefined),
    ...(last && rest.length > slice.length ? { cursor: encodeCursor(last.key) } : {}),
  };
}

const CURSOR_PREFIX = "shared:";

function encodeCursor(key: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${key}`).toString("base64url");
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX)) {
    throw new ValidationError("cursor: is not a cursor this API returned", { field: "cursor" });
  }
  return text.slice(CURSOR_PREFIX.length);
}
