import { createHash } from "node:crypto";
import type { Cell, Table, Workbook } from "../core/exports/cells.js";

// Printable HTML documents. Every value goes through `html`, which escapes whatever is interpolated unless it is
// markup built by `html` itself, so no text from a plan or a report can become markup. The one stylesheet is
// inline and allowed by its hash in the Content-Security-Policy: the document needs nothing else to print.

export const HTML_TYPE = "text/html; charset=utf-8";

/** Markup that is already safe: built by `html`, from escaped parts. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[];

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof SafeHtml) return part.markup;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  return new SafeHtml(
    strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ""), ""),
  );
}

const STYLE = `
body { font: 11pt/1.45 "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; } h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1f4e79; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; } h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta, .note { color: #444; } .note { font-style: italic; margin: .2rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .3rem 0 .6rem; } dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9em; }
th, td { border: 1px solid #b7c3d0; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #d9e2f3; } td.num { text-align: right; white-space: nowrap; }
.activity { border-left: 3px solid #1f4e79; padding-left: .8rem; margin: .8rem 0 1.2rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section.pillar + section.pillar { break-before: page; }
  h2, h3, h4 { break-after: avoid; } .activity, tr { break-inside: avoid; } thead { display: table-header-group; }
}
`;

/** The Content-Security-Policy of every exported document: its own stylesheet, nothing else. */
export const HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export function documentHtml(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.markup;
}

const NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 3 });
const AMOUNT = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A cell as a reader sees it printed. */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return NUMBER.format(cell);
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  switch (cell.kind) {
    case "date":
      return cell.value;
    case "money":
      return `${AMOUNT.format(cell.amount)} ${cell.currency}`;
    case "percent":
      return `${NUMBER.format(cell.value)} %`;
  }
}

const isNumeric = (cell: Cell) =>
  typeof cell === "number" || (cell !== null && typeof cell === "object" && cell.kind !== "date");

export function tableHtml(table: Table): SafeHtml {
  return html`<table>
<thead><tr>${table.columns.map((c) => html`<th scope="col">${c.header}</th>`)}</tr></thead>
<tbody>
${table.rows.map(
  (row) =>
    html`<tr>${table.columns.map((c) => {
      const cell = row[c.key] ?? null;
      return isNumeric(cell)
        ? html`<td class="num">${cellText(cell)}</td>`
        : html`<td>${cellText(cell)}</td>`;
    })}</tr>
`,
)}</tbody>
</table>`;
}

/** A report as a document: its title, what it is about, then each table under its heading with its notes. */
export function workbookHtml(book: Workbook): string {
  const body = html`<header>
<h1>${book.title}</h1>
<p class="meta">${book.subject}</p>
</header>
${book.sheets.map(
  (t) => html`<section>
<h2>${t.title}</h2>
${t.notes.map((n) => html`<p class="note">${n}</p>`)}
${t.rows.length > 0 ? tableHtml(t) : html`<p class="note">Nothing to show.</p>`}
</section>
`,
)}`;
  return documentHtml(book.title, body);
}
