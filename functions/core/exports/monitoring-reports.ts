import { countryName } from "../countries.js";
import { reportingPeriods } from "../period.js";
import {
  column,
  date,
  joinList,
  money,
  orgName,
  percent,
  type Row,
  type Table,
  type Workbook,
} from "./cells.js";
import type { CycleHeader, FinalReportData, PeriodReportData } from "./monitoring-source.js";
import {
  activitiesTable,
  budgetTable,
  cycleFields,
  FIELD_COLUMNS,
  field,
  narrativeTable,
  progressTable,
  sdgTable,
} from "./report-sections.js";
import { trackingNotes, trackingTables } from "./tracking.js";

// The monitoring report of one reporting period (the figures as of that period) and the final report of a closed
// cycle (its stored final summary, then the figures over the whole plan).

const names = (agencies: readonly string[]) => joinList(agencies.map(orgName)) || "none";
const countryOf = (cycle: CycleHeader) => `${countryName(cycle.country) ?? cycle.country} (${cycle.country})`;
const slotsOf = (data: PeriodReportData | FinalReportData) =>
  reportingPeriods(data.cycle.planPeriod, data.cycle.reportingCadence);

export function periodReport(data: PeriodReportData, generatedAt: string): Workbook {
  const { cycle, monitoring, detail } = data;
  const { period } = detail;
  const slots = slotsOf(data);
  const summary: Row[] = [
    ...cycleFields(cycle, countryOf(cycle)),
    field("Reporting period", period.label),
    field("Period starts", date(period.start)),
    field("Period ends", date(period.end)),
    field("Report round", period.state),
    field("Reports due", date(period.dueAt.slice(0, 10))),
    field("Agencies expected", names(period.expectedAgencies)),
    field("Agencies reported", names(period.reportedAgencies)),
    field("Reports missing", names(period.missingAgencies)),
    field("Reports overdue", names(period.overdueAgencies)),
    field("Escalated to the coordinator", names(period.escalatedAgencies)),
    field("Reminders sent", period.reminders),
    field("Overall progress", percent(monitoring.totals.progress)),
    field("Activities", monitoring.totals.activities),
    field("Generated at", generatedAt),
  ];
  const submitted = new Map(detail.reports.map((r) => [r.agency, r.submittedAt]));
  const agencies = [...new Set([...period.expectedAgencies, ...period.reportedAgencies])].sort();
  const reporting: Table = {
    name: "Reporting",
    title: `Reports for ${period.label}`,
    notes: [],
    columns: [
      column("agency", "Agency", 32),
      column("expected", "Expected", 10),
      column("reported", "Reported", 10),
      column("overdue", "Overdue", 10),
      column("escalated", "Escalated", 10),
      column("submittedAt", "Submitted at", 24),
    ],
    rows: agencies.map((a) => ({
      agency: orgName(a),
      expected: period.expectedAgencies.includes(a),
      reported: period.reportedAgencies.includes(a),
      overdue: period.overdueAgencies.includes(a),
      escalated: period.escalatedAgencies.includes(a),
      submittedAt: submitted.get(a) ?? null,
    })),
  };
  const year = Number(period.end.slice(0, 4));
  return {
    title: `${cycle.title}: monitoring report, ${period.label}`,
    subject: `Progress of the approved action plan as reported for ${period.label} (${period.start} to ${period.end}), with the figures as they stood at the end of that period.`,
    sheets: [
      {
        name: "Summary",
        title: "Summary",
        notes: trackingNotes(data),
        columns: FIELD_COLUMNS,
        rows: summary,
      },
      progressTable(monitoring, cycle),
      activitiesTable(monitoring, slots),
      reporting,
      budgetTable(monitoring),
      ...trackingTables(data, year),
      sdgTable(monitoring),
      narrativeTable(detail.reports, monitoring, slots),
    ],
  };
}

export function finalReport(data: FinalReportData, generatedAt: string): Workbook {
  const { cycle, monitoring, summary } = data;
  const slots = slotsOf(data);
  const { activities, indicators, budget, periods } = summary;
  const rows: Row[] = [
    ...cycleFields(cycle, countryOf(cycle)),
    field("Closed at", summary.closedAt),
    field("Activities", activities.total),
    field("Activities completed", activities.completed),
    field("Activities on track", activities.onTrack),
    field("Activities delayed", activities.delayed),
    field("Activities not started", activities.notStarted),
    field("Activities cancelled", activities.cancelled),
    field("Indicators", indicators.total),
    field("Indicators whose final target was met", indicators.met),
    field("Indicators whose final target was not met", indicators.notMet),
    field("Indicators without data for their final target", indicators.noData),
    ...budget.byCurrency.flatMap((b) => [
      field(`Budget planned (${b.currency})`, money(b.planned, b.currency)),
      field(`Budget spent (${b.currency})`, money(b.spent, b.currency)),
    ]),
    field("Reporting periods", periods.total),
    field("Periods with missing reports", periods.withMissingReports),
    field("Overall progress", percent(monitoring.totals.progress)),
    field("Generated at", generatedAt),
  ];
  const missing = new Map(periods.missing.map((m) => [m.index, m.agencies]));
  const reporting: Table = {
    name: "Reporting",
    title: "Reporting periods: missing and overdue reports",
    notes: [
      "Missing: lead agencies whose report never came (from the final summary). Overdue: late at the deadline.",
    ],
    columns: [
      column("period", "Period", 10),
      column("start", "Start", 12),
      column("end", "End", 12),
      column("state", "Round", 10),
      column("reported", "Reported", 36),
      column("missing", "Missing", 36),
      column("overdue", "Overdue", 36),
      column("escalated", "Escalated", 36),
      column("reminders", "Reminders", 10),
    ],
    rows: data.periods.map((p) => ({
      period: p.label,
      start: date(p.start),
      end: date(p.end),
      state: p.state,
      reported: names(p.reportedAgencies),
      missing: names(missing.get(p.index) ?? []),
      overdue: names(p.overdueAgencies),
      escalated: names(p.escalatedAgencies),
      reminders: p.reminders,
    })),
  };
  return {
    title: `${cycle.title}: final report`,
    subject: `The cycle closed on ${summary.closedAt.slice(0, 10)}: what the plan delivered, against its targets and budget, over ${periods.total} reporting periods.`,
    sheets: [
      { name: "Summary", title: "Summary", notes: trackingNotes(data), columns: FIELD_COLUMNS, rows },
      progressTable(monitoring, cycle),
      activitiesTable(monitoring, slots),
      budgetTable(monitoring),
      ...trackingTables(data),
      sdgTable(monitoring),
      reporting,
      narrativeTable(data.reports, monitoring, slots),
    ],
  };
}
