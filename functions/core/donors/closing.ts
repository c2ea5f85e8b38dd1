import type { z } from "zod";
import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { NotFoundError } from "../errors.js";
import { loadApprovedPlan } from "../monitoring/approved-plan.js";
import { reportingPeriods } from "../period.js";
import type { Principal } from "../principal.js";
import type { Stage } from "../stage.js";
import { loadCycle } from "../use-cases/load.js";
import { FinalSummary } from "./schema.js";
import { summarise } from "./summary.js";

export const SUMMARY_ID = "final";

/**
 * The final summary of a cycle, computed from its reports and periods as they stand now and from its approved plan:
 * the one monitoring followed (its latest frozen version). An amendment still in draft when the cycle closes was
 * never approved, and its edits to the plan records must not count.
 */
export async function computeSummary(
  deps: Pick<CoreDeps, "store">,
  cycle: Cycle,
  stages: Stage[],
  closedAt: string,
): Promise<FinalSummary> {
  const { country, id } = cycle;
  const slots = reportingPeriods(cycle.planPeriod, cycle.reportingCadence);
  const [{ activities, indicators }, reports, periods] = await Promise.all([
    loadApprovedPlan(deps, cycle, stages),
    deps.store.listRecords(country, id, "report"),
    // A workflow task, not a request path: one read per period (at most 120, a decade of months) is fine here.
    Promise.all(slots.map((s) => deps.store.getPeriod(country, id, s.index))),
  ]);
  const stored = new Map(periods.flatMap((p) => (p ? [[p.index, p] as const] : [])));
  return {
    kind: "summary",
    id: SUMMARY_ID,
    country,
    cycleId: id,
    closedAt,
    ...summarise({ activities, indicators, reports, slots, periods: stored }),
    updatedAt: closedAt,
    version: 1,
  };
}

export const SummaryView = FinalSummary.omit({ kind: true, id: true, country: true, version: true });
export type SummaryView = z.infer<typeof SummaryView>;

export function summaryView(summary: FinalSummary): SummaryView {
  const { kind: _k, id: _i, country: _c, version: _v, ...rest } = summary;
  return rest;
}

/**
 * The summary a closed cycle ended with. Government roles and the donors it is shared with may read it: it holds
 * aggregates of activities, money, indicators and periods, and no counts of people, so there is nothing to suppress.
 */
export async function getSummary(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<SummaryView> {
  await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  const summary = await deps.store.getRecord(country, cycleId, "summary", SUMMARY_ID);
  if (!summary) {
    throw new NotFoundError(
      `cycle ${cycleId} has no final summary yet: it is written when the cycle closes after its last reporting period`,
    );
  }
  return summaryView(summary);
}
