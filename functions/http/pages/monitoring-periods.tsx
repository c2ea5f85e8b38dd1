import type { PeriodView } from "../../core/monitoring/views.js";
import { Badge, Table } from "./components.js";
import type { Tone, View } from "./context.js";
import { DateText } from "./labels.js";

// The reporting periods: dates, state, when reports are due, who reported and who is late. Shared by the
// monitoring page and the donors' view (which links each period to its own page and gets no agency names for
// who is late beyond what the period view says).

const STATE_TONE: Record<PeriodView["state"], Tone> = {
  scheduled: "neutral",
  open: "info",
  closed: "success",
};

/** Late: agencies that missed the deadline, or, while the round is open past its due date, those still missing. */
export function lateAgencies(period: PeriodView, now: string): string[] {
  const missing = period.state === "open" && now > period.dueAt ? period.missingAgencies : [];
  return [...new Set([...period.overdueAgencies, ...missing])].sort();
}

export function PeriodsTable(props: {
  view: View;
  periods: readonly PeriodView[];
  now: string;
  /** The page of a period; none for a period whose round has not opened. */
  href: (index: number) => string;
  /** Links to the report form, for those who report. */
  reportHref?: ((period: PeriodView) => string | undefined) | undefined;
}) {
  const { view } = props;
  const { t } = view;
  return (
    <Table
      id="periods"
      caption={t("monitoring.periods.caption")}
      columns={[
        { label: t("monitoring.period") },
        { label: t("monitoring.dates") },
        { label: t("monitoring.state") },
        { label: t("monitoring.due") },
        { label: t("monitoring.reports") },
        { label: t("monitoring.late") },
        ...(props.reportHref ? [{ label: t("monitoring.report") }] : []),
      ]}
    >
      {props.periods.map((p) => {
        const late = lateAgencies(p, props.now);
        const opened = p.state !== "scheduled";
        const report = props.reportHref?.(p);
        return (
          <tr data-period={p.index}>
            <th scope="row">{opened ? <a href={props.href(p.index)}>{p.label}</a> : p.label}</th>
            <td>
              <DateText view={view} iso={p.start} /> – <DateText view={view} iso={p.end} />
            </td>
            <td>
              <Badge tone={STATE_TONE[p.state]}>{t(`monitoring.periodState.${p.state}`)}</Badge>
            </td>
            <td>
              <DateText view={view} iso={p.dueAt} />
            </td>
            <td>
              {opened
                ? t("monitoring.reportsCount", {
                    reported: p.reportedAgencies.length,
                    expected: p.expectedAgencies.length,
                  })
                : t("common.notAvailable")}
            </td>
            <td>
              {late.length > 0 ? (
                <>
                  <Badge tone="danger">{t("common.overdue")}</Badge> <span>{late.join(", ")}</span>
                </>
              ) : (
                t("common.none")
              )}
            </td>
            {props.reportHref ? (
              <td>{report ? <a href={report}>{t("monitoring.reportFor", { period: p.label })}</a> : null}</td>
            ) : null}
          </tr>
        );
      })}
    </Table>
  );
}
