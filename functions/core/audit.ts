import { z } from "zod";
import { Actor } from "./principal.js";

export const AuditAction = z.enum([
  "cycle.created",
  "cycle.resumed",
  "cycle.closed",
  "stage.opened",
  "stage.submitted",
  "stage.decision_recorded",
  "stage.approved",
  "stage.returned",
  "stage.overdue",
  "stage.closed",
  "entry.upserted",
  "entries.bulk_upserted",
  "period.opened",
  "period.reminder_sent",
  "period.closed",
  "period.escalated",
  "priorities.generated",
  "priorities.criteria_updated",
  "priority.rated",
  "priority.decided",
  "priority.added",
  "objective.saved",
  "objective.deleted",
  "activity.saved",
  "activity.deleted",
  "indicator.saved",
  "indicator.deleted",
  "plan.settings_updated",
  "report.submitted",
  "version.frozen",
  "stage.amendment_opened",
  "cycle.shared",
  "cycle.unshared",
  "comment.added",
  "cycle.summarised",
  "cycle.successor_created",
  "assessment.carried_over",
  "priorities.carried_over",
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** One changed item: its kind and key, and its state before and after (null for a creation). */
export const AuditChange = z.strictObject({
  entity: z.enum(["cycle", "stage", "entry", "period", "record"]),
  key: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  /** Empty for a deletion (then `before` holds what was deleted). */
  after: z.record(z.string(), z.unknown()),
});
export type AuditChange = z.infer<typeof AuditChange>;

/**
 * Immutable record of a state change: who, when, what, before/after. Written in the same transaction as the change,
 * so the trail can never disagree with the data, and replaying `after` snapshots in order rebuilds the state.
 */
export const AuditEvent = z.strictObject({
  id: z.string(),
  country: z.string(),
  cycleId: z.string(),
  at: z.iso.datetime(),
  actor: Actor,
  action: AuditAction,
  summary: z.string(),
  changes: z.array(AuditChange),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
