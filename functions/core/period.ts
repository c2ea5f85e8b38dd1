import { z } from "zod";
import type { PlanPeriod, ReportingCadence } from "./cycle.js";
import { DeliveryClaim } from "./stage.js";

export const PeriodState = z.enum(["scheduled", "open", "closed"]);

/** One reporting period of the monitoring phase: opened by the workflow, reported on by lead agencies, closed. */
export const ReportingPeriod = z.strictObject({
  country: z.string(),
  cycleId: z.string(),
  index: z.int().min(0),
  label: z.string(),
  start: z.iso.date(),
  end: z.iso.date(),
  /** Reports are due this many days after the period ends. */
  dueAt: z.iso.datetime(),
  state: PeriodState,
  openedAt: z.iso.datetime().optional(),
  closedAt: z.iso.datetime().optional(),
  reportsComplete: z.boolean(),
  /** Lead agencies of the activities running in the period: whose reports the round waits for. */
  expectedAgencies: z.array(z.string()).default([]),
  /** Agencies whose report is stored. Written with every report, so the round's completion is decided atomically. */
  reportedAgencies: z.array(z.string()).default([]),
  /** Agencies whose report was still missing at the deadline (a later report does not undo the miss). */
  overdueAgencies: z.array(z.string()).default([]),
  /** Overdue agencies the coordinator was alerted about: on the last reminder, or at once when they missed twice. */
  escalatedAgencies: z.array(z.string()).default([]),
  reminders: z.int().min(0),
  wait: z.strictObject({ token: z.string(), registeredAt: z.iso.datetime() }).optional(),
  /** A sender's claim on completing the reports wait, so that SendTaskSuccess goes out once per token. */
  delivery: DeliveryClaim.optional(),
  updatedAt: z.iso.datetime(),
  version: z.int().min(1),
});
export type ReportingPeriod = z.infer<typeof ReportingPeriod>;

const MONTHS: Record<ReportingCadence, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

export type PeriodSlot = { index: number; label: string; start: string; end: string };

/**
 * Cuts the plan period into reporting periods of the cadence, aligned on the plan's start date; the last one is
 * shortened to end with the plan. Dates are ISO calendar dates (UTC), ends inclusive.
 */
export function reportingPeriods(plan: PlanPeriod, cadence: ReportingCadence): PeriodSlot[] {
  const step = MONTHS[cadence];
  const slots: PeriodSlot[] = [];
  let start = new Date(`${plan.start}T00:00:00Z`);
  const planEnd = new Date(`${plan.end}T00:00:00Z`);
  while (start <= planEnd) {
    const next = addMonths(start, step);
    const endInclusive = new Date(Math.min(next.getTime() - 86_400_000, planEnd.getTime()));
    const index = slots.length;
    slots.push({
      index,
      label: labelOf(start, cadence, index),
      start: isoDate(start),
      end: isoDate(endInclusive),
    });
    start = next;
  }
  return slots;
}

function addMonths(d: Date, months: number): Date {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function labelOf(start: Date, cadence: ReportingCadence, index: number): string {
  const m = start.getUTCMonth();
  const y = start.getUTCFullYear();
  // Calendar-aligned periods get the names people use (Q3 2027, H1 2028); others are numbered.
  if (cadence === "quarterly" && m % 3 === 0) return `Q${m / 3 + 1} ${y}`;
  if (cadence === "semiannual" && m % 6 === 0) return `H${m / 6 + 1} ${y}`;
  if (cadence === "annual" && m === 0) return `${y}`;
  if (cadence === "monthly") return `${y}-${String(m + 1).padStart(2, "0")}`;
  return `Period ${index + 1}`;
}

/** Days lead agencies have to report once a period has ended and its round opened. */
export const REPORTING_WINDOW_DAYS = 30;
/** Reminders sent for a round's missing reports before the period is closed with them still missing. */
export const MAX_REMINDERS = 2;
export const REMINDER_INTERVAL_DAYS = 7;

/** A period's report round opens the day after it ends (reports look back on the period just passed). */
export function roundOpensAt(slot: PeriodSlot): string {
  return new Date(Date.parse(`${slot.end}T00:00:00Z`) + 86_400_000).toISOString();
}
