import { ValidationError } from "../core/errors.js";
import type { SheetData } from "../core/exports/import-rows.js";
import { BOM, unguard } from "./csv.js";

// CSV -> rows, per RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; records end with CRLF
// or LF. Row numbers count records as a spreadsheet shows them (the header is row 1), not lines of the file.

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = "";
  let quoted = false;
  let i = text.startsWith(BOM) ? 1 : 0;
  const endField = () => {
    record.push(value);
    value = "";
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch !== '"') value += ch;
      else if (text.charAt(i + 1) === '"') {
        value += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && value === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n") endRecord();
    else if (ch === "\r") {
      if (text.charAt(i + 1) === "\n") i++;
      endRecord();
    } else value += ch;
  }
  if (quoted)
    throw new ValidationError("content: the CSV file ends inside a quoted field", { field: "content" });
  if (value !== "" || record.length > 0) endRecord();
  return records;
}

/** A CSV file as the importer reads it: the header, then each non-empty record with its row number. */
export function readCsv(content: Buffer): SheetData {
  const [header, ...records] = parseCsv(content.toString("utf8"));
  if (!header) throw new ValidationError("content: the CSV file is empty", { field: "content" });
  return {
    headers: header.map((h) => h.trim()),
    rows: records.flatMap((values, i) =>
      values.every((v) => v.trim() === "") ? [] : [{ row: i + 2, values: values.map(cellOf) }],
    ),
  };
}

function cellOf(value: string): string | null {
  const trimmed = unguard(value.trim());
  return trimmed === "" ? null : trimmed;
}
