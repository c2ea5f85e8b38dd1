import type { Cell, Table } from "../core/exports/cells.js";

// Table -> CSV as RFC 4180 says (CRLF line ends, fields with a quote, comma or line break quoted, quotes doubled),
// in UTF-8 with a byte order mark: without it Excel reads the file in the machine's legacy code page and mangles
// every accented name. Dates are ISO, amounts plain numbers (the currency has its own column), yes/no for booleans.

export const CSV_TYPE = "text/csv; charset=utf-8; header=present";
export const BOM = "\uFEFF";

/**
 * Text a spreadsheet would run as a formula when it starts with one of these (CSV injection). Such text is written
 * with a leading apostrophe, which spreadsheets show as text and the importer strips again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function writeCsv(table: Table): string {
  const lines = [table.columns.map((c) => quote(text(c.header)))];
  for (const row of table.rows) lines.push(table.columns.map((c) => field(row[c.key] ?? null)));
  return `${BOM}${lines.map((fields) => fields.join(",")).join("\r\n")}\r\n`;
}

function field(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "string") return quote(text(cell));
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  switch (cell.kind) {
    case "date":
      return cell.value;
    case "money":
      return String(cell.amount);
    case "percent":
      return String(cell.value);
  }
}

function text(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Undoes the formula guard of `writeCsv` on a field read back. */
export function unguard(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
