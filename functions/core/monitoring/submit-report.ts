import { z } from "zod";
import { auditEvent, type CoreDeps, change, isoNow, recordChange } from "../changes.js";
import type { Cycle } from "../cycle.js";
import {
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  ServiceUnavailableError,
  ValidationError,
  VersionConflictError,
  WorkflowTaskGoneError,
} from "../errors.js";
import { type PeriodSlot, type ReportingPeriod, reportingPeriods, roundOpensAt } from "../period.js";
import type { IdempotencyIntent } from "../ports.js";
import { actorOf, OrgSlug, type Principal } from "../principal.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { loadCycle } from "../use-cases/load.js";
import { retryOnConflict } from "../use-cases/retry.js";
import { loadApprovedPlan } from "./approved-plan.js";
import { reportId, reportIssues } from "./reports.js";
import { deliverReports } from "./reports-wait.js";
import { ActivityProgress, IndicatorActual, type PeriodReport } from "./schema.js";
import { type ReportView, reportView } from "./views.js";

export const SubmitReportInput = z
  .strictObject({
    /** The agency reported for: a member's own (may be omitted); required when the coordinator reports. */
    agency: OrgSlug.optional(),
    activities: z.array(ActivityProgress).min(1).max(200),
    indicatorActuals: z.array(IndicatorActual).max(500).default([]),
    narrative: z.string().trim().max(4000).default(""),
    /** The version of the agency's report you read; omit only for the first report of the period. */
    expectedVersion: z.int().min(1).optional(),
  })
  .superRefine((input, ctx) => {
    const twice = (ids: string[], field: string, key: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id))
          ctx.addIssue({ code: "custom", path: [field, i, key], message: `${id} appears twice` });
        seen.add(id);
      });
    };
    twice(
      input.activities.map((a) => a.activityId),
      "activities",
      "activityId",
    );
    twice(
      input.indicatorActuals.map((a) => a.indicatorId),
      "indicatorActuals",
      "indicatorId",
    );
  });
export type SubmitReportInput = z.infer<typeof SubmitReportInput>;

/** The cycle's reporting period `index`, or 404. */
export function slotOf(cycle: Cycle, index: number): PeriodSlot {
  const slot = reportingPeriods(cycle.planPeriod, cycle.reportingCadence)[index];
  if (!slot) throw new NotFoundError(`reporting period ${index} of cycle ${cycle.id} was not found`);
  return slot;
}

/**
 * A lead agency's report for a period: stored (replacing its earlier one), and the period's round marked complete
 * in the same transaction when it was the last one expected; the workflow's wait is then completed, once.
 */
export async function submitReport(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
  input: SubmitReportInput,
  idempotency?: IdempotencyIntent,
): Promise<ReportView> {
  const outcome = await retryOnConflict(() =>
    recordReport(deps, principal, country, cycleId, index, input, idempotency),
  );
  // A stale expectedVersion is the caller's to fix: answered at once, not retried like a lost race.
  if ("stale" in outcome) throw outcome.stale;
  const { result, complete } = outcome;
  if (complete) {
    try {
      await deliverReports(deps, { country, cycleId, periodIndex: index });
    } catch (error) {
      // The report and the completion are stored. A wait that cannot take it now is completed when its deadline
      // passes (remindReports finds the round complete) or by the next execution's registerWait.
      if (!(error instanceof ServiceUnavailableError || error instanceof WorkflowTaskGoneError)) throw error;
    }
  }
  return result;
}

async function recordReport(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
  input: SubmitReportInput,
  idempotency?: IdempotencyIntent,
): Promise<{ result: ReportView; complete: boolean } | { stale: VersionConflictError }> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "report.submit");
  const agency = agencyOf(principal, input.agency);
  const slot = slotOf(cycle, index);
  const period = await deps.store.getPeriod(country, cycleId, index);
  if (!period) {
    throw new RuleViolationError(
      "period_not_open",
      `${slot.label} is not open for reports yet: its round opens ${roundOpensAt(slot).slice(0, 10)}`,
      { periodIndex: index, opensAt: roundOpensAt(slot) },
    );
  }
  if (period.state === "closed") {
    throw new RuleViolationError(
      "period_closed",
      `${slot.label} is closed: its reports can no longer change`,
      {
        periodIndex: index,
        closedAt: period.closedAt,
      },
    );
  }
  const [plan, reports] = await Promise.all([
    loadApprovedPlan(deps, cycle, stages),
    deps.store.listRecords(country, cycleId, "report"),
  ]);
  const earlier = reports.filter((r) => r.periodIndex < index);
  const issues = reportIssues(plan, earlier, slot, agency, input);
  if (issues.length > 0) {
    throw new RuleViolationError("report_invalid", issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
      issues,
    });
  }
  const id = reportId(index, agency);
  const existing = reports.find((r) => r.id === id);
  const stale = staleVersion(agency, slot, existing, input.expectedVersion);
  if (stale) return { stale };

  const at = isoNow(deps);
  const report: PeriodReport = {
    kind: "report",
    id,
    country,
    cycleId,
    periodIndex: index,
    agency,
    activities: input.activities,
    indicatorActuals: input.indicatorActuals,
    narrative: input.narrative,
    submittedBy: actorOf(principal),
    submittedAt: at,
    updatedAt: at,
    version: (existing?.version ?? 0) + 1,
  };
  const reported = [...new Set([...period.reportedAgencies, agency])].sort();
  const next: ReportingPeriod = {
    ...period,
    reportedAgencies: reported,
    reportsComplete: period.expectedAgencies.every((a) => reported.includes(a)),
    updatedAt: at,
    version: period.version + 1,
  };
  const becameComplete = next.reportsComplete && !period.reportsComplete;
  const result = reportView(report);
  await deps.store.commit({
    writes: [
      { entity: "record", item: report, expectedVersion: existing?.version ?? null },
      // The period's version guards the round: still open, and every agency's report counted exactly once.
      { entity: "period", item: next, expectedVersion: period.version },
    ],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "report.submitted",
        summary: `${agency} ${existing ? "resubmitted" : "submitted"} its report for ${slot.label}${becameComplete ? "; every expected report is in" : ""}`,
        changes: [recordChange(existing, report), change("period", `${cycleId}/${index}`, period, next)],
      }),
    ],
    ...withIdempotency(idempotency, result, at),
  });
  return { result, complete: next.reportsComplete };
}

/** Members report for their own agency; the coordinator names the agency it reports for. */
function agencyOf(principal: Principal, requested: string | undefined): string {
  if (principal.role === "member") {
    if (requested && requested !== principal.agency) {
      throw new ForbiddenError("agency: a member reports only for their own agency", { field: "agency" });
    }
    if (principal.agency) return principal.agency;
  }
  if (!requested) {
    throw new ValidationError("agency: name the lead agency this report is for", { field: "agency" });
  }
  return requested;
}

function staleVersion(
  agency: string,
  slot: PeriodSlot,
  existing: PeriodReport | undefined,
  expected: number | undefined,
): VersionConflictError | undefined {
  if (!existing && expected !== undefined) {
    return new VersionConflictError(
      `expectedVersion: ${agency} has no report for ${slot.label} yet; omit expectedVersion to submit it`,
      { field: "expectedVersion", currentVersion: null },
    );
  }
  if (existing && expected !== existing.version) {
    return new VersionConflictError(
      expected === undefined
        ? `expectedVersion: ${agency} already reported for ${slot.label} (version ${existing.version}); send expectedVersion to replace it`
        : `expectedVersion: ${agency}'s report for ${slot.label} is at version ${existing.version}, not ${expected}; reload and try again`,
      { field: "expectedVersion", currentVersion: existing.version },
    );
  }
  return undefined;
}
