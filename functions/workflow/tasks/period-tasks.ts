import {
  ClosePeriodInput,
  type NextExecution,
  nextExecution,
  OpenPeriodInput,
  PlanPeriodInput,
  type Position,
  RemindReportsInput,
} from "../../../workflows/schemas.js";
import { addDays, auditEvent, type CoreDeps, change, isoNow } from "../../core/changes.js";
import type { Cycle } from "../../core/cycle.js";
import { loadApprovedPlan } from "../../core/monitoring/approved-plan.js";
import { expectedAgencies } from "../../core/monitoring/reports.js";
import { agencyInbox, notificationWrites } from "../../core/notifications.js";
import {
  MAX_REMINDERS,
  type PeriodSlot,
  REMINDER_INTERVAL_DAYS,
  REPORTING_WINDOW_DAYS,
  type ReportingPeriod,
  reportingPeriods,
  roundOpensAt,
} from "../../core/period.js";
import type { Changeset, Write } from "../../core/ports.js";
import { workflowActor } from "../../core/principal.js";
import { loadForTask, waitSeconds } from "./context.js";
import { describePosition } from "./stage-tasks.js";

function slotOf(cycle: Cycle, index: number): PeriodSlot {
  const slot = reportingPeriods(cycle.planPeriod, cycle.reportingCadence)[index];
  if (!slot) throw new Error(`cycle ${cycle.id} has no reporting period ${index + 1}`);
  return slot;
}

/** When the period's report round opens, and how long its reports may take from then. */
export async function planPeriod(deps: CoreDeps, raw: unknown) {
  const input = PlanPeriodInput.parse(raw);
  const { cycle } = await loadForTask(deps, input.country, input.cycleId);
  const opensAt = roundOpensAt(slotOf(cycle, input.periodIndex));
  const now = deps.now();
  const from = new Date(Math.max(now.getTime(), Date.parse(opensAt)));
  return {
    opensAt,
    reportsTimeoutSeconds: waitSeconds(
      addDays(opensAt, REPORTING_WINDOW_DAYS),
      from,
      REPORTING_WINDOW_DAYS * 86_400,
    ),
  };
}

/**
 * Opens the period's report round: the lead agencies of the activities running in the period are expected to
 * report and are notified in the same transaction. With nobody expected, the round is complete at once. Idempotent:
 * an existing period is left as it is.
 */
export async function openPeriod(deps: CoreDeps, raw: unknown): Promise<Record<string, never>> {
  const input = OpenPeriodInput.parse(raw);
  const { cycle, stages } = await loadForTask(deps, input.country, input.cycleId);
  if (await deps.store.getPeriod(cycle.country, cycle.id, input.periodIndex)) return {};
  const slot = slotOf(cycle, input.periodIndex);
  const [plan, reports] = await Promise.all([
    loadApprovedPlan(deps, cycle, stages),
    deps.store.listRecords(cycle.country, cycle.id, "report"),
  ]);
  const expected = expectedAgencies(plan.activities, reports, slot);
  const at = isoNow(deps);
  const period: ReportingPeriod = {
    country: cycle.country,
    cycleId: cycle.id,
    index: slot.index,
    label: slot.label,
    start: slot.start,
    end: slot.end,
    dueAt: addDays(roundOpensAt(slot), REPORTING_WINDOW_DAYS),
    state: "open",
    openedAt: at,
    reportsComplete: expected.length === 0,
    expectedAgencies: expected,
    reportedAgencies: [],
    overdueAgencies: [],
    escalatedAgencies: [],
    reminders: 0,
    updatedAt: at,
    version: 1,
  };
  const due = period.dueAt.slice(0, 10);
  await deps.store.commit({
    writes: [
      { entity: "period", item: period, expectedVersion: null },
      ...notificationWrites(
        deps,
        {
          country: cycle.country,
          cycleId: cycle.id,
          kind: "period_opened",
          subject: `Progress report for ${slot.label} due ${due}`,
          body: `"${cycle.title}": report the status, % complete and spend of the activities you lead, with their indicator actuals, for ${slot.label} (${slot.start} to ${slot.end}) by ${due}.`,
          at,
        },
        expected.map(agencyInbox),
      ),
    ],
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor: workflowActor("openPeriod"),
        action: "period.opened",
        summary:
          expected.length > 0
            ? `Reporting round for ${slot.label} (${slot.start} to ${slot.end}) opened; reports due ${due} from ${expected.join(", ")}`
            : `Reporting round for ${slot.label} (${slot.start} to ${slot.end}) opened and complete: no activity runs in it`,
        changes: [change("period", `${cycle.id}/${slot.index}`, null, period)],
      }),
    ],
  });
  return {};
}

/**
 * The round's deadline passed with reports missing: the missing agencies become overdue and are reminded, and the
 * coordinator is alerted (escalation) about those missing on the last reminder or already overdue in the previous
 * period. Says whether to wait again or close the period with reports missing; a complete round closes at once.
 */
export async function remindReports(deps: CoreDeps, raw: unknown) {
  const input = RemindReportsInput.parse(raw);
  const { cycle } = await loadForTask(deps, input.country, input.cycleId);
  const period = await deps.store.getPeriod(cycle.country, cycle.id, input.periodIndex);
  if (!period) throw new Error(`period ${input.periodIndex} of cycle ${cycle.id} was never opened`);
  const reminders = input.reminders + 1;
  const answer = { timeoutSeconds: REMINDER_INTERVAL_DAYS * 86_400, reminders };
  // Completed while the workflow was not listening (the delivery failed, or raced the deadline): close it now.
  if (period.reportsComplete || period.state === "closed") return { ...answer, again: false };
  if (period.reminders < reminders) {
    const previous =
      period.index > 0 ? await deps.store.getPeriod(cycle.country, cycle.id, period.index - 1) : undefined;
    await deps.store.commit(reminderChanges(deps, cycle, period, previous, reminders));
  }
  return { ...answer, again: reminders < MAX_REMINDERS };
}

function reminderChanges(
  deps: CoreDeps,
  cycle: Cycle,
  period: ReportingPeriod,
  previous: ReportingPeriod | undefined,
  reminders: number,
): Changeset {
  const at = isoNow(deps);
  const missing = period.expectedAgencies.filter((a) => !period.reportedAgencies.includes(a));
  const last = reminders >= MAX_REMINDERS;
  const escalate = missing.filter(
    (a) =>
      !period.escalatedAgencies.includes(a) && (last || (previous?.overdueAgencies.includes(a) ?? false)),
  );
  const next: ReportingPeriod = {
    ...period,
    reminders,
    overdueAgencies: union(period.overdueAgencies, missing),
    escalatedAgencies: union(period.escalatedAgencies, escalate),
    updatedAt: at,
    version: period.version + 1,
  };
  const due = period.dueAt.slice(0, 10);
  const ref = { country: cycle.country, cycleId: cycle.id, at };
  const actor = workflowActor("remindReports");
  const writes: Write[] = [
    { entity: "period", item: next, expectedVersion: period.version },
    ...notificationWrites(
      deps,
      {
        ...ref,
        kind: "reminder",
        subject: `Overdue: your progress report for ${period.label} (reminder ${reminders} of ${MAX_REMINDERS})`,
        body: `"${cycle.title}": your report for ${period.label} was due ${due} and has not been received. Please submit it now.`,
      },
      missing.map(agencyInbox),
    ),
  ];
  const events = [
    auditEvent(deps, at, {
      ...ref,
      actor,
      action: "period.reminder_sent",
      summary: `Reports for ${period.label} are overdue (due ${due}) from ${missing.join(", ")}: reminder ${reminders} of ${MAX_REMINDERS}`,
      changes: [change("period", `${cycle.id}/${period.index}`, period, next)],
    }),
  ];
  if (escalate.length > 0) {
    const why = last
      ? "after the last reminder"
      : `after also missing ${previous?.label ?? "the previous period"}`;
    const summary = `Escalated to the coordinator: ${escalate.join(", ")} still owe their report for ${period.label} ${why}`;
    writes.push(
      ...notificationWrites(
        deps,
        {
          ...ref,
          kind: "escalation",
          subject: `Escalation: reports for ${period.label} missing from ${escalate.join(", ")}`,
          body: `"${cycle.title}": ${summary.charAt(0).toLowerCase()}${summary.slice(1)}. The reports were due ${due}.`,
        },
        ["coordinator"],
      ),
    );
    events.push(auditEvent(deps, at, { ...ref, actor, action: "period.escalated", summary, changes: [] }));
  }
  return { writes, events };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** Closes the period and moves the cycle to the next period, or to closing after the last one. */
export async function closePeriod(deps: CoreDeps, raw: unknown): Promise<{ next: NextExecution }> {
  const input = ClosePeriodInput.parse(raw);
  const { cycle } = await loadForTask(deps, input.country, input.cycleId);
  const count = reportingPeriods(cycle.planPeriod, cycle.reportingCadence).length;
  const position: Position =
    input.periodIndex + 1 < count ? { kind: "period", index: input.periodIndex + 1 } : { kind: "close" };
  const period = await deps.store.getPeriod(cycle.country, cycle.id, input.periodIndex);
  if (period && period.state !== "closed") {
    const at = isoNow(deps);
    const closed: ReportingPeriod = {
      ...period,
      state: "closed",
      closedAt: at,
      updatedAt: at,
      version: period.version + 1,
    };
    const moved: Cycle = { ...cycle, position, generation: 0, updatedAt: at, version: cycle.version + 1 };
    await deps.store.commit({
      writes: [
        { entity: "period", item: closed, expectedVersion: period.version },
        { entity: "cycle", item: moved, expectedVersion: cycle.version },
      ],
      events: [
        auditEvent(deps, at, {
          country: cycle.country,
          cycleId: cycle.id,
          actor: workflowActor("closePeriod"),
          action: "period.closed",
          summary: `${period.label} closed${period.reportsComplete ? "" : " with reports missing"}; the cycle moves to ${describePosition(position)}`,
          changes: [
            change("period", `${cycle.id}/${period.index}`, period, closed),
            change("cycle", cycle.id, cycle, moved),
          ],
        }),
      ],
    });
  }
  return { next: nextExecution({ country: cycle.country, cycleId: cycle.id, position, generation: 0 }) };
}
