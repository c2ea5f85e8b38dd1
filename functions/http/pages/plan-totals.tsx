import type { PillarCode } from "../../../frameworks/schema.js";
import type { PlanTotals } from "../../core/action-plan/views.js";
import { BarChart } from "./charts.js";
import { Table } from "./components.js";
import type { View } from "./context.js";
import { type AmountRow, currenciesOf, pillarBudgetRows, totalsTables } from "./plan-totals-model.js";
import { formatNumber } from "./strings.js";

// The budget totals of a plan: tables by pillar, source and year (funded and unfunded, per currency), and a chart
// per currency of the money by pillar, with the pillar table as its text equivalent.

export const money = (view: View, n: number) => formatNumber(view.locale, n, 2);

function AmountsTable(props: {
  view: View;
  id: string;
  caption: string;
  labelHeader: string;
  rows: AmountRow[];
}) {
  const { view } = props;
  const { t } = view;
  return (
    <Table
      id={props.id}
      caption={props.caption}
      columns={[
        { label: props.labelHeader },
        { label: t("plan.totals.currency") },
        { label: t("plan.totals.total"), numeric: true },
        { label: t("chart.funded"), numeric: true },
        { label: t("chart.unfunded"), numeric: true },
      ]}
    >
      {props.rows.map((r) => (
        <tr>
          <th scope="row">{r.label}</th>
          <td>{r.currency || t("common.none")}</td>
          <td class="num">{money(view, r.total)}</td>
          <td class="num">{money(view, r.funded)}</td>
          <td class="num">{money(view, r.unfunded)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function PlanTotalsSection(props: {
  view: View;
  totals: PlanTotals;
  headingLevel?: 2 | 3;
  charts?: boolean;
}) {
  const { view, totals } = props;
  const { t } = view;
  const pillar = (code: PillarCode) => t(`pillar.${code}`);
  const tables = totalsTables(totals, { pillar, state: t("plan.totals.state"), plan: t("plan.totals.plan") });
  const H = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <section aria-labelledby="totals-title" class="stack" id="totals">
      <H id="totals-title">{t("plan.totals")}</H>
      <p class="muted" data-testid="budgeted-count">
        {t("plan.totals.activities", {
          budgeted: totals.activities.budgeted,
          unbudgeted: totals.activities.unbudgeted,
        })}
      </p>
      <AmountsTable
        view={view}
        id="totals-plan"
        caption={t("plan.totals.planCaption")}
        labelHeader={t("plan.totals.what")}
        rows={tables.plan}
      />
      {props.charts === false
        ? null
        : currenciesOf(totals).map((currency) => (
            <BarChart
              view={view}
              id={`budget-chart-${currency}`}
              title={t("plan.totals.chartTitle", { currency })}
              summary={t("plan.totals.chartSummary", { currency })}
              rows={pillarBudgetRows(totals, currency, pillar, (a) =>
                t("plan.totals.chartValue", { total: money(view, a.total), funded: money(view, a.funded) }),
              )}
              legend={[
                { tone: "primary", label: t("chart.funded") },
                { tone: "secondary", label: t("chart.unfunded") },
              ]}
            />
          ))}
      <AmountsTable
        view={view}
        id="totals-pillar"
        caption={t("plan.totals.byPillar")}
        labelHeader={t("plan.totals.pillar")}
        rows={tables.byPillar}
      />
      <AmountsTable
        view={view}
        id="totals-source"
        caption={t("plan.totals.bySource")}
        labelHeader={t("plan.totals.source")}
        rows={tables.bySource}
      />
      <AmountsTable
        view={view}
        id="totals-year"
        caption={t("plan.totals.byYear")}
        labelHeader={t("plan.totals.year")}
        rows={tables.byYear}
      />
    </section>
  );
}
