import type { ActivityView, PlanIssue, PlanView } from "../../core/action-plan/views.js";
import { axis, CHAR_WIDTH, columnWidth, type Dir, shorten } from "./charts-geometry.js";

// The action plan's timeline (a Gantt chart), pure: the plan period cut into calendar quarters, one bar per activity
// placed on it as fractions of the period, and the dependency problems the plan rules found marked on the bars.

const DAY_MS = 86_400_000;
const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (dayNumber: number) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

/** A calendar quarter of the plan period; `from` and `to` are fractions (0-1) of the period. */
export type Quarter = {
  year: number;
  quarter: number;
  start: string;
  end: string;
  from: number;
  to: number;
};
export type QuarterRef = Pick<Quarter, "year" | "quarter">;

/** The rules that concern an activity's place in time; their messages are shown on its bar and in the table. */
const TIME_RULES: ReadonlySet<PlanIssue["rule"]> = new Set([
  "starts_before_dependency_ends",
  "dependency_cycle",
  "dependency_missing",
  "activity_outside_plan_period",
  "activity_dates_reversed",
]);

export type TimelineRow = {
  id: string;
  title: string;
  /** The objective it belongs to (rows are grouped by it). */
  group: string;
  start: string;
  end: string;
  /** Where the bar starts and ends, as fractions (0-1) of the plan period; clipped to it. */
  from: number;
  to: number;
  /** The activity runs before the plan starts, or after it ends: the bar is cut there. */
  clippedStart: boolean;
  clippedEnd: boolean;
  /** The first and last quarters it runs in (within the plan period); null when it runs entirely outside it. */
  quarters: { first: QuarterRef; last: QuarterRef } | null;
  dependsOn: { id: string; title: string }[];
  /** The plan rules' findings about its dates and dependencies, errors first. */
  issues: { severity: "error" | "warning"; message: string }[];
};

export type TimelineModel = {
  period: { start: string; end: string };
  quarters: Quarter[];
  rows: TimelineRow[];
};

/** Calendar quarters that overlap the period, the first and last cut to it. */
export function quartersOf(period: { start: string; end: string }): Quarter[] {
  const first = day(period.start);
  const last = day(period.end);
  const span = last - first + 1;
  const out: Quarter[] = [];
  let year = Number(period.start.slice(0, 4));
  let quarter = Math.floor((Number(period.start.slice(5, 7)) - 1) / 3) + 1;
  for (;;) {
    const qStart = day(`${year}-${String((quarter - 1) * 3 + 1).padStart(2, "0")}-01`);
    const nextYear = quarter === 4 ? year + 1 : year;
    const nextQuarter = quarter === 4 ? 1 : quarter + 1;
    const qEnd = day(`${nextYear}-${String((nextQuarter - 1) * 3 + 1).padStart(2, "0")}-01`) - 1;
    if (qStart > last) break;
    const from = Math.max(first, qStart);
    const to = Math.min(last, qEnd);
    out.push({
      year,
      quarter,
      start: isoOf(from),
      end: isoOf(to),
      from: (from - first) / span,
      to: (to + 1 - first) / span,
    });
    year = nextYear;
    quarter = nextQuarter;
  }
  return out;
}

type TimedActivity = Pick<ActivityView, "id" | "title" | "start" | "end" | "dependsOn">;

/** What the timeline needs of a plan: the live one (PlanView) or a frozen version's tree, with its rule findings. */
export type TimelinePlan = {
  planPeriod: PlanView["planPeriod"];
  objectives: readonly { title: string; activities: readonly TimedActivity[] }[];
  unassigned: { activities: readonly TimedActivity[] };
  validation: Pick<PlanView["validation"], "errors" | "warnings">;
};

export function timelineModel(plan: TimelinePlan): TimelineModel {
  const period = plan.planPeriod;
  const first = day(period.start);
  const last = day(period.end);
  const span = last - first + 1;
  const quarters = quartersOf(period);
  const activities = [
    ...plan.objectives.flatMap((o) => o.activities.map((a) => ({ a, group: o.title }))),
    ...plan.unassigned.activities.map((a) => ({ a, group: "" })),
  ];
  const titles = new Map(activities.map(({ a }) => [a.id, a.title]));
  const issues = new Map<string, TimelineRow["issues"]>();
  const note = (severity: "error" | "warning", issue: PlanIssue) => {
    if (!TIME_RULES.has(issue.rule) || !titles.has(issue.id)) return;
    issues.set(issue.id, [...(issues.get(issue.id) ?? []), { severity, message: issue.message }]);
  };
  for (const e of plan.validation.errors) note("error", e);
  for (const w of plan.validation.warnings) note("warning", w);
  const ref = (q: Quarter): QuarterRef => ({ year: q.year, quarter: q.quarter });
  const quarterAt = (d: number) => quarters.find((q) => day(q.start) <= d && d <= day(q.end));

  const rows = activities.map(({ a, group }): TimelineRow => {
    // Reversed dates (an error of their own) are drawn as the stretch they name, so the bar is still visible.
    const [s, e] = [day(a.start), day(a.end)].sort((x, y) => x - y) as [number, number];
    const from = Math.min(span, Math.max(0, s - first));
    const to = Math.min(span, Math.max(0, e + 1 - first));
    const firstQ = quarterAt(Math.max(first, Math.min(last, s)));
    const lastQ = quarterAt(Math.max(first, Math.min(last, e)));
    const overlaps = e >= first && s <= last;
    return {
      id: a.id,
      title: a.title,
      group,
      start: a.start,
      end: a.end,
      from: from / span,
      to: to / span,
      clippedStart: s < first,
      clippedEnd: e > last,
      quarters: overlaps && firstQ && lastQ ? { first: ref(firstQ), last: ref(lastQ) } : null,
      dependsOn: a.dependsOn.map((id) => ({ id, title: titles.get(id) ?? id })),
      issues: issues.get(a.id) ?? [],
    };
  });
  return { period, quarters, rows };
}

export type TimelineLayout = {
  width: number;
  height: number;
  quarters: { x: number; width: number; quarter: number; labelX: number; shade: boolean }[];
  years: { x: number; label: string; labelX: number }[];
  /** A heading row per objective: its text, and the band behind it that keeps the quarter shading off it. */
  groups: {
    y: number;
    x: number;
    anchor: "start" | "end";
    text: string;
    band: { y: number; height: number };
  }[];
  rows: {
    id: string;
    y: number;
    label: { x: number; anchor: "start" | "end"; text: string; full: string };
    bar: { x: number; y: number; width: number; height: number };
    warn: "error" | "warning" | null;
    /** Where the warning sign goes: just after the bar's end. */
    markX: number;
  }[];
};

const HEADER = 40;
const round = (n: number) => Math.round(n * 10) / 10;

/** SVG coordinates of the timeline: a header of years and quarters, a heading per objective, a bar per activity. */
export function timelineLayout(
  model: TimelineModel,
  options: { dir: Dir; width?: number; labelWidth?: number; rowHeight?: number },
): TimelineLayout {
  const labelWidth =
    options.labelWidth ??
    columnWidth(
      model.rows.map((r) => r.title),
      160,
      320,
    );
  const width = options.width ?? labelWidth + 760;
  const labelChars = Math.max(8, Math.round((labelWidth - 14) / CHAR_WIDTH));
  const rowHeight = options.rowHeight ?? 26;
  const plotWidth = width - labelWidth - 24;
  const ltr = options.dir === "ltr";
  const scale = axis(options.dir, labelWidth, plotWidth, width);
  const labelX = ltr ? labelWidth - 8 : width - labelWidth + 8;
  const labelAnchor = ltr ? "end" : "start";
  const groupX = ltr ? 4 : width - 4;
  const groupAnchor = ltr ? "start" : "end";

  const quarters = model.quarters.map((q, i) => {
    const { x, width: w } = scale.stretch(q.from, q.to);
    return {
      x: round(x),
      width: round(w),
      quarter: q.quarter,
      labelX: round(x + w / 2),
      shade: i % 2 === 1,
    };
  });
  const years = [...new Set(model.quarters.map((q) => q.year))].map((year) => {
    const inYear = model.quarters.filter((q) => q.year === year);
    const from = inYear[0]?.from ?? 0;
    const to = inYear.at(-1)?.to ?? 1;
    const { x, width: w } = scale.stretch(from, to);
    return { x: round(ltr ? x : x + w), label: String(year), labelX: round(x + w / 2) };
  });

  const groups: TimelineLayout["groups"] = [];
  const rows: TimelineLayout["rows"] = [];
  let y = HEADER;
  let current: string | undefined;
  for (const row of model.rows) {
    if (row.group !== current) {
      current = row.group;
      groups.push({
        y: y + rowHeight - 8,
        x: groupX,
        anchor: groupAnchor,
        text: shorten(row.group, 90),
        band: { y: y + 2, height: rowHeight - 4 },
      });
      y += rowHeight;
    }
    const { x, width: w } = scale.stretch(row.from, row.to);
    const warn = row.issues.some((i) => i.severity === "error")
      ? "error"
      : row.issues.length > 0
        ? "warning"
        : null;
    rows.push({
      id: row.id,
      y,
      label: { x: labelX, anchor: labelAnchor, text: shorten(row.title, labelChars), full: row.title },
      bar: { x: round(x), y: y + 5, width: round(Math.max(w, 2)), height: rowHeight - 10 },
      warn,
      markX: round(ltr ? x + Math.max(w, 2) + 8 : x - 8),
    });
    y += rowHeight;
  }
  return { width, height: y + 6, quarters, years, groups, rows };
}
