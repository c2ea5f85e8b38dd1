import type { PlanTotals } from "../../core/action-plan/views.js";
import type { PlanPeriod } from "../../core/cycle.js";
import type { StageState } from "../../core/stage.js";
import { Badge } from "./components.js";
import type { View } from "./context.js";
import { PlanDocument } from "./plan-document.js";
import type { DocObjective } from "./plan-document-model.js";
import { PlanTimeline } from "./plan-timeline.js";
import type { TimelineModel } from "./plan-timeline-model.js";
import { PlanTotalsSection } from "./plan-totals.js";
import { formatDate } from "./strings.js";

// The action plan as a document to print: what it is and where it stands, the budget totals, the timeline, then the
// plan pillar by pillar, objective by objective, activity by activity with its indicators. The stylesheet's print
// section drops the navigation, forms and links; the headings nest from h2 under the page's h1.

export type PrintablePlan = {
  cycle: { title: string; country: string; planPeriod: PlanPeriod };
  /** "draft" for the live plan (with its stage state), or the approved version's number and date. */
  status: { kind: "live"; state: StageState } | { kind: "version"; number: number; approvedAt: string };
  objectives: readonly DocObjective[];
  totals: PlanTotals;
  timeline: TimelineModel;
  threshold?: number | undefined;
  printedAt: string;
};

export function PrintPlan(props: { view: View; plan: PrintablePlan }) {
  const { view, plan } = props;
  const { t } = view;
  const status =
    plan.status.kind === "version"
      ? t("print.approvedVersion", {
          n: plan.status.number,
          date: formatDate(view.locale, plan.status.approvedAt),
        })
      : t("print.live", { state: t(`state.${plan.status.state}`) });
  return (
    <article class="print-plan stack" aria-labelledby="print-title">
      <p class="no-print muted">{t("print.howTo")}</p>
      <header>
        <h2 id="print-title">{t("print.heading", { title: plan.cycle.title })}</h2>
        <dl class="facts">
          <dt>{t("print.country")}</dt>
          <dd>{plan.cycle.country}</dd>
          <dt>{t("print.period")}</dt>
          <dd>
            {`${formatDate(view.locale, plan.cycle.planPeriod.start)} – ${formatDate(view.locale, plan.cycle.planPeriod.end)}`}
          </dd>
          <dt>{t("print.status")}</dt>
          <dd data-testid="print-status">
            {plan.status.kind === "live" ? <Badge tone="warning">{status}</Badge> : status}
          </dd>
          <dt>{t("print.printed")}</dt>
          <dd>{formatDate(view.locale, plan.printedAt, true)}</dd>
        </dl>
      </header>
      <PlanTotalsSection view={view} totals={plan.totals} charts={false} />
      <PlanTimeline view={view} model={plan.timeline} />
      <section aria-labelledby="print-doc-title" class="stack">
        <h2 id="print-doc-title">{t("plan.doc")}</h2>
        <PlanDocument view={view} objectives={plan.objectives} level={3} threshold={plan.threshold} />
      </section>
    </article>
  );
}
