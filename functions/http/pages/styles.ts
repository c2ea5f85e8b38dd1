/**
 * The one stylesheet of the pages, served at `/assets/app.css` (STYLESHEET_PATH). Colours meet WCAG AA (4.5:1 for
 * text, 3:1 for borders and focus rings) on their backgrounds; only logical properties (margin-inline, padding-block,
 * inset-inline-start, text-align: start) so the same rules lay out right-to-left; a visible focus ring on everything
 * focusable; a single-column layout under 48rem; an `@media print` section that drops navigation and forms.
 *
 * Class names page authors may use: .stack (vertical rhythm), .cluster (inline wrap), .grid-2 (two columns on wide
 * screens), .card, .muted, .badge + .badge-<tone> (tones: neutral, info, success, warning, danger), .progress,
 * .timeline, .button + .button-secondary/.button-danger, .field, .field-error, .flash-<tone>, .table-wrap,
 * .visually-hidden, .no-print, .print-only, .num (tabular figures, end-aligned).
 */
export const STYLESHEET_PATH = "/assets/app.css";

export const STYLESHEET = `
:root {
  --ink: #1b1b1b; --ink-muted: #4a4a4a; --paper: #ffffff; --wash: #f3f5f7; --line: #767676;
  --brand: #0b4f8a; --brand-ink: #ffffff; --link: #0b4f8a; --link-visited: #5b2a86;
  --focus: #ffbf1f; --focus-ink: #0b0c0c;
  --info: #0b4f8a; --info-wash: #e3eef8; --success: #1d6b2f; --success-wash: #e4f2e7;
  --warning: #7a4a00; --warning-wash: #fdf1d8; --danger: #a4161a; --danger-wash: #fbe4e4;
  --radius: 4px; --space: 1rem; --measure: 72rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Tahoma, sans-serif;
  color: var(--ink); background: var(--paper); line-height: 1.5;
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-size: 1rem; }
h1, h2, h3 { line-height: 1.25; margin-block: 0 0.5em; }
h1 { font-size: 1.75rem; } h2 { font-size: 1.35rem; } h3 { font-size: 1.1rem; }
p, ul, ol, dl, table, form, fieldset { margin-block: 0 var(--space); }
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--link-visited); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus-ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
.skip-link { position: absolute; inset-inline-start: 0.5rem; inset-block-start: -4rem; z-index: 10;
  background: var(--focus); color: var(--focus-ink); padding: 0.5rem 1rem; font-weight: 700; }
.skip-link:focus { inset-block-start: 0.5rem; }
.visually-hidden { position: absolute !important; inline-size: 1px; block-size: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }

.site-header { background: var(--brand); color: var(--brand-ink); }
.site-header a, .site-header a:visited { color: var(--brand-ink); }
.site-header .bar { max-inline-size: var(--measure); margin-inline: auto; padding: 0.75rem var(--space);
  display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; justify-content: space-between; }
.brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; }
.who { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
.who form { margin: 0; }
.site-header .button { background: var(--paper); color: var(--brand); border-color: var(--paper); }
.lang { display: flex; gap: 0.5rem; }
.main-nav { background: #08365e; }
.main-nav ul { list-style: none; margin: 0 auto; padding: 0 var(--space); max-inline-size: var(--measure);
  display: flex; flex-wrap: wrap; gap: 0 0.25rem; }
.main-nav a, .main-nav a:visited { display: inline-block; padding: 0.6rem 0.75rem; color: #fff; text-decoration: none; }
.main-nav a[aria-current="page"] { box-shadow: inset 0 -4px 0 #fff; font-weight: 700; }
main { display: block; max-inline-size: var(--measure); margin-inline: auto; padding: 1.5rem var(--space) 3rem; }
.site-footer { border-block-start: 1px solid var(--line); color: var(--ink-muted); font-size: 0.9rem; }
.site-footer p { max-inline-size: var(--measure); margin: 0 auto; padding: 1rem var(--space); }

.stack > * + * { margin-block-start: var(--space); }
.cluster { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
.grid-2 { display: grid; gap: var(--space) 2rem; grid-template-columns: 1fr; }
@media (min-width: 48rem) { .grid-2 { grid-template-columns: 2fr 1fr; } }
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: var(--space); background: var(--paper); }
.card > :last-child { margin-block-end: 0; }
.muted { color: var(--ink-muted); }
.num { font-variant-numeric: tabular-nums; text-align: end; }
.breadcrumbs { font-size: 0.95rem; margin-block-end: 0.5rem; }
.cycle-nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem;
  border-block-end: 2px solid var(--brand); }
.cycle-nav a { display: inline-block; padding: 0.4rem 0.75rem; text-decoration: none; border-radius: var(--radius) var(--radius) 0 0; }
.cycle-nav a[aria-current="page"] { background: var(--brand); color: var(--brand-ink); font-weight: 700; }

.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.85rem; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.badge-neutral { color: var(--ink); background: var(--wash); }
.badge-info { color: var(--info); background: var(--info-wash); }
.badge-success { color: var(--success); background: var(--success-wash); }
.badge-warning { color: var(--warning); background: var(--warning-wash); }
.badge-danger { color: var(--danger); background: var(--danger-wash); }

.flash { border-inline-start: 6px solid; padding: 0.75rem 1rem; margin-block-end: var(--space); background: var(--wash); }
.flash-info { border-color: var(--info); background: var(--info-wash); }
.flash-success { border-color: var(--success); background: var(--success-wash); }
.flash-warning { border-color: var(--warning); background: var(--warning-wash); }
.flash-danger { border-color: var(--danger); background: var(--danger-wash); }
.flash > :last-child { margin-block-end: 0; }

.progress { display: flex; gap: 0.5rem; align-items: center; min-inline-size: 10rem; }
.progress .track { flex: 1; min-inline-size: 6rem; block-size: 0.75rem; color: var(--brand); background: var(--wash);
  border: 1px solid var(--line); border-radius: 999px; overflow: hidden; }
[dir="rtl"] .progress .track { transform: scaleX(-1); }
.progress .value { font-variant-numeric: tabular-nums; min-inline-size: 3.5rem; text-align: end; }

.table-wrap { overflow-x: auto; margin-block-end: var(--space); }
table { border-collapse: collapse; inline-size: 100%; }
caption { text-align: start; font-weight: 700; padding-block-end: 0.5rem; }
th, td { text-align: start; vertical-align: top; padding: 0.5rem; border-block-end: 1px solid #b1b4b6; }
thead th { border-block-end: 2px solid var(--ink); }
tbody tr:hover { background: #fafbfc; }

.field { display: flex; flex-direction: column; gap: 0.25rem; margin-block-end: var(--space); max-inline-size: 40rem; }
label, legend { font-weight: 600; }
.hint { color: var(--ink-muted); font-size: 0.92rem; }
input[type="text"], input[type="number"], input[type="date"], input:not([type]), select, textarea {
  font: inherit; color: var(--ink); background: var(--paper); border: 2px solid var(--ink); border-radius: var(--radius);
  padding: 0.35rem 0.5rem; max-inline-size: 100%; }
textarea { min-block-size: 6rem; }
.field-invalid input, .field-invalid select, .field-invalid textarea { border-color: var(--danger); }
.field-error { color: var(--danger); font-weight: 600; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: var(--space); }
.filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: end; }
.filters .field { margin-block-end: 0.5rem; }

.button { display: inline-block; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none;
  background: var(--brand); color: var(--brand-ink); border: 2px solid var(--brand); border-radius: var(--radius);
  padding: 0.45rem 1rem; line-height: 1.3; }
.button:visited { color: var(--brand-ink); }
.button-secondary, .button-secondary:visited { background: var(--paper); color: var(--brand); }
.button-danger, .button-danger:visited { background: var(--danger); border-color: var(--danger); color: #fff; }
.button:hover { filter: brightness(0.92); }
.button-link { background: none; border: none; color: var(--link); text-decoration: underline; padding: 0; font: inherit; cursor: pointer; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-block: var(--space); }

.timeline { list-style: none; padding: 0; display: grid; gap: 0.5rem; grid-template-columns: 1fr; counter-reset: step; }
@media (min-width: 48rem) { .timeline { grid-template-columns: repeat(5, 1fr); } }
.timeline li { border: 1px solid var(--line); border-block-start: 6px solid var(--line); border-radius: var(--radius);
  padding: 0.5rem 0.75rem; background: var(--paper); }
.timeline li.is-done { border-block-start-color: var(--success); }
.timeline li.is-current { border-block-start-color: var(--brand); background: var(--info-wash); }
.timeline .name { font-weight: 700; display: block; }

dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.measure-text { max-inline-size: 40rem; font-weight: 400; }
/* The assessment grid is one table per objective: fixed columns keep them aligned down the page. */
.grid-table table { table-layout: fixed; }
.grid-table thead th:nth-child(1) { inline-size: 38%; } .grid-table thead th:nth-child(2) { inline-size: 14%; }
.grid-table thead th:nth-child(3) { inline-size: 9%; } .grid-table thead th:nth-child(4) { inline-size: 12%; }
.grid-table thead th:nth-child(6) { inline-size: 7%; }
.grid-table td, .grid-table th { overflow-wrap: anywhere; }
.diff-before { background: var(--danger-wash); } .diff-after { background: var(--success-wash); }
.print-only { display: none; }

/* Charts (charts.tsx, plan-timeline.tsx): SVG drawn with classes, never inline styles. Tones reuse the palette; the
   SVG scales down to the column on narrow screens and keeps its proportions. */
.chart { margin: 0 0 var(--space); }
.chart figcaption, .chart h3 { font-weight: 700; margin-block-end: 0.5rem; }
.chart-svg { display: block; max-inline-size: 100%; block-size: auto; font-size: 12px; }
.chart-svg text { fill: var(--ink); }
.chart-axis line { stroke: #c8cbce; stroke-width: 1; }
.chart-axis text, .gantt-head { fill: var(--ink-muted); font-size: 11px; }
.chart-value { font-variant-numeric: tabular-nums; }
.chart-marker { stroke: var(--ink); stroke-width: 2.5; }
.tone-primary { fill: var(--brand); } .tone-secondary { fill: #5b8fc7; } .tone-muted { fill: #858a8f; }
.chart-row rect { stroke: var(--paper); stroke-width: 1; }
.tone-success { fill: var(--success); } .tone-warning { fill: #b36b00; } .tone-danger { fill: var(--danger); }
.chart-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; font-size: 0.92rem; }
.chart-legend li { display: inline-flex; align-items: center; gap: 0.4rem; }
.chart-data summary { cursor: pointer; color: var(--link); text-decoration: underline; }
.gantt-quarter { fill: var(--paper); } .gantt-shade { fill: var(--wash); }
.gantt-year { stroke: var(--line); stroke-width: 1; }
.gantt-year-label { font-weight: 700; fill: var(--ink); }
.gantt-group { font-weight: 700; font-size: 12px; }
.gantt-bar { fill: var(--brand); }
.gantt-warn { fill: #f2c46d; stroke: var(--warning); stroke-width: 2; stroke-dasharray: 4 2; }
.gantt-error { fill: var(--danger-wash); stroke: var(--danger); stroke-width: 2; stroke-dasharray: 4 2; }
.gantt-sign { font-weight: 700; fill: var(--warning); font-size: 14px; }
ul.issues { padding-inline-start: 1.25rem; }
.issue-error::marker { color: var(--danger); } .issue-warning::marker { color: var(--warning); }
.check { display: flex; gap: 0.5rem; align-items: baseline; margin-block-end: 0.35rem; }
.plan-objective { margin-block-end: var(--space); }
.plan-activity { border-block-start: 1px solid #b1b4b6; padding-block-start: 0.75rem; margin-block-start: 0.75rem; }
.suppressed { font-style: italic; color: var(--ink-muted); }
.report-card { margin-block-end: var(--space); }
.plan-doc h3, .plan-doc h4, .plan-doc h5, .plan-doc h6 { margin-block: 0 0.5em; }
.plan-doc h4 { font-size: 1.1rem; } .plan-doc h5, .plan-doc h6 { font-size: 1rem; }
.plan-objective > .actions, .plan-activity > .actions { margin-block: 0.5rem; gap: 0.25rem 1.25rem; }
.stats { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.stats li { border: 1px solid var(--line); border-radius: var(--radius); padding: 0.5rem 0.75rem; min-inline-size: 9rem; }
.stat-value { display: block; font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.stat-label { color: var(--ink-muted); font-size: 0.92rem; }
.cell-field input { inline-size: 100%; font-weight: normal; } .cell-field input.narrow { inline-size: 6rem; }
.gantt-band { fill: var(--paper); }
.report-card input[type="number"] { inline-size: 10rem; }

@media (max-width: 48rem) {
  h1 { font-size: 1.4rem; }
  th, td { padding: 0.4rem 0.3rem; }
}

@media print {
  :root { font-size: 11pt; }
  .site-header, .main-nav, .cycle-nav, .skip-link, .no-print, form, .actions, .site-footer { display: none !important; }
  .print-only { display: block; }
  main { max-inline-size: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .card, table { break-inside: auto; }
  tr, .timeline li { break-inside: avoid; }
  thead { display: table-header-group; }
  .badge { border-color: #000; color: #000 !important; background: none !important; }
  .progress .track { color: #000; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h1, h2, h3 { break-after: avoid; }
  .chart-svg, .plan-activity, .plan-objective > h3, .plan-objective > h4 { break-inside: avoid; }
  .chart-data { display: none; }
  .chart-svg *, .gantt-bar, .tone-primary { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
