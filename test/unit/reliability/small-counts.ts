// Finds counts of people below the small-cell threshold in what an API answers: in JSON by where a count sits (the
// keys and breakdowns of the monitoring and version views), in CSV exports by column. Shared by the suppression
// tests; kept apart so that its own soundness is tested on plain samples.

/** The fixtures' plan threshold (monitoring-fixtures settings). */
export const THRESHOLD = 5;

/** Where a JSON answer carries a count of people: these keys, and the cells of a breakdown. */
const COUNT_KEYS = new Set(["actual", "value", "victims"]);
const BREAKDOWNS = new Set(["disaggregation", "bySex", "byAge"]);
/** Numbers inside a breakdown that count no one in it: the general population, and ratios. */
const NOT_COUNTS = new Set(["population", "rate", "percentAchieved"]);

export type Found = { path: string; value: number };

/** Every count below the threshold in a JSON value; a subtree marked `isCount: false` holds no counts of people. */
export function smallCounts(value: unknown, path = "", inBreakdown = false): Found[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => smallCounts(v, `${path}[${i}]`, false));
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  if (record.isCount === false) return [];
  return Object.entries(record).flatMap(([key, v]) => {
    const at = `${path}.${key}`;
    // A target is a goal the plan sets, not people counted.
    if (key === "targets") return [];
    if (typeof v === "number") {
      const count = COUNT_KEYS.has(key) || (inBreakdown && !NOT_COUNTS.has(key));
      return count && v < THRESHOLD ? [{ path: at, value: v }] : [];
    }
    return smallCounts(v, at, BREAKDOWNS.has(key) || (inBreakdown && !COUNT_KEYS.has(key)));
  });
}

/** RFC 4180 as the exports write it: a BOM, CRLF line ends, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * Small counts in a CSV export: in rows of a count indicator (its "Count..." column says yes), the baseline, the
 * actual and every breakdown column (`sex: female`, ...). Column names are matched loosely; the government's file
 * must show hits, so a renamed column cannot make this pass by finding nothing.
 */
export function smallCsvCounts(text: string): Found[] {
  const [header = [], ...rows] = parseCsv(text);
  const countFlag = header.findIndex((h) => /^count/i.test(h));
  if (countFlag < 0) return [];
  const columns = header.flatMap((h, i) =>
    /^(baseline|actual)$/i.test(h) || /^(sex|age|exploitation|nationality|region): /.test(h) ? [i] : [],
  );
  return rows.flatMap((row, r) =>
    row[countFlag] !== "yes"
      ? []
      : columns.flatMap((i) => {
          const cell = row[i] ?? "";
          const value = Number(cell);
          return cell !== "" && value < THRESHOLD ? [{ path: `row ${r + 1} ${header[i]}`, value }] : [];
        }),
  );
}
