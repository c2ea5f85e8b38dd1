import type { Child } from "hono/jsx";
import { type BarRow, barChartLayout, type Tone } from "./charts-geometry.js";
import type { View } from "./context.js";

// The chart components: SVG drawn from the pure layouts in charts-geometry.ts. Every chart is a <figure> whose SVG is
// an image with a title and a description, followed by the same figures as text (a table, inside a disclosure the
// keyboard opens), so nothing is said by the drawing alone. The SVG's own direction is fixed to ltr because the
// layouts mirror coordinates and anchors themselves for right-to-left pages.

export type LegendEntry = { tone: Tone; label: string; kind?: "bar" | "marker" | "overlay" };

export function BarChart(props: {
  view: View;
  id: string;
  title: string;
  /** One sentence that sums the chart up for someone who cannot see it. */
  summary: string;
  rows: readonly BarRow[];
  max?: number;
  legend?: readonly LegendEntry[];
  /** The text equivalent: normally a table of the same rows. */
  children?: Child;
  /** Show the text equivalent open rather than in a disclosure. */
  tableOpen?: boolean;
}) {
  const { view, id } = props;
  if (props.rows.length === 0) {
    return (
      <section class="chart" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{props.title}</h3>
        <p class="muted">{view.t("chart.noData")}</p>
      </section>
    );
  }
  const layout = barChartLayout(props.rows, { dir: view.dir, ...(props.max ? { max: props.max } : {}) });
  return (
    <figure class="chart" id={id} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{props.title}</figcaption>
      <svg
        class="chart-svg"
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-desc`}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        direction="ltr"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-svg-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.summary}</desc>
        <g class="chart-axis">
          {layout.ticks.map((tick) => (
            <>
              <line x1={tick.x} x2={tick.x} y1={tick.y1} y2={tick.y2} />
              <text x={tick.label.x} y={tick.label.y} text-anchor={tick.label.anchor}>
                {tick.label.text}
              </text>
            </>
          ))}
        </g>
        {layout.rows.map((row) => (
          <g class="chart-row">
            <text class="chart-label" x={row.label.x} y={row.label.y} text-anchor={row.label.anchor}>
              <title>{row.label.full}</title>
              {row.label.text}
            </text>
            {row.bars.map((bar) => (
              <rect class={`tone-${bar.tone}`} x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
            ))}
            {row.overlay ? (
              <rect
                class={`tone-${row.overlay.tone} chart-overlay`}
                x={row.overlay.x}
                y={row.overlay.y}
                width={row.overlay.width}
                height={row.overlay.height}
              />
            ) : null}
            {row.marker ? (
              <line
                class="chart-marker"
                x1={row.marker.x}
                x2={row.marker.x}
                y1={row.marker.y1}
                y2={row.marker.y2}
              />
            ) : null}
            <text class="chart-value" x={row.text.x} y={row.text.y} text-anchor={row.text.anchor}>
              {row.text.text}
            </text>
          </g>
        ))}
      </svg>
      {props.legend ? <Legend view={view} entries={props.legend} /> : null}
      {props.children ? (
        <details class="chart-data" open={props.tableOpen}>
          <summary>{view.t("chart.showTable")}</summary>
          {props.children}
        </details>
      ) : null}
    </figure>
  );
}

/** A legend in HTML (so it wraps and reads in the page's direction), each swatch drawn like its chart mark. */
export function Legend(props: { view: View; entries: readonly LegendEntry[] }) {
  return (
    <ul class="chart-legend" aria-label={props.view.t("chart.legend")}>
      {props.entries.map((e) => (
        <li>
          <svg width="18" height="12" aria-hidden="true" focusable="false">
            {e.kind === "marker" ? (
              <line class="chart-marker" x1="9" x2="9" y1="0" y2="12" />
            ) : (
              <rect
                class={`tone-${e.tone}`}
                x="0"
                y={e.kind === "overlay" ? 4 : 0}
                width="18"
                height={e.kind === "overlay" ? 4 : 12}
              />
            )}
          </svg>
          {e.label}
        </li>
      ))}
    </ul>
  );
}
