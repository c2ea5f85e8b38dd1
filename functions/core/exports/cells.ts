// The neutral shape every export is built as, before a writer turns it into XLSX, CSV or HTML. Builders decide
// what each cell is (a date, an amount in a currency, a share); writers decide only how each format shows it, so
// the same figure reads the same in a spreadsheet, a CSV file and a printed page.

/** A calendar date (ISO yyyy-mm-dd): a real date in a spreadsheet, never text. */
export type DateCell = { kind: "date"; value: string };
/** An amount in one currency: a number formatted with its ISO 4217 code. */
export type MoneyCell = { kind: "money"; amount: number; currency: string };
/** A share on the 0-100 scale, as the domain computes it (45.5 means 45.5 %). */
export type PercentCell = { kind: "percent"; value: number };

export type Cell = string | number | boolean | null | DateCell | MoneyCell | PercentCell;
export type Row = Readonly<Record<string, Cell>>;

export type Column = {
  key: string;
  header: string;
  /** In characters, as spreadsheets count them. */
  width: number;
  /** Context copied into a template for the reader; an import ignores what is typed here. */
  readOnly?: boolean;
  /** The values a template cell accepts (offered as a drop-down list where the format has one). */
  choices?: readonly string[];
};

export type Table = {
  /** Short: it names the sheet (31 characters at most in XLSX). */
  name: string;
  /** Longer, for a heading. */
  title: string;
  /** What a reader must know to read the table right (e.g. which counts were suppressed). */
  notes: readonly string[];
  columns: readonly Column[];
  rows: readonly Row[];
  /** A template readers add rows to: its drop-down lists continue below the data. */
  openEnded?: boolean;
};

export type Workbook = { title: string; subject: string; sheets: readonly Table[] };

export const date = (value: string): DateCell => ({ kind: "date", value });
export const money = (amount: number, currency: string): MoneyCell => ({ kind: "money", amount, currency });
export const percent = (value: number | null): PercentCell | null =>
  value === null ? null : { kind: "percent", value };

/** Lists go in one cell joined by "; " (an import splits them on ";"), never as JSON. */
export const LIST_SEPARATOR = "; ";
export const joinList = (items: readonly string[]): string => items.join(LIST_SEPARATOR);

export function column(key: string, header: string, width: number, extra: Partial<Column> = {}): Column {
  return { key, header, width, ...extra };
}

/** "ministry-of-justice" -> "Ministry of Justice": agencies are stored as slugs, printed as names. */
export function orgName(slug: string): string {
  const small = new Set(["of", "the", "and", "for", "on", "in", "to"]);
  return slug
    .split("-")
    .map((word, i) => (i > 0 && small.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(" ");
}
