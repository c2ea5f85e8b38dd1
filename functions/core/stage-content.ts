import type { StageName } from "../../workflows/schemas.js";
import type { AuditChange } from "./audit.js";
import type { CoreDeps } from "./changes.js";
import type { Cycle } from "./cycle.js";
import type { Write } from "./ports.js";

/** A stage's items as frozen in a version: item key (e.g. `activity/<id>`, a measure id) -> the item. */
export type StageSnapshot = Record<string, Record<string, unknown>>;

/**
 * What differs between the three approval stages: what opening one creates, what must hold before it can be
 * submitted, and what is frozen when it is approved. The workflow, submission and versioning are shared.
 */
export interface StageContent {
  /** Writes made in the same transaction as the stage opening (e.g. priority candidates from the gaps). */
  onOpen(deps: CoreDeps, cycle: Cycle, at: string): Promise<{ writes: Write[]; changes: AuditChange[] }>;
  /** Throws RuleViolationError naming every failure when the content may not be submitted yet. */
  assertSubmittable(deps: Pick<CoreDeps, "store">, cycle: Cycle): Promise<void>;
  /** The content to freeze when the stage is approved. */
  snapshot(deps: Pick<CoreDeps, "store">, cycle: Cycle): Promise<StageSnapshot>;
}

export const NOTHING_TO_OPEN = async () => ({ writes: [], changes: [] });

/** Strips what never belongs in a frozen version (tenant and cycle ids are implied by the version itself). */
export function frozen(item: object): Record<string, unknown> {
  const { country: _c, cycleId: _i, ...rest } = item as Record<string, unknown>;
  return rest;
}

export type StageContents = Record<StageName, StageContent>;
