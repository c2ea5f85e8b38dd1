import type { DonorCycleView } from "../../core/donors/donor-views.js";
import type { MonitoringView, PeriodView } from "../../core/monitoring/views.js";
import { Flash } from "./components.js";
import { paths, type View } from "./context.js";
import { MonitoringCharts } from "./monitoring-charts.js";
import { PeriodsTable } from "./monitoring-periods.js";
import { PlanDocument } from "./plan-document.js";
import { PlanTimeline } from "./plan-timeline.js";
import { PlanTotalsSection } from "./plan-totals.js";
import type { ApprovedPlan } from "./plan-version-model.js";
import { formatDate } from "./strings.js";

// What a donor follows of a shared cycle: the latest approved action plan (never a draft: the page reads frozen
// versions only), progress and spending with small counts suppressed, and the reporting periods to comment on.

export function DonorPage(props: {
  view: View;
  cycle: DonorCycleView;
  plan: ApprovedPlan | undefined;
  monitoring: MonitoringView;
  periods: readonly PeriodView[];
  now: string;
}) {
  const { view, cycle, plan } = props;
  const { t } = view;
  const stage = cycle.stages.find((s) => s.stage === "action_plan");
  return (
    <div class="stack">
      <p>
        {t("donor.period", {
          start: formatDate(view.locale, cycle.planPeriod.start),
          end: formatDate(view.locale, cycle.planPeriod.end),
        })}
      </p>
      <section aria-labelledby="approved-title" class="stack" id="approved-plan">
        <h2 id="approved-title">{t("donor.approvedPlan")}</h2>
        {plan ? (
          <>
            <p data-testid="approved-version">
              {stage?.approved?.ministries.length
                ? t("donor.version", {
                    n: plan.number,
                    date: formatDate(view.locale, plan.approvedAt),
                    ministries: stage.approved.ministries.join(", "),
                  })
                : t("donor.versionNoSigners", {
                    n: plan.number,
                    date: formatDate(view.locale, plan.approvedAt),
                  })}
            </p>
            <p class="no-print">
              <a href={paths.planPrint(cycle.id)}>{t("plan.print")}</a>
            </p>
            {plan.skipped > 0 ? (
              <Flash tone="warning">
                <p>{t("donor.skipped", { count: plan.skipped })}</p>
              </Flash>
            ) : null}
            <PlanTimeline view={view} model={plan.timeline} headingLevel={3} />
            <PlanTotalsSection view={view} totals={plan.totals} headingLevel={3} />
            <section aria-labelledby="donor-doc-title" class="stack">
              <h3 id="donor-doc-title">{t("plan.doc")}</h3>
              <PlanDocument view={view} objectives={plan.objectives} level={4} threshold={plan.threshold} />
            </section>
          </>
        ) : (
          <p class="muted" data-testid="no-approved-plan">
            {t("donor.noApprovedPlan")}
          </p>
        )}
      </section>
      <section aria-labelledby="donor-monitoring-title" class="stack">
        <h2 id="donor-monitoring-title">{t("monitoring.progress")}</h2>
        {props.monitoring.plan.source === "none" ? (
          <p class="muted">{t("monitoring.noPlan")}</p>
        ) : (
          <>
            <h3>{t("monitoring.periods")}</h3>
            <PeriodsTable
              view={view}
              periods={props.periods}
              now={props.now}
              href={(i) => paths.donorPeriod(cycle.id, i)}
            />
            <MonitoringCharts view={view} monitoring={props.monitoring} today={props.now.slice(0, 10)} />
          </>
        )}
      </section>
    </div>
  );
}
