import type { Figure } from "./figures.js";

function formatNumber(value: number | null, unit: string): string {
  if (value === null) return "-";
  if (unit === "$") return `$${value.toFixed(4)}`;
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 1;
  const text = value.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
  return unit ? `${text} ${unit}` : text;
}

const formatRatio = (ratio: number | null) =>
  ratio === null ? "-" : Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "inf";

function cells(f: Figure, i: number): string[] {
  return [
    String(i + 1),
    `${f.section}: ${f.name}`,
    formatNumber(f.value, f.unit),
    formatNumber(f.reference, f.unit),
    formatRatio(f.ratio),
    f.budget,
    f.status.toUpperCase(),
  ];
}

const HEADER = ["#", "figure", "value", "reference", "ratio", "budget", "result"];

/** The one table `npm run bench` prints, then how each section measured, then the notes by row number. */
export function renderTable(figures: readonly Figure[], captions: Record<string, string>): string {
  const rows = figures.map(cells);
  const widths = HEADER.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const right = new Set([0, 2, 3, 4]);
  const line = (row: string[]) =>
    row
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join("  ")
      .trimEnd();
  return [
    line(HEADER),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
    "",
    "how each section measured:",
    ...Object.entries(captions).map(([section, caption]) => `  ${section}: ${caption}`),
    "",
    "notes:",
    ...figures.flatMap((f, i) => (f.note ? [`  #${i + 1} ${f.note}`] : [])),
  ].join("\n");
}

/** The same as Markdown, for bench/PERFORMANCE.md. */
export function renderMarkdown(figures: readonly Figure[], captions: Record<string, string>): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${HEADER.join(" | ")} |`,
    "|---:|---|---:|---:|---:|---|---|",
    ...figures.map((f, i) => `| ${cells(f, i).map(cell).join(" | ")} |`),
    "",
    ...Object.entries(captions).map(([section, caption]) => `- **${section}**: ${caption}`),
    "",
    ...figures.flatMap((f, i) => (f.note ? [`- #${i + 1} ${cell(f.note)}`] : [])),
  ].join("\n");
}
