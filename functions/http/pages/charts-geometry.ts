// The geometry of the small charts the pages draw, pure: numbers in, coordinates out. Charts are SVG (attributes, not
// inline styles, so the pages' content security policy needs no exception), and SVG does not follow the page's
// writing direction: in a right-to-left page the value axis must grow from the right, so every layout takes `dir`
// and mirrors its x coordinates itself. Text anchors are given for an SVG whose own direction is ltr (the chart
// component sets it), so that "end" always means the right edge, whatever the page's direction.

export type Dir = "ltr" | "rtl";

/** Colour roles; the stylesheet maps each to a colour with enough contrast against the page. */
export type Tone = "primary" | "secondary" | "muted" | "warning" | "danger" | "success";

export type BarSegment = { value: number; tone: Tone };

export type BarRow = {
  label: string;
  /** Stacked from the axis' start (funded then unfunded, for instance). Empty for a figure not shown. */
  segments: BarSegment[];
  /** A thinner bar over the segments: what was spent over what was planned. */
  overlay?: BarSegment;
  /** A tick across the row: a target, or where progress should stand by now. */
  marker?: number;
  /** Written at the end of the row: the figure in words ("45% of 60", "suppressed (<5)"). */
  text: string;
};

export type BarChartOptions = {
  dir: Dir;
  /** The bars' room; the label column and the figures' room are sized from their longest text unless given. */
  plotWidth?: number;
  labelWidth?: number;
  textWidth?: number;
  rowHeight?: number;
  /** The axis maximum; by default the largest value, marker or overlay, rounded up to a readable step. */
  max?: number;
};

export type TextAnchor = "start" | "middle" | "end";
export type PlacedText = { x: number; y: number; anchor: TextAnchor; text: string };
export type PlacedBar = { x: number; y: number; width: number; height: number; tone: Tone };

export type BarChartLayout = {
  width: number;
  height: number;
  rows: {
    label: PlacedText & { full: string };
    bars: PlacedBar[];
    overlay: PlacedBar | null;
    marker: { x: number; y1: number; y2: number } | null;
    text: PlacedText;
  }[];
  ticks: { x: number; y1: number; y2: number; label: PlacedText }[];
  max: number;
};

const AXIS_HEIGHT = 22;
const LABEL_CHARS = 34;
/** The average advance of a character of the charts' 12px sans-serif text; enough to size columns, not to typeset. */
export const CHAR_WIDTH = 6.8;

/** Room for the longest of `texts` (in characters of CHAR_WIDTH, plus a gap), kept between `min` and `max`. */
export function columnWidth(texts: readonly string[], min: number, max: number): number {
  const longest = Math.max(0, ...texts.map((t) => t.length));
  return Math.round(Math.min(max, Math.max(min, longest * CHAR_WIDTH + 14)));
}

/** The smallest readable step (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or above `n`; 1 for nothing. */
export function niceCeiling(n: number): number {
  if (!(n > 0) || !Number.isFinite(n)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    // toPrecision drops the binary noise of the product (3 x 0.1 is 0.30000000000000004).
    if (step * power >= n - 1e-9 * power) return Number((step * power).toPrecision(12));
  }
  return 10 * power;
}

/** A label short enough for the chart's label column; the full text goes in the row's tooltip and table. */
export function shorten(text: string, chars = LABEL_CHARS): string {
  const clean = text.trim().replace(/\s+/g, " ");
  return clean.length <= chars ? clean : `${clean.slice(0, chars - 1).trimEnd()}…`;
}

/**
 * Maps a position along a plot that starts at `from` (left edge in LTR) and spans `span`: in RTL the same position
 * counts from the right edge.
 */
export function axis(dir: Dir, from: number, span: number, total: number) {
  return {
    /** x of the point `fraction` (0-1) along the axis. */
    at: (fraction: number) => (dir === "ltr" ? from + fraction * span : total - from - fraction * span),
    /** The left x and the width of the stretch from fraction `a` to fraction `b`. */
    stretch: (a: number, b: number) => {
      const width = Math.max(0, (b - a) * span);
      return { x: dir === "ltr" ? from + a * span : total - from - b * span, width };
    },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Horizontal bars, one row per item, with a label column, an axis of four steps, and the figure written after. */
export function barChartLayout(rows: readonly BarRow[], options: BarChartOptions): BarChartLayout {
  const labelWidth =
    options.labelWidth ??
    columnWidth(
      rows.map((r) => r.label),
      90,
      300,
    );
  const textWidth =
    options.textWidth ??
    columnWidth(
      rows.map((r) => r.text),
      60,
      380,
    );
  const plotWidth = options.plotWidth ?? 400;
  const width = labelWidth + plotWidth + textWidth;
  const labelChars = Math.max(8, Math.round((labelWidth - 14) / CHAR_WIDTH));
  const rowHeight = options.rowHeight ?? 28;
  const largest = Math.max(
    0,
    ...rows.flatMap((r) => [
      r.segments.reduce((sum, s) => sum + Math.max(0, s.value), 0),
      r.overlay?.value ?? 0,
      r.marker ?? 0,
    ]),
  );
  const max = options.max ?? niceCeiling(largest);
  const scale = axis(options.dir, labelWidth, plotWidth, width);
  const fraction = (v: number) => Math.min(1, Math.max(0, v / max));
  const ltr = options.dir === "ltr";
  const gap = 6;

  const placed = rows.map((row, i) => {
    const top = AXIS_HEIGHT + i * rowHeight;
    const barY = top + 4;
    const barHeight = rowHeight - 8;
    let acc = 0;
    const bars = row.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const from = fraction(acc);
        acc += s.value;
        const { x, width: w } = scale.stretch(from, fraction(acc));
        return { x: round(x), y: barY, width: round(w), height: barHeight, tone: s.tone };
      });
    const overlay = row.overlay
      ? (() => {
          const { x, width: w } = scale.stretch(0, fraction(row.overlay.value));
          const h = Math.round(barHeight / 2.5);
          return {
            x: round(x),
            y: barY + (barHeight - h) / 2,
            width: round(w),
            height: h,
            tone: row.overlay.tone,
          };
        })()
      : null;
    const marker =
      row.marker === undefined
        ? null
        : { x: round(scale.at(fraction(row.marker))), y1: top + 1, y2: top + rowHeight - 1 };
    const middle = top + rowHeight / 2 + 4;
    return {
      label: {
        x: ltr ? labelWidth - gap : width - labelWidth + gap,
        y: middle,
        anchor: (ltr ? "end" : "start") as TextAnchor,
        text: shorten(row.label, labelChars),
        full: row.label,
      },
      bars,
      overlay,
      marker,
      text: {
        x: ltr ? width - textWidth + gap : textWidth - gap,
        y: middle,
        anchor: (ltr ? "start" : "end") as TextAnchor,
        text: row.text,
      },
    };
  });
  const height = AXIS_HEIGHT + rows.length * rowHeight + 4;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    x: round(scale.at(f)),
    y1: AXIS_HEIGHT - 4,
    y2: height - 4,
    label: {
      x: round(scale.at(f)),
      y: AXIS_HEIGHT - 8,
      anchor: "middle" as TextAnchor,
      text: tickText(f * max),
    },
  }));
  return { width, height, rows: placed, ticks, max };
}

/** Axis numbers short enough to sit between ticks: 1200 -> 1.2k, 2500000 -> 2.5M. */
export function tickText(n: number): string {
  const abs = Math.abs(n);
  const fmt = (v: number, unit: string) => `${Number(v.toFixed(1))}${unit}`;
  if (abs >= 1e9) return fmt(n / 1e9, "G");
  if (abs >= 1e6) return fmt(n / 1e6, "M");
  if (abs >= 1e3) return fmt(n / 1e3, "k");
  return String(Number(n.toFixed(1)));
}
