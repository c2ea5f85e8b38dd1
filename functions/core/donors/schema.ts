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

/** The summary a cycle closes with (one record, id `final`). */
export const FinalSummary = z.strictObject({
  ...recordBase("summary"),
  closedAt: z.iso.datetime(),
  activities: z.strictObject({
    total: z.int(),
    completed: z.int(),
    cancelled: z.int(),
    delayed: z.int(),
    notStarted: z.int(),
    onTrack: z.int(),
  }),
  budget: z.strictObject({ planned: z.number(), spent: z.number(), currency: z.string().nullable() }),
  indicators: z.strictObject({ total: z.int(), met: z.int(), notMet: z.int(), noData: z.int() }),
  periods: z.strictObject({ total: z.int(), withMissingReports: z.int() }),
});
export type FinalSummary = z.infer<typeof FinalSummary>;
