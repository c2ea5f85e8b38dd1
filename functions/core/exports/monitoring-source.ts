import type { CoreDeps } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { getSummary, type SummaryView } from "../donors/closing.js";
import { NotFoundError } from "../errors.js";
import { loadApprovedPlan } from "../monitoring/approved-plan.js";
import { getMonitoring, getPeriod, listPeriods } from "../monitoring/queries.js";
import { indicatorRollups } from "../monitoring/rollups.js";
import { suppressReportForDonors } from "../monitoring/suppression.js";
import type {
  MonitoringView,
  PeriodDetail,
  PeriodView,
  ReportView,
  ShownDisaggregation,
} from "../monitoring/views.js";
import { reportView } from "../monitoring/views.js";
import { type PeriodSlot, reportingPeriods } from "../period.js";
import type { Principal } from "../principal.js";
import { loadCycle } from "../use-cases/load.js";
import { audienceOf, loadPlanExport, type PlanExport } from "./plan-source.js";

// What the monitoring exports read, always through the monitoring use cases, which pick the approved plan and
// suppress small counts for donors. The plan the figures are set against (names, baselines, every year's target)
// is the approved version monitoring follows, read through loadPlanExport so a donor gets it redacted.

export type CycleHeader = Pick<
  Cycle,
  "id" | "country" | "title" | "planPeriod" | "reportingCadence" | "status" | "frameworks"
>;

/** An indicator's actual in one reporting period (government only: counts per period do not leave it). */
export type PeriodActual = {
  indicatorId: string;
  slot: PeriodSlot;
  actual: number | null;
  reports: number;
  disaggregation: ShownDisaggregation;
};

export type TrackingData = {
  cycle: CycleHeader;
  plan: PlanExport;
  monitoring: MonitoringView;
  /** Empty for donors. */
  periodActuals: PeriodActual[];
};

export type PeriodReportData = TrackingData & { detail: PeriodDetail };
export type FinalReportData = TrackingData & {
  summary: SummaryView;
  periods: PeriodView[];
  reports: ReportView[];
};

async function monitoredPlan(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  monitoring: MonitoringView,
): Promise<PlanExport> {
  if (monitoring.plan.source === "none") {
    throw new NotFoundError(
      `the action plan of cycle ${cycleId} is not approved yet: there are no indicators to track or report on`,
    );
  }
  // Monitoring follows the latest version; before one exists it follows the approved records themselves.
  return loadPlanExport(deps, principal, country, cycleId, monitoring.plan.versionNumber);
}

export async function loadTracking(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  throughPeriod?: number,
): Promise<TrackingData> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  const monitoring = await getMonitoring(deps, principal, country, cycleId, { throughPeriod });
  const plan = await monitoredPlan(deps, principal, country, cycleId, monitoring);
  if (audienceOf(principal) === "donor") return { cycle, plan, monitoring, periodActuals: [] };
  const [approved, stored] = await Promise.all([
    loadApprovedPlan(deps, cycle, stages),
    deps.store.listRecords(country, cycleId, "report"),
  ]);
  const slots = reportingPeriods(cycle.planPeriod, cycle.reportingCadence);
  const periodActuals = slots
    .filter((slot) => throughPeriod === undefined || slot.index <= throughPeriod)
    .flatMap((slot) => {
      const reports = stored.filter((r) => r.periodIndex === slot.index);
      if (reports.length === 0) return [];
      // One period's reports rolled up as a year's would be: the same sums, through the same function.
      return indicatorRollups(approved.indicators, reports, slots).flatMap((rollup) =>
        rollup.years.map((year) => ({
          indicatorId: rollup.id,
          slot,
          actual: year.actual,
          reports: year.reports,
          disaggregation: year.disaggregation,
        })),
      );
    });
  return { cycle, plan, monitoring, periodActuals };
}

export async function loadPeriodReport(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
): Promise<PeriodReportData> {
  const detail = await getPeriod(deps, principal, country, cycleId, index);
  return { ...(await loadTracking(deps, principal, country, cycleId, index)), detail };
}

export async function loadFinalReport(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<FinalReportData> {
  const summary = await getSummary(deps, principal, country, cycleId);
  const tracking = await loadTracking(deps, principal, country, cycleId);
  const { items: periods } = await listPeriods(deps, principal, country, cycleId);
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  let reports = (await deps.store.listRecords(country, cycleId, "report")).map(reportView);
  if (audienceOf(principal) === "donor") {
    // As getPeriod shows them to donors: no per-period counts, no official's identity.
    const plan = await loadApprovedPlan(deps, cycle, stages);
    const indicators = new Map(plan.indicators.map((i) => [i.id, i]));
    reports = reports.map((r) => suppressReportForDonors(r, indicators));
  }
  return { ...tracking, summary, periods, reports };
}
