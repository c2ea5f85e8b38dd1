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
import {
  MAX_REMINDERS,
  type PeriodSlot,
  REMINDER_INTERVAL_DAYS,
  REPORTING_WINDOW_DAYS,
  type ReportingPeriod,
  reportingPeriods,
  roundOpensAt,
} from "../../core/period.js";
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

/** Opens the period's report round. Idempotent: an existing period is left as it is. */
export async function openPeriod(deps: CoreDeps, raw: unknown): Promise<Record<string, never>> {
  const input = OpenPeriodInput.parse(raw);
  const { cycle } = await loadForTask(deps, input.country, input.cycleId);
  if (await deps.store.getPeriod(cycle.country, cycle.id, input.periodIndex)) return {};
  const slot = slotOf(cycle, input.periodIndex);
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
    reportsComplete: false,
    expectedAgencies: [],
    overdueAgencies: [],
    reminders: 0,
    updatedAt: at,
    version: 1,
  };
  await deps.store.commit({
    writes: [{ entity: "period", item: period, expectedVersion: null }],
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor: workflowActor("openPeriod"),
        action: "period.opened",
        summary: `Reporting round for ${slot.label} (${slot.start} to ${slot.end}) opened; reports due ${period.dueAt.slice(0, 10)}`,
        changes: [change("period", `${cycle.id}/${slot.index}`, null, period)],
      }),
    ],
  });
  return {};
}

/** Reports are late: records a reminder and says whether to wait again or close the period with reports missing. */
export async function remindReports(deps: CoreDeps, raw: unknown) {
  const input = RemindReportsInput.parse(raw);
  const { cycle } = await loadForTask(deps, input.country, input.cycleId);
  const period = await deps.store.getPeriod(cycle.country, cycle.id, input.periodIndex);
  if (!period) throw new Error(`period ${input.periodIndex} of cycle ${cycle.id} was never opened`);
  const reminders = input.reminders + 1;
  const at = isoNow(deps);
  if (!period.reportsComplete && period.reminders < reminders) {
    const next: ReportingPeriod = { ...period, reminders, updatedAt: at, version: period.version + 1 };
    await deps.store.commit({
      writes: [{ entity: "period", item: next, expectedVersion: period.version }],
      events: [
        auditEvent(deps, at, {
          country: cycle.country,
          cycleId: cycle.id,
          actor: workflowActor("remindReports"),
          action: "period.reminder_sent",
          summary: `Reports for ${period.label} are overdue (due ${period.dueAt.slice(0, 10)}): reminder ${reminders} of ${MAX_REMINDERS}`,
          changes: [change("period", `${cycle.id}/${period.index}`, period, next)],
        }),
      ],
    });
  }
  return { again: reminders < MAX_REMINDERS, timeoutSeconds: REMINDER_INTERVAL_DAYS * 86_400, reminders };
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
