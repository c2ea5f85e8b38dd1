import type { MonitoringView, ShownDisaggregation } from "../../core/monitoring/views.js";
import { BarChart } from "./charts.js";
import { Table } from "./components.js";
import type { View } from "./context.js";
import {
  activityProgressRows,
  budgetCurrencies,
  budgetRows,
  indicatorRows,
  isSuppressed,
  pillarProgressRows,
  type Words,
} from "./monitoring-charts-model.js";
import { SdgTable } from "./monitoring-sdg.js";
import { money } from "./plan-totals.js";
import { EN, formatNumber, type StringId } from "./strings.js";

// Progress against the plan and its targets, and budget spent against planned: the charts of the monitoring page
// and of the donors' view (which gets the suppressed figures: a count below the threshold reads "suppressed (<5)"
// in the chart and in its table, and is never drawn).

export function chartWords(view: View, threshold: number): Words {
  const { t, locale } = view;
  const n = (v: number) => formatNumber(locale, v);
  return {
    percentDone: (percent) => t("chart.percentDone", { percent: n(percent) }),
    percentExpected: (percent, expected) =>
      t("chart.percentExpected", { percent: n(percent), expected: n(expected) }),
    ofTarget: (actual, target, unit, percent) =>
      t("chart.ofTarget", { actual: n(actual), target: n(target), unit, percent: n(percent) }),
    noTarget: (actual, unit, year) => t("chart.noTarget", { actual: n(actual), unit, year }),
    suppressed: t("chart.suppressed", { threshold }),
    spentOfPlanned: (line) =>
      line.spentPercent === null
        ? t("chart.spentNothingPlanned", { spent: money(view, line.spent), currency: line.currency })
        : t("chart.spentOfPlanned", {
            spent: money(view, line.spent),
            planned: money(view, line.planned),
            currency: line.currency,
            percent: n(line.spentPercent),
          }),
    pillar: (code) => t(`pillar.${code}`),
    plan: t("monitoring.wholePlan"),
  };
}

/** A category or dimension in words where the strings know it; a code (a region, a nationality) stays as it is. */
function nameOf(view: View, id: string, fallback: string): string {
  return id in EN ? view.t(id as StringId) : fallback;
}

/** "Sex: Female 9, Male 5; Age: suppressed (<5)" */
export function disaggregationText(view: View, d: ShownDisaggregation, suppressed: string): string {
  return Object.entries(d)
    .map(([dimension, cells]) => {
      const parts = Object.entries(cells).map(([category, value]) => {
        const name = nameOf(view, `monitoring.category.${category}`, category);
        return `${name} ${value === null ? suppressed : formatNumber(view.locale, value)}`;
      });
      return `${nameOf(view, `plan.dimension.${dimension}`, dimension)}: ${parts.join(", ")}`;
    })
    .join("; ");
}

export function MonitoringCharts(props: { view: View; monitoring: MonitoringView; today: string }) {
  const { view, monitoring: m } = props;
  const { t } = view;
  const threshold = m.suppression.threshold;
  const words = chartWords(view, threshold);
  const indicators = indicatorRows(m.indicators, words);
  const n = (v: number | null) => (v === null ? words.suppressed : formatNumber(view.locale, v));
  return (
    <div class="stack" id="monitoring-charts">
      {m.suppression.applied ? <p class="muted">{t("chart.suppressedNote", { threshold })}</p> : null}
      <BarChart
        view={view}
        id="progress-chart"
        title={t("monitoring.chart.progress")}
        summary={t("monitoring.chart.progressSummary", {
          progress: formatNumber(view.locale, m.totals.progress),
        })}
        rows={pillarProgressRows(m, words)}
        max={100}
        legend={[{ tone: "primary", label: t("chart.complete") }]}
      >
        <Table
          caption={t("monitoring.chart.progress")}
          columns={[
            { label: t("plan.totals.pillar") },
            { label: t("monitoring.activities"), numeric: true },
            { label: t("chart.complete"), numeric: true },
            { label: t("monitoring.delayed"), numeric: true },
            { label: t("monitoring.completed"), numeric: true },
          ]}
        >
          {[
            { label: words.plan, p: m.totals },
            ...m.pillars.map((p) => ({ label: words.pillar(p.pillar), p })),
          ].map(({ label, p }) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="num">{p.activities}</td>
              <td class="num">{t("common.percent", { value: formatNumber(view.locale, p.progress) })}</td>
              <td class="num">{p.statuses.delayed}</td>
              <td class="num">{p.statuses.completed}</td>
            </tr>
          ))}
        </Table>
      </BarChart>
      <BarChart
        view={view}
        id="activities-chart"
        title={t("monitoring.chart.activities")}
        summary={t("monitoring.chart.activitiesSummary", { count: m.activities.length })}
        rows={activityProgressRows(m.activities, props.today, words)}
        max={100}
        legend={[
          { tone: "primary", label: t("chart.complete") },
          { tone: "primary", label: t("chart.expected"), kind: "marker" },
        ]}
      >
        <Table
          caption={t("monitoring.chart.activities")}
          columns={[
            { label: t("plan.activity") },
            { label: t("plan.leadAgency") },
            { label: t("monitoring.status") },
            { label: t("chart.complete"), numeric: true },
          ]}
        >
          {m.activities.map((a) => (
            <tr>
              <th scope="row">{a.title}</th>
              <td>{a.leadAgency ?? t("common.none")}</td>
              <td>{t(`monitoring.status.${a.status ?? "not_reported"}`)}</td>
              <td class="num">
                {t("common.percent", { value: formatNumber(view.locale, a.percentComplete) })}
              </td>
            </tr>
          ))}
        </Table>
      </BarChart>
      <BarChart
        view={view}
        id="indicators-chart"
        title={t("monitoring.chart.indicators")}
        summary={t("monitoring.chart.indicatorsSummary")}
        rows={indicators.rows}
        max={indicators.max}
        legend={[
          { tone: "primary", label: t("monitoring.chart.achieved") },
          { tone: "primary", label: t("chart.target"), kind: "marker" },
        ]}
      >
        <Table
          caption={t("monitoring.chart.indicators")}
          columns={[
            { label: t("plan.indicator") },
            { label: t("plan.totals.year") },
            { label: t("monitoring.actual"), numeric: true },
            { label: t("chart.target"), numeric: true },
            { label: t("monitoring.achieved"), numeric: true },
            { label: t("plan.indicator.disaggregation") },
          ]}
        >
          {m.indicators.flatMap((i) =>
            i.years.map((y) => (
              <tr class={isSuppressed(y) ? "is-suppressed" : undefined}>
                <th scope="row">{`${i.name} (${i.unit})`}</th>
                <td>{y.year}</td>
                <td class={y.actual === null ? "num suppressed" : "num"}>{n(y.actual)}</td>
                <td class="num">
                  {y.target === null ? t("common.none") : formatNumber(view.locale, y.target)}
                </td>
                <td class="num">
                  {y.percentAchieved === null
                    ? y.actual === null
                      ? words.suppressed
                      : t("common.notAvailable")
                    : t("common.percent", { value: formatNumber(view.locale, y.percentAchieved) })}
                </td>
                <td>{disaggregationText(view, y.disaggregation, words.suppressed) || t("common.none")}</td>
              </tr>
            )),
          )}
        </Table>
      </BarChart>
      {budgetCurrencies(m).map((currency) => (
        <BarChart
          view={view}
          id={`spend-chart-${currency}`}
          title={t("monitoring.chart.budget", { currency })}
          summary={t("monitoring.chart.budgetSummary", { currency })}
          rows={budgetRows(m, currency, words)}
          legend={[
            { tone: "muted", label: t("chart.planned") },
            { tone: "primary", label: t("chart.spent"), kind: "overlay" },
          ]}
        >
          <Table
            caption={t("monitoring.chart.budget", { currency })}
            columns={[
              { label: t("plan.totals.pillar") },
              { label: t("chart.planned"), numeric: true },
              { label: t("chart.spent"), numeric: true },
              { label: t("monitoring.spentPercent"), numeric: true },
            ]}
          >
            {[
              { label: words.plan, lines: m.totals.budget },
              ...m.pillars.map((p) => ({ label: words.pillar(p.pillar), lines: p.budget })),
            ].flatMap(({ label, lines }) =>
              lines
                .filter((l) => l.currency === currency)
                .map((l) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <td class="num">{money(view, l.planned)}</td>
                    <td class="num">{money(view, l.spent)}</td>
                    <td class="num">
                      {l.spentPercent === null
                        ? t("common.notAvailable")
                        : t("common.percent", { value: formatNumber(view.locale, l.spentPercent) })}
                    </td>
                  </tr>
                )),
            )}
          </Table>
        </BarChart>
      ))}
      <SdgTable view={view} monitoring={m} suppressed={words.suppressed} />
    </div>
  );
}
