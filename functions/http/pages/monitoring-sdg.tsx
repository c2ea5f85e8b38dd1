import type { MonitoringView } from "../../core/monitoring/views.js";
import { Table } from "./components.js";
import type { View } from "./context.js";
import { formatNumber } from "./strings.js";

// SDG indicator 16.2.2 by year, by sex and age where the population is known; suppressed cells read as such.

export function SdgTable(props: { view: View; monitoring: MonitoringView; suppressed: string }) {
  const { view, monitoring: m } = props;
  const { t } = view;
  const n = (v: number | null, digits = 0) =>
    v === null ? props.suppressed : formatNumber(view.locale, v, digits);
  if (m.sdg.years.length === 0) {
    return <p class="muted">{m.sdg.unavailable ?? t("monitoring.sdg.none")}</p>;
  }
  return (
    <Table
      id="sdg-table"
      caption={t("monitoring.sdg")}
      columns={[
        { label: t("plan.totals.year") },
        { label: t("monitoring.sdg.victims"), numeric: true },
        { label: t("monitoring.sdg.rate"), numeric: true },
        { label: t("monitoring.sdg.female"), numeric: true },
        { label: t("monitoring.sdg.male"), numeric: true },
        { label: t("monitoring.sdg.child"), numeric: true },
        { label: t("monitoring.sdg.adult"), numeric: true },
      ]}
    >
      {m.sdg.years.map((y) => (
        <tr>
          <th scope="row">{y.year}</th>
          <td class="num">{n(y.victims)}</td>
          <td class="num">{n(y.rate, 2)}</td>
          <td class="num">{y.bySex ? n(y.bySex.female.victims) : t("common.notAvailable")}</td>
          <td class="num">{y.bySex ? n(y.bySex.male.victims) : t("common.notAvailable")}</td>
          <td class="num">{y.byAge ? n(y.byAge.child.victims) : t("common.notAvailable")}</td>
          <td class="num">{y.byAge ? n(y.byAge.adult.victims) : t("common.notAvailable")}</td>
        </tr>
      ))}
    </Table>
  );
}
