import type { CoreDeps } from "../changes.js";
import type { ReportingPeriod } from "../period.js";
import { type DeliveryResult, deliverOnce, registerWaitOn, type WaitSlot } from "../use-cases/delivery.js";

export type PeriodRef = { country: string; cycleId: string; periodIndex: number };

// The workflow's wait for a period's reports, delivered by the same exactly-once mechanism as a stage's waits: the
// wait is owed `{ complete: true }` once every expected agency has reported.
function periodSlot(deps: CoreDeps, ref: PeriodRef): WaitSlot<ReportingPeriod> {
  return {
    read: () => deps.store.getPeriod(ref.country, ref.cycleId, ref.periodIndex),
    write: (item, expectedVersion) => ({ entity: "period", item, expectedVersion }),
    owed: (period) => (period.reportsComplete ? { kind: "reports", output: { complete: true } } : undefined),
  };
}

/** Completes the workflow's reports wait once the round is complete (see deliverOnce). */
export function deliverReports(deps: CoreDeps, ref: PeriodRef): Promise<DeliveryResult> {
  return deliverOnce(deps, periodSlot(deps, ref));
}

/** Stores the token of the workflow's reports wait on the period, and completes it at once if already owed. */
export function registerReportsWait(deps: CoreDeps, ref: PeriodRef, token: string): Promise<DeliveryResult> {
  return registerWaitOn(
    deps,
    periodSlot(deps, ref),
    (period, registeredAt) => ({ ...period, wait: { token, registeredAt } }),
    `period ${ref.periodIndex} of cycle ${ref.cycleId}`,
  );
}
