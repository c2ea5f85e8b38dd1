import type { CommentView } from "../../core/donors/comments.js";
import type { PeriodDetail, ReportView } from "../../core/monitoring/views.js";
import { Badge, Button, Field, type FieldErrors, PostForm, Table } from "./components.js";
import type { View } from "./context.js";
import type { RawForm } from "./forms.js";
import { actorName, DateText } from "./labels.js";
import { disaggregationText } from "./monitoring-charts.js";
import { lateAgencies } from "./monitoring-periods.js";
import { formatNumber } from "./strings.js";

// One reporting period: its facts, each lead agency's report (for donors with the per-period counts withheld, shown
// as suppressed), and the comments on the period with a form to add one.

export type Names = { activity: (id: string) => string; indicator: (id: string) => string };

export function PeriodFacts(props: { view: View; detail: PeriodDetail; now: string }) {
  const { view } = props;
  const { t } = view;
  const p = props.detail.period;
  const late = lateAgencies(p, props.now);
  return (
    <dl class="facts" data-testid="period-facts">
      <dt>{t("monitoring.dates")}</dt>
      <dd>
        <DateText view={view} iso={p.start} /> – <DateText view={view} iso={p.end} />
      </dd>
      <dt>{t("monitoring.state")}</dt>
      <dd>{t(`monitoring.periodState.${p.state}`)}</dd>
      <dt>{t("monitoring.due")}</dt>
      <dd>
        <DateText view={view} iso={p.dueAt} />
      </dd>
      <dt>{t("monitoring.reports")}</dt>
      <dd>
        {t("monitoring.reportsCount", {
          reported: p.reportedAgencies.length,
          expected: p.expectedAgencies.length,
        })}
      </dd>
      <dt>{t("monitoring.late")}</dt>
      <dd>
        {late.length > 0 ? (
          <>
            <Badge tone="danger">{t("common.overdue")}</Badge> {late.join(", ")}
          </>
        ) : (
          t("common.none")
        )}
      </dd>
    </dl>
  );
}

export function Reports(props: {
  view: View;
  reports: readonly ReportView[];
  names: Names;
  threshold: number;
}) {
  const { view } = props;
  const { t } = view;
  const suppressed = t("chart.suppressed", { threshold: props.threshold });
  if (props.reports.length === 0) return <p class="muted">{t("monitoring.noReports")}</p>;
  return (
    <div class="stack">
      {props.reports.map((r) => (
        <article
          class="card report-card"
          id={`report-${r.agency}`}
          aria-labelledby={`report-${r.agency}-title`}
        >
          <h3 id={`report-${r.agency}-title`}>{t("monitoring.reportOf", { agency: r.agency })}</h3>
          <p class="muted">
            {t("monitoring.submitted")} <DateText view={view} iso={r.submittedAt} withTime />
            {r.submittedBy ? ` · ${actorName(view, r.submittedBy)}` : null}
          </p>
          <Table
            caption={t("monitoring.reportActivities", { agency: r.agency })}
            columns={[
              { label: t("plan.activity") },
              { label: t("monitoring.status") },
              { label: t("chart.complete"), numeric: true },
              { label: t("chart.spent"), numeric: true },
              { label: t("monitoring.note") },
            ]}
          >
            {r.activities.map((a) => (
              <tr>
                <th scope="row">{props.names.activity(a.activityId)}</th>
                <td>{t(`monitoring.status.${a.status}`)}</td>
                <td class="num">
                  {t("common.percent", { value: formatNumber(view.locale, a.percentComplete) })}
                </td>
                <td class="num">{formatNumber(view.locale, a.spend, 2)}</td>
                <td>{a.narrative || t("common.none")}</td>
              </tr>
            ))}
          </Table>
          {r.indicatorActuals.length > 0 ? (
            <Table
              caption={t("monitoring.reportIndicators", { agency: r.agency })}
              columns={[
                { label: t("plan.indicator") },
                { label: t("monitoring.actual"), numeric: true },
                { label: t("plan.indicator.disaggregation") },
              ]}
            >
              {r.indicatorActuals.map((a) => (
                <tr data-indicator={a.indicatorId}>
                  <th scope="row">{props.names.indicator(a.indicatorId)}</th>
                  <td class={a.value === null ? "num suppressed" : "num"}>
                    {a.value === null ? suppressed : formatNumber(view.locale, a.value)}
                  </td>
                  <td class={a.suppressed ? "suppressed" : undefined}>
                    {a.suppressed
                      ? suppressed
                      : disaggregationText(view, a.disaggregation, suppressed) || t("common.none")}
                  </td>
                </tr>
              ))}
            </Table>
          ) : null}
          {r.narrative ? <p>{r.narrative}</p> : null}
        </article>
      ))}
    </div>
  );
}

export function Comments(props: {
  view: View;
  comments: readonly CommentView[];
  /** Where the form posts; none for those who may not comment. */
  action?: string | undefined;
  form?: { raw: RawForm; errors: FieldErrors } | undefined;
}) {
  const { view } = props;
  const { t } = view;
  return (
    <section aria-labelledby="comments-title" class="stack" id="comments">
      <h2 id="comments-title">{t("monitoring.comments")}</h2>
      {props.comments.length === 0 ? (
        <p class="muted">{t("monitoring.noComments")}</p>
      ) : (
        <ol class="comments" data-testid="comments">
          {props.comments.map((c) => (
            <li class="card">
              <p class="muted">
                {c.author.organisation
                  ? t("monitoring.commentBy", {
                      role: t(`role.${c.author.role}`),
                      organisation: c.author.organisation,
                    })
                  : t(`role.${c.author.role}`)}
                {" · "}
                <DateText view={view} iso={c.at} withTime />
              </p>
              <p>{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {props.action ? (
        <PostForm view={view} action={props.action} id="comment-form">
          <Field
            view={view}
            type="textarea"
            name="text"
            label={t("monitoring.commentText")}
            hint={t("monitoring.commentHint")}
            value={props.form?.raw.text}
            error={props.form?.errors.text ?? props.form?.errors.form}
            maxlength={2000}
            required
          />
          <Button>{t("monitoring.commentSubmit")}</Button>
        </PostForm>
      ) : null}
    </section>
  );
}
