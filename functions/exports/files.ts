import type { Workbook } from "../core/exports/cells.js";
import type { PlanExport } from "../core/exports/plan-source.js";
import { planTable, planWorkbook } from "../core/exports/plan-workbook.js";
import { CSV_TYPE, writeCsv } from "./csv.js";
import { HTML_CSP, HTML_TYPE, workbookHtml } from "./html.js";
import { planHtml } from "./plan-html.js";
import { writeXlsx, XLSX_TYPE } from "./xlsx.js";
import { XML_TYPE } from "./xml.js";

// One exported file: its bytes, its media type, the name a browser saves it under. Sent with no-store: an export
// holds a country's plan or figures and must not linger in shared caches.

export type ExportFile = { body: string | Buffer; type: string; filename: string };

export const MEDIA_TYPES = { xlsx: XLSX_TYPE, csv: CSV_TYPE, html: HTML_TYPE, xml: XML_TYPE } as const;
export type FileFormat = keyof typeof MEDIA_TYPES;

/** A workbook in the format asked for; a CSV file holds its first (main) table. */
export async function renderWorkbook(
  book: Workbook,
  format: "xlsx" | "csv" | "html",
  stem: string,
): Promise<ExportFile> {
  const filename = `${stem}.${format}`;
  const type = MEDIA_TYPES[format];
  if (format === "xlsx") return { body: await writeXlsx(book), type, filename };
  if (format === "html") return { body: workbookHtml(book), type, filename };
  const [main] = book.sheets;
  return { body: main ? writeCsv(main) : "", type, filename };
}

/** The action plan: the workbook, one CSV table of every row, or the printable document. */
export async function renderPlan(
  plan: PlanExport,
  format: "xlsx" | "csv" | "html",
  stem: string,
  generatedAt: string,
): Promise<ExportFile> {
  const filename = `${stem}.${format}`;
  const type = MEDIA_TYPES[format];
  if (format === "html") return { body: planHtml(plan, generatedAt), type, filename };
  if (format === "csv") return { body: writeCsv(planTable(plan)), type, filename };
  return { body: await writeXlsx(planWorkbook(plan, generatedAt)), type, filename };
}

/** File names are built from ids and codes only, but are still reduced to safe characters. */
export function fileStem(...parts: (string | number | undefined)[]): string {
  return parts
    .filter((p) => p !== undefined && p !== "")
    .map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, "-"))
    .join("-");
}

export function fileResponse(file: ExportFile): Response {
  const html = file.type === HTML_TYPE;
  const headers = new Headers({
    "Content-Type": file.type,
    // HTML opens in the browser (to read or print); data files download.
    "Content-Disposition": `${html ? "inline" : "attachment"}; filename="${file.filename}"`,
    "Cache-Control": "no-store",
  });
  if (html) headers.set("Content-Security-Policy", HTML_CSP);
  const body = typeof file.body === "string" ? file.body : new Uint8Array(file.body);
  return new Response(body, { status: 200, headers });
}
