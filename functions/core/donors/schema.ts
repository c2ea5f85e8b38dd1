import { z } from "zod";
import { Actor, OrgSlug } from "../principal.js";
import { recordBase } from "../record-base.js";

/** A cycle shared with a donor organisation (id = the organisation). */
export const Share = z.strictObject({
  ...recordBase("share"),
  organisation: OrgSlug,
  sharedBy: Actor,
  sharedAt: z.iso.datetime(),
});
export type Share = z.infer<typeof Share>;

/** A comment on a reporting period's progress, by a donor or the government. */
export const Comment = z.strictObject({
  ...recordBase("comment"),
  periodIndex: z.int().min(0),
  /** The donor organisation writing, when a donor wrote it. */
  organisation: OrgSlug.optional(),
  author: Actor,
  text: z.string(),
  at: z.iso.datetime(),
});
export type Comment = z.infer<typeof Comment>;

/**
 * The summary a cycle closes with (one record, id `final`). Aggregates of the plan and its reports only: it holds no
 * counts of people and no person's name or id, so it can be shown to the donors a cycle is shared with as it is.
 */
export const FinalSummary = z.strictObject({
  ...recordBase("summary"),
  closedAt: z.iso.datetime(),
  /** The cycle started from this one, once there is one (set by the successor use case). */
  successorId: z.string().optional(),
  activities: z.strictObject({
    total: z.int(),
    completed: z.int(),
    cancelled: z.int(),
    delayed: z.int(),
    notStarted: z.int(),
    onTrack: z.int(),
  }),
  /**
   * Planned (activity budgets) and spent (reported spend, summed over the periods). `currency` is the plan's one
   * currency, or null when budgets use several: then `planned`/`spent` add different currencies and only
   * `byCurrency` is meaningful.
   */
  budget: z.strictObject({
    planned: z.number(),
    spent: z.number(),
    currency: z.string().nullable(),
    byCurrency: z.array(z.strictObject({ currency: z.string(), planned: z.number(), spent: z.number() })),
  }),
  /** Each indicator's final target (its latest year) against what was reported for that year. */
  indicators: z.strictObject({ total: z.int(), met: z.int(), notMet: z.int(), noData: z.int() }),
  periods: z.strictObject({
    total: z.int(),
    withMissingReports: z.int(),
    /** The periods closed without every lead agency's report, and whose report was missing. */
    missing: z.array(z.strictObject({ index: z.int(), label: z.string(), agencies: z.array(z.string()) })),
  }),
});
export type FinalSummary = z.infer<typeof FinalSummary>;
