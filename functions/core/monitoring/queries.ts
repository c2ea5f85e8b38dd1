import { DEFAULT_SUPPRESSION_THRESHOLD } from "../action-plan/schema.js";
import type { CoreDeps } from "../changes.js";
import { reportingPeriods } from "../period.js";
import type { Principal } from "../principal.js";
import { loadCycle } from "../use-cases/load.js";
import { loadApprovedPlan } from "./approved-plan.js";
import { reportId } from "./reports.js";
import { rollups } from "./rollups.js";
import { sdg1622 } from "./sdg.js";
import { slotOf } from "./submit-report.js";
import { suppressForDonors, suppressReportForDonors } from "./suppression.js";
import { type MonitoringView, type PeriodDetail, type PeriodView, periodView, reportView } from "./views.js";

// What monitoring shows: the periods with their rounds, one period with its reports, and the figures. Donors get
// the suppressed picture (see suppression.ts).

/** Every reporting period of the cycle: opened ones as stored, later ones as scheduled. */
export async function listPeriods(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<{ items: PeriodView[] }> {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  const stored = new Map((await deps.store.listPeriods(country, cycleId)).map((p) => [p.index, p]));
  const slots = reportingPeriods(cycle.planPeriod, cycle.reportingCadence);
  return { items: slots.map((slot) => periodView(slot, stored.get(slot.index))) };
}

/** One period with its reports; for donors without per-period counts or the officials who reported. */
export async function getPeriod(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
): Promise<PeriodDetail> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  const slot = slotOf(cycle, index);
  const [period, reports] = await Promise.all([
    deps.store.getPeriod(country, cycleId, index),
    deps.store.listRecords(country, cycleId, "report", reportId(index, "")),
  ]);
  let views = reports.map(reportView);
  if (principal.role === "donor") {
    const plan = await loadApprovedPlan(deps, cycle, stages);
    const indicators = new Map(plan.indicators.map((i) => [i.id, i]));
    views = views.map((r) => suppressReportForDonors(r, indicators));
  }
  return { period: periodView(slot, period), reports: views };
}

/**
 * Roll-ups, indicators and SDG 16.2.2 of the approved plan; suppressed for donors. `throughPeriod` leaves out the
 * reports of later periods: the figures as they stood when that period's report round closed (a period report).
 */
export async function getMonitoring(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  options: { throughPeriod?: number } = {},
): Promise<MonitoringView> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  const [plan, stored] = await Promise.all([
    loadApprovedPlan(deps, cycle, stages),
    deps.store.listRecords(country, cycleId, "report"),
  ]);
  const { throughPeriod } = options;
  const reports = throughPeriod === undefined ? stored : stored.filter((r) => r.periodIndex <= throughPeriod);
  const figures = rollups({
    objectives: plan.objectives,
    activities: plan.activities,
    indicators: plan.indicators,
    reports,
    slots: reportingPeriods(cycle.planPeriod, cycle.reportingCadence),
  });
  const threshold = plan.settings?.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const view: MonitoringView = {
    cycleId,
    plan: {
      source: plan.source.kind,
      ...(plan.source.kind === "version" ? { versionNumber: plan.source.number } : {}),
    },
    reportedThrough: figures.reportedThrough,
    totals: figures.totals,
    pillars: figures.pillars,
    objectives: figures.objectives,
    activities: figures.activities,
    indicators: figures.indicators,
    sdg: sdg1622(figures.indicators, plan.settings?.population),
    suppression: { applied: false, threshold },
  };
  return principal.role === "donor" ? suppressForDonors(view, threshold) : view;
}
