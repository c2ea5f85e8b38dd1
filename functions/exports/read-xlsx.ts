import type { CellValue } from "exceljs";
import { ValidationError } from "../core/errors.js";
import type { RawCell, SheetData } from "../core/exports/import-rows.js";

// .xlsx -> rows for an import. A spreadsheet's dates come back as ISO dates, formulas as their results, rich text
// and links as their text. An .xlsx file is a zip archive: before unpacking it, its directory is read and a file
// that declares more than MAX_UNPACKED_BYTES is refused (a small upload must not unpack into gigabytes).

const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
const MAX_ENTRIES = 2000;

const notXlsx = (why: string) =>
  new ValidationError(`content: not a readable .xlsx file (${why}); export a fresh template and fill it in`, {
    field: "content",
  });

/** Reads the zip's central directory and sums what its entries declare they unpack to. */
export function assertUnpackable(zip: Buffer): void {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notXlsx("it is not a zip archive");
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (entries > MAX_ENTRIES) throw notXlsx(`it holds ${entries} files`);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL)
      throw notXlsx("its directory is damaged");
    // 0xFFFFFFFF marks a zip64 size: more than 4 GB, far past the limit.
    total += zip.readUInt32LE(offset + 24);
    if (total > MAX_UNPACKED_BYTES)
      throw notXlsx(`it unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
    offset +=
      46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
}

/** The sheet named `sheetName` (else the first one) of an .xlsx file: its header row and its non-empty rows. */
export async function readXlsx(content: Buffer, sheetName: string): Promise<SheetData> {
  assertUnpackable(content);
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(new Uint8Array(content).buffer);
  } catch (error) {
    throw notXlsx(error instanceof Error ? error.message : "it cannot be opened");
  }
  const ws = wb.getWorksheet(sheetName) ?? wb.worksheets[0];
  if (!ws) throw notXlsx("it has no sheet");
  const width = ws.getRow(1).cellCount;
  const headers = Array.from({ length: width }, (_, i) =>
    String(plain(ws.getRow(1).getCell(i + 1).value) ?? ""),
  );
  const rows: SheetData["rows"] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = Array.from({ length: width }, (_, i) => plain(row.getCell(i + 1).value));
    if (values.some((v) => v !== null && v !== "")) rows.push({ row: r, values });
  }
  return { headers: headers.map((h) => h.trim()), rows };
}

function plain(value: CellValue | undefined): RawCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number" || typeof value === "boolean") return value;
  if ("result" in value) return plain(value.result as CellValue);
  if ("richText" in value) return plain(value.richText.map((t) => t.text).join(""));
  if ("text" in value) return plain(value.text);
  if ("error" in value) return String(value.error);
  return null;
}
