import { z } from "zod";
import type { DisaggregationDimension } from "../../core/action-plan/schema.js";
import { SubmitReportInput } from "../../core/monitoring/submit-report.js";
import type { FieldErrors } from "./components.js";
import { issuesToErrors, type RawForm } from "./forms.js";
import { numberOf, versionOf } from "./priorities-forms.js";

// The report form, parsed into the core's SubmitReportInput. Fields are named by the input's paths
// (`activities.0.percentComplete`, `indicatorActuals.1.disaggregation.sex.female`); an indicator left without a value
// is not reported this time, and the errors of the ones after it are moved back onto their own fields.

/** Categories with a closed list get one number field each; nationality and region are typed as `code=count`. */
export const OPEN_DIMENSIONS: ReadonlySet<DisaggregationDimension> = new Set(["nationality", "region"]);

const text = (form: RawForm, name: string) => (form[name] ?? "").trim();
const numeric = (form: RawForm, name: string) => numberOf(form[name]) ?? text(form, name);

/** "KEN=3, foreign=2" -> { KEN: 3, foreign: 2 }; undefined when a pair does not read as code=count. */
export function pairsOf(value: string): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const pair of value
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9-]+)\s*[=:]\s*(\d+)$/.exec(pair);
    if (!match?.[1] || !match[2]) return undefined;
    out[match[1]] = Number(match[2]);
  }
  return out;
}

function disaggregationOf(form: RawForm, j: number, errors: FieldErrors) {
  const prefix = `indicatorActuals.${j}.disaggregation.`;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, raw] of Object.entries(form)) {
    if (!name.startsWith(prefix) || (raw ?? "").trim() === "") continue;
    const [dimension, category] = name.slice(prefix.length).split(".");
    if (!dimension) continue;
    if (category === undefined) {
      const pairs = pairsOf(raw ?? "");
      if (!pairs)
        errors[name] = "write each category as code=count, separated by commas (e.g. KEN=3, foreign=2)";
      else if (Object.keys(pairs).length > 0) out[dimension] = pairs;
    } else {
      out[dimension] = { ...(out[dimension] ?? {}), [category]: numeric(form, name) };
    }
  }
  return out;
}

/** An indicator is reported when its value or any of its category counts is filled in. */
function reported(form: RawForm, j: number): boolean {
  const prefix = `indicatorActuals.${j}.`;
  return Object.entries(form).some(
    ([name, value]) =>
      (name === `${prefix}value` || name.startsWith(`${prefix}disaggregation.`)) &&
      (value ?? "").trim() !== "",
  );
}

/** Where in the form each reported indicator (in input order) sits. */
function reportedPositions(form: RawForm): number[] {
  const positions: number[] = [];
  for (let j = 0; form[`indicatorActuals.${j}.indicatorId`] !== undefined; j++)
    if (reported(form, j)) positions.push(j);
  return positions;
}

const toForm = (positions: readonly number[]) => (key: string) =>
  key.replace(/^indicatorActuals\.(\d+)/, (_, k: string) => `indicatorActuals.${positions[Number(k)] ?? k}`);

export type ParsedReport = { ok: true; data: SubmitReportInput } | { ok: false; errors: FieldErrors };

export function parseReportForm(form: RawForm): ParsedReport {
  const errors: FieldErrors = {};
  const activities: unknown[] = [];
  for (let i = 0; form[`activities.${i}.activityId`] !== undefined; i++) {
    const at = (field: string) => `activities.${i}.${field}`;
    activities.push({
      activityId: text(form, at("activityId")),
      status: text(form, at("status")),
      percentComplete: numeric(form, at("percentComplete")),
      spend: numeric(form, at("spend")),
      narrative: text(form, at("narrative")),
    });
  }
  const positions = reportedPositions(form);
  const actuals = positions.map((j) => ({
    indicatorId: text(form, `indicatorActuals.${j}.indicatorId`),
    value: numeric(form, `indicatorActuals.${j}.value`),
    disaggregation: disaggregationOf(form, j, errors),
  }));
  const parsed = SubmitReportInput.safeParse({
    ...(text(form, "agency") ? { agency: text(form, "agency") } : {}),
    activities,
    indicatorActuals: actuals,
    narrative: text(form, "narrative"),
    ...(versionOf(form.expectedVersion) ? { expectedVersion: versionOf(form.expectedVersion) } : {}),
  });
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, data: parsed.data };
  const issues = parsed.success ? {} : issuesToErrors(parsed.error as z.ZodError);
  const moved = toForm(positions);
  for (const [key, message] of Object.entries(issues)) errors[moved(key)] ??= message;
  return { ok: false, errors };
}

/**
 * The errors the core's report rules give (`report_invalid`, with `issues` whose paths are the input's), moved onto
 * the form's fields like the schema's.
 */
export function ruleIssuesToErrors(issues: unknown, form: RawForm): FieldErrors | undefined {
  const parsed = z.array(z.object({ path: z.string(), message: z.string() })).safeParse(issues);
  if (!parsed.success) return undefined;
  const moved = toForm(reportedPositions(form));
  const errors: FieldErrors = {};
  for (const issue of parsed.data) errors[moved(issue.path.replace(/\[(\d+)\]/g, ".$1"))] ??= issue.message;
  return errors;
}
