import { Table } from "./components.js";
import type { View } from "./context.js";
import { DateText } from "./labels.js";
import { type QuarterRef, type TimelineModel, timelineLayout } from "./plan-timeline-model.js";

// The plan's timeline: an SVG Gantt chart (one bar per activity across the plan period, by quarter, grouped by
// objective; a bar with a dependency or date problem outlined and marked with a sign) and, after it, the same
// schedule as a table, which is what screen readers, keyboards and printers get in full.

export function PlanTimeline(props: { view: View; model: TimelineModel; headingLevel?: 2 | 3 }) {
  const { view, model } = props;
  const { t } = view;
  const H = props.headingLevel === 3 ? "h3" : "h2";
  const problems = model.rows.filter((r) => r.issues.length > 0).length;
  return (
    <section aria-labelledby="timeline-title" class="stack" id="timeline">
      <H id="timeline-title">{t("plan.timeline")}</H>
      {model.rows.length === 0 ? (
        <p class="muted">{t("plan.timeline.empty")}</p>
      ) : (
        <figure class="chart timeline-chart">
          <TimelineSvg view={view} model={model} problems={problems} />
          <ul class="chart-legend">
            <li>
              <svg width="18" height="12" aria-hidden="true" focusable="false">
                <rect class="gantt-bar" x="0" y="0" width="18" height="12" />
              </svg>
              {t("plan.timeline.legendBar")}
            </li>
            <li>
              <svg width="18" height="12" aria-hidden="true" focusable="false">
                <rect class="gantt-bar gantt-warn" x="0" y="0" width="18" height="12" />
              </svg>
              {t("plan.timeline.legendWarn")}
            </li>
          </ul>
        </figure>
      )}
      {model.rows.length === 0 ? null : <TimelineTable view={view} model={model} />}
    </section>
  );
}

function TimelineSvg(props: { view: View; model: TimelineModel; problems: number }) {
  const { view, model } = props;
  const { t } = view;
  const layout = timelineLayout(model, { dir: view.dir });
  const summary = t("plan.timeline.summary", {
    count: model.rows.length,
    start: model.period.start,
    end: model.period.end,
    problems: props.problems,
  });
  return (
    <svg
      class="chart-svg gantt"
      role="img"
      aria-labelledby="timeline-svg-title timeline-svg-desc"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      direction="ltr"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="timeline-svg-title">{t("plan.timeline")}</title>
      <desc id="timeline-svg-desc">{summary}</desc>
      <g>
        {layout.quarters.map((q) => (
          <>
            <rect
              class={q.shade ? "gantt-quarter gantt-shade" : "gantt-quarter"}
              x={q.x}
              y="20"
              width={q.width}
              height={layout.height - 20}
            />
            <text class="gantt-head" x={q.labelX} y="36" text-anchor="middle">
              {t("plan.timeline.quarterShort", { n: q.quarter })}
            </text>
          </>
        ))}
        {layout.years.map((y) => (
          <>
            <line class="gantt-year" x1={y.x} x2={y.x} y1="2" y2={layout.height} />
            <text class="gantt-head gantt-year-label" x={y.labelX} y="14" text-anchor="middle">
              {y.label}
            </text>
          </>
        ))}
      </g>
      {layout.groups.map((g) => (
        <>
          <rect class="gantt-band" x="0" y={g.band.y} width={layout.width} height={g.band.height} />
          <text class="gantt-group" x={g.x} y={g.y} text-anchor={g.anchor}>
            {g.text}
          </text>
        </>
      ))}
      {layout.rows.map((r) => (
        <g class="gantt-row" data-activity={r.id}>
          <text class="chart-label" x={r.label.x} y={r.y + 17} text-anchor={r.label.anchor}>
            <title>{r.label.full}</title>
            {r.label.text}
          </text>
          <rect
            class={r.warn ? `gantt-bar gantt-${r.warn === "error" ? "error" : "warn"}` : "gantt-bar"}
            x={r.bar.x}
            y={r.bar.y}
            width={r.bar.width}
            height={r.bar.height}
            rx="3"
          >
            <title>{r.label.full}</title>
          </rect>
          {r.warn ? (
            <text class="gantt-sign" x={r.markX} y={r.y + 18} text-anchor="middle">
              {r.warn === "error" ? "!" : "⚠"}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}

export function quarterSpan(view: View, first: QuarterRef, last: QuarterRef): string {
  const name = (q: QuarterRef) => view.t("plan.timeline.quarterLong", { n: q.quarter, year: q.year });
  return first.year === last.year && first.quarter === last.quarter
    ? name(first)
    : `${name(first)} – ${name(last)}`;
}

function TimelineTable(props: { view: View; model: TimelineModel }) {
  const { view, model } = props;
  const { t } = view;
  return (
    <Table
      id="timeline-table"
      caption={t("plan.timeline.caption")}
      columns={[
        { label: t("plan.activity") },
        { label: t("plan.objective") },
        { label: t("plan.start") },
        { label: t("plan.end") },
        { label: t("plan.timeline.quarters") },
        { label: t("plan.dependsOn") },
        { label: t("plan.timeline.problems") },
      ]}
    >
      {model.rows.map((r) => (
        <tr data-activity={r.id}>
          <th scope="row">{r.title}</th>
          <td>{r.group}</td>
          <td>
            <DateText view={view} iso={r.start} />
          </td>
          <td>
            <DateText view={view} iso={r.end} />
          </td>
          <td>
            {r.quarters ? quarterSpan(view, r.quarters.first, r.quarters.last) : t("plan.timeline.outside")}
          </td>
          <td>{r.dependsOn.length > 0 ? r.dependsOn.map((d) => d.title).join("; ") : t("common.none")}</td>
          <td>
            {r.issues.length === 0 ? (
              t("common.none")
            ) : (
              <ul class="issues">
                {r.issues.map((i) => (
                  <li class={i.severity === "error" ? "issue-error" : "issue-warning"}>
                    {t(i.severity === "error" ? "plan.validation.error" : "plan.validation.warning")}:{" "}
                    {i.message}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
