import type { CellValue, Workbook, Worksheet } from "exceljs";

// Reading exported workbooks back with exceljs, as a ministry's spreadsheet program would.

export async function openWorkbook(bytes: Buffer): Promise<Workbook> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

export function sheet(wb: Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws)
    throw new Error(`no sheet ${name}; the workbook has ${wb.worksheets.map((w) => w.name).join(", ")}`);
  return ws;
}

export function headers(ws: Worksheet): string[] {
  const row = ws.getRow(1);
  return Array.from({ length: row.cellCount }, (_, i) => String(row.getCell(i + 1).value ?? ""));
}

/** Every data row as header -> value. */
export function records(ws: Worksheet): Record<string, CellValue>[] {
  const names = headers(ws);
  const out: Record<string, CellValue>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = names.map((_, i) => row.getCell(i + 1).value);
    if (values.every((v) => v === null || v === undefined)) continue;
    out.push(Object.fromEntries(names.map((n, i) => [n, values[i] ?? null])));
  }
  return out;
}

/** The cell of `header` in the first row where `key` equals `value`. */
export function cellOf(ws: Worksheet, key: string, value: string, header: string) {
  const names = headers(ws);
  const keyCol = names.indexOf(key) + 1;
  const col = names.indexOf(header) + 1;
  if (keyCol === 0 || col === 0) throw new Error(`no column ${key} or ${header} in ${ws.name}`);
  for (let r = 2; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(keyCol).value === value) return ws.getRow(r).getCell(col);
  }
  throw new Error(`no row with ${key} = ${value} in ${ws.name}`);
}
