import { z } from "zod";
import type { Principal } from "./principal.js";

export const NotificationKind = z.enum([
  "stage_opened",
  "stage_submitted",
  "stage_decided",
  "period_opened",
  "reminder",
  "escalation",
  "report_comment",
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/**
 * Who a notification is for, within a country: the coordinator, an agency (its members) or a ministry (its
 * approvers). Addresses, not people: whoever holds the role reads the inbox.
 */
export const Recipient = z.union([
  z.literal("coordinator"),
  z.string().regex(/^agency:[a-z0-9-]+$/),
  z.string().regex(/^ministry:[a-z0-9-]+$/),
]);
export type Recipient = z.infer<typeof Recipient>;

export const Notification = z.strictObject({
  id: z.string(),
  country: z.string().regex(/^[A-Z]{3}$/),
  recipient: Recipient,
  kind: NotificationKind,
  cycleId: z.string(),
  subject: z.string(),
  body: z.string(),
  at: z.iso.datetime(),
});
export type Notification = z.infer<typeof Notification>;

/** The inboxes a principal reads. */
export function inboxesOf(principal: Principal): Recipient[] {
  switch (principal.role) {
    case "coordinator":
      return ["coordinator"];
    case "member":
      return principal.agency ? [`agency:${principal.agency}`] : [];
    case "approver":
      return principal.ministry ? [`ministry:${principal.ministry}`] : [];
    default:
      return [];
  }
}

export const agencyInbox = (agency: string): Recipient => `agency:${agency}`;
export const ministryInbox = (ministry: string): Recipient => `ministry:${ministry}`;

/** The notification writes for one event, one per recipient; commit them with the change that caused them. */
export function notificationWrites(
  deps: { newId: () => string },
  n: { country: string; cycleId: string; kind: NotificationKind; subject: string; body: string; at: string },
  recipients: readonly Recipient[],
): { entity: "notification"; item: Notification; expectedVersion: null }[] {
  return [...new Set(recipients)].map((recipient) => ({
    entity: "notification" as const,
    item: { id: deps.newId(), recipient, ...n },
    expectedVersion: null,
  }));
}
