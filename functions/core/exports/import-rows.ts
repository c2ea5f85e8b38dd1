import { z } from "zod";
import { RuleViolationError } from "../errors.js";
import type { Column } from "./cells.js";

// What an import reads, whatever the file was: the header and the rows as plain values (a reader turns spreadsheet
// dates into ISO dates and formulas into their results). Here the cells are matched to a template's columns by
// header and coerced to what each field needs, every problem kept with its row number for the rejection report.

export type RawCell = string | number | boolean | null;
export type SheetData = { headers: string[]; rows: { row: number; values: RawCell[] }[] };

/** One rejected row: where (the spreadsheet row number, header = row 1), which column, and why. */
export const ImportRejection = z.strictObject({
  row: z.int().min(1),
  column: z.string().optional(),
  reason: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

/** What one import did; nothing is written unless every row was valid. */
export const ImportResult = z.strictObject({
  kind: z.enum(["assessment", "activities"]),
  /** Data rows read (empty rows are not counted). */
  rows: z.int(),
  created: z.int(),
  updated: z.int(),
  /** Rows equal to what is stored: not written, whatever version they carry. */
  unchanged: z.int(),
  /** Rows that answer nothing (no status): an import never deletes. */
  blank: z.int(),
  /** Transactions written, each with its audit event. */
  transactions: z.int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** More rows than any assessment (both catalogues: ~140 measures) or plan (200 activities) needs. */
export const MAX_IMPORT_ROWS = 1000;

/** A row's cells by column key, read through the template's columns. */
export type RowCells = { row: number; get(key: string): RawCell };

/**
 * Matches the file's header to the template's columns (case and surrounding spaces ignored; unknown columns are
 * ignored too). Missing required columns reject the whole file as row 1.
 */
export function rowsOf(
  sheet: SheetData,
  columns: readonly Column[],
  required: readonly string[],
): RowCells[] {
  const position = new Map(sheet.headers.map((h, i) => [h.trim().toLowerCase(), i]));
  const index = new Map(columns.map((c) => [c.key, position.get(c.header.toLowerCase())]));
  const missing = columns.filter((c) => required.includes(c.key) && index.get(c.key) === undefined);
  if (missing.length > 0) {
    reject(
      missing.map((c) => ({ row: 1, column: c.header, reason: "this column is missing from the header" })),
    );
  }
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    reject([
      {
        row: 1,
        reason: `the file holds ${sheet.rows.length} rows; an import takes ${MAX_IMPORT_ROWS} at most`,
      },
    ]);
  }
  return sheet.rows.map(({ row, values }) => ({
    row,
    get: (key) => {
      const i = index.get(key);
      return i === undefined ? null : (values[i] ?? null);
    },
  }));
}

export function reject(rejections: ImportRejection[]): never {
  const shown = rejections
    .slice(0, 5)
    .map((r) => `row ${r.row}${r.column ? ` (${r.column})` : ""}: ${r.reason}`)
    .join("; ");
  const more = rejections.length > 5 ? `; and ${rejections.length - 5} more` : "";
  throw new RuleViolationError(
    "import_rejected",
    `nothing was imported: ${rejections.length} ${rejections.length === 1 ? "row was" : "rows were"} rejected: ${shown}${more}`,
    { rejections },
  );
}

/** Collects a row's problems; each reader below returns undefined for a bad cell after noting why. */
export class RowProblems {
  readonly list: ImportRejection[] = [];
  constructor(private readonly columns: readonly Column[]) {}

  add(row: number, key: string | undefined, reason: string): void {
    const header = key === undefined ? undefined : this.columns.find((c) => c.key === key)?.header;
    this.list.push({ row, ...(header ? { column: header } : {}), reason });
  }

  text(cells: RowCells, key: string): string {
    const v = cells.get(key);
    if (v === null) return "";
    return typeof v === "boolean" ? (v ? "yes" : "no") : String(v).trim();
  }

  number(cells: RowCells, key: string): number | undefined {
    const v = cells.get(key);
    if (v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : Number.NaN;
    if (typeof v === "string" && !/^-?\d+(\.\d+)?$/.test(v.trim())) {
      this.add(cells.row, key, `"${v}" is not a number (write it like 45000 or 1234.5)`);
      return undefined;
    }
    if (!Number.isFinite(n)) {
      this.add(cells.row, key, `${String(v)} is not a number`);
      return undefined;
    }
    return n;
  }

  boolean(cells: RowCells, key: string): boolean | undefined {
    const v = cells.get(key);
    if (v === null) return undefined;
    if (typeof v === "boolean") return v;
    const word = String(v).trim().toLowerCase();
    if (["yes", "true", "1", "y"].includes(word)) return true;
    if (["no", "false", "0", "n"].includes(word)) return false;
    this.add(cells.row, key, `"${String(v)}" is neither yes nor no`);
    return undefined;
  }

  items(cells: RowCells, key: string): string[] {
    return this.text(cells, key)
      .split(";")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
}

/** A zod issue's path (`budget.donorName`) named as the template's column, where one maps. */
export function issueColumn(
  path: readonly PropertyKey[],
  columnOf: Record<string, string>,
): string | undefined {
  const key = path.map(String).join(".");
  return columnOf[key] ?? columnOf[String(path[0])];
}
