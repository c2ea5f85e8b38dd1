import type { Cell as ExcelCell, Worksheet } from "exceljs";
import type { Cell, Column, Table, Workbook } from "../core/exports/cells.js";

// Workbook -> .xlsx with exceljs. Every cell keeps its type: dates are dates, amounts numbers formatted with their
// currency, shares real percentages; the header row is frozen and filterable, columns sized. exceljs is loaded on
// first use: it is large, and most requests of the API never write a spreadsheet.

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const HEADER_FILL = "FFD9E2F3";
const READ_ONLY_FILL = "FFF2F2F2";
/** Rows below an open-ended template's data that keep its drop-down lists, for new entries. */
const SPARE_ROWS = 100;

export async function writeXlsx(book: Workbook): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "ffa-planner";
  wb.title = book.title;
  wb.subject = book.subject;
  const names = new Set<string>();
  for (const table of book.sheets) writeSheet(wb.addWorksheet(uniqueName(table.name, names)), table);
  const notes = book.sheets.flatMap((t) => t.notes.map((note) => ({ sheet: t.name, note })));
  if (notes.length > 0) {
    writeSheet(wb.addWorksheet(uniqueName("Notes", names)), {
      name: "Notes",
      title: "Notes",
      notes: [],
      columns: [
        { key: "sheet", header: "Sheet", width: 28 },
        { key: "note", header: "Note", width: 110 },
      ],
      rows: notes,
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function writeSheet(ws: Worksheet, table: Table): void {
  ws.views = [{ state: "frozen", ySplit: 1, xSplit: 0 }];
  ws.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
  });
  table.rows.forEach((row, i) => {
    const excelRow = ws.getRow(i + 2);
    table.columns.forEach((c, j) => {
      setCell(excelRow.getCell(j + 1), row[c.key] ?? null);
    });
  });
  const last = table.rows.length + 1 + (table.openEnded ? SPARE_ROWS : 0);
  table.columns.forEach((c, j) => {
    decorateColumn(ws, c, j + 1, table.rows.length + 1, last);
  });
  if (table.columns.length > 0) {
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
}

function decorateColumn(ws: Worksheet, c: Column, index: number, lastData: number, last: number): void {
  for (let r = 2; r <= (c.choices ? last : lastData); r++) {
    const cell = ws.getRow(r).getCell(index);
    if (c.readOnly && r <= lastData)
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: READ_ONLY_FILL } };
    if (c.choices) {
      cell.dataValidation = {
        type: "list",
        allowBlank: true,
        showErrorMessage: true,
        formulae: [`"${c.choices.join(",")}"`],
      };
    }
  }
}

function setCell(cell: ExcelCell, value: Cell): void {
  if (value === null || typeof value !== "object") {
    cell.value = value;
    return;
  }
  switch (value.kind) {
    case "date":
      cell.value = new Date(`${value.value}T00:00:00.000Z`);
      cell.numFmt = "yyyy-mm-dd";
      return;
    case "money":
      cell.value = value.amount;
      // The code is checked as three capitals: it is written into the format string.
      cell.numFmt = /^[A-Z]{3}$/.test(value.currency) ? `#,##0.00 "${value.currency}"` : "#,##0.00";
      return;
    case "percent":
      cell.value = value.value / 100;
      cell.numFmt = "0.0%";
      return;
  }
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function uniqueName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, " ")
      .trim()
      .slice(0, 31) || "Sheet";
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}
