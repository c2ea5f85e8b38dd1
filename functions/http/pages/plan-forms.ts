import { z } from "zod";
import { PillarCode } from "../../../frameworks/schema.js";
import {
  ActivityInput,
  IndicatorInput,
  ObjectiveInput,
  SettingsInput,
} from "../../core/action-plan/inputs.js";
import { DisaggregationDimension } from "../../core/action-plan/schema.js";
import type { FieldErrors } from "./components.js";
import { numberOf, versionOf } from "./priorities-forms.js";

// The plan editor's forms, parsed at the edge into the core's input schemas. A form field is named by the input's
// dotted path (`budget.amount`); a list is either text separated by commas (`partnerAgencies`) or one checkbox per
// choice (`priority.<id>`, `dependsOn.<id>`, `disaggregation.<dimension>`), so that every field has one name.

type Raw = Record<string, string | undefined>;
const asRaw = (value: unknown): Raw => (typeof value === "object" && value !== null ? (value as Raw) : {});
const text = (form: Raw, name: string) => (form[name] ?? "").trim();
const optional = (form: Raw, name: string) => text(form, name) || undefined;

/** "a, b c" -> ["a", "b", "c"]. */
export function listOf(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The suffixes of the checked checkboxes named `<prefix>.<suffix>`, in the form's order. */
export function checked(form: Raw, prefix: string): string[] {
  return Object.entries(form)
    .filter(([name, value]) => name.startsWith(`${prefix}.`) && value !== undefined && value !== "")
    .map(([name]) => name.slice(prefix.length + 1));
}

/** A number typed in a form, or the text itself so that the schema refuses it with the field named. */
const numeric = (form: Raw, name: string) => numberOf(form[name]) ?? text(form, name);

/**
 * Field errors as the forms show them: an issue about one element of a list (`partnerAgencies.1`, `targets.0.year`)
 * goes on the list's field, which is the one the person can correct.
 */
export function formErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key.replace(/\.\d+(\..*)?$/, "");
    out[field] ??= message;
  }
  return out;
}

export const ObjectiveForm = z.preprocess((value) => {
  const form = asRaw(value);
  return {
    title: text(form, "title"),
    description: text(form, "description"),
    pillar: text(form, "pillar"),
    priorityIds: checked(form, "priority"),
  };
}, ObjectiveInput);

/** Budget fields left empty mean no budget yet; any one filled in means a budget, checked whole. */
function budgetOf(form: Raw) {
  const fields = ["budget.amount", "budget.currency", "budget.donorName"];
  if (fields.every((f) => text(form, f) === "")) return undefined;
  const source = text(form, "budget.source") || "state";
  return {
    amount: numeric(form, "budget.amount"),
    currency: text(form, "budget.currency").toUpperCase(),
    source,
    ...(source === "donor" || text(form, "budget.donorName")
      ? { donorName: optional(form, "budget.donorName") }
      : {}),
    funded: text(form, "budget.funded") === "yes",
  };
}

export const ActivityForm = z.preprocess((value) => {
  const form = asRaw(value);
  const budget = budgetOf(form);
  return {
    objectiveId: text(form, "objectiveId"),
    title: text(form, "title"),
    description: text(form, "description"),
    ...(optional(form, "leadAgency") ? { leadAgency: text(form, "leadAgency") } : {}),
    partnerAgencies: listOf(form.partnerAgencies),
    start: text(form, "start"),
    end: text(form, "end"),
    ...(budget ? { budget } : {}),
    measureIds: listOf(form.measureIds).map((m) => m.toUpperCase()),
    priorityIds: checked(form, "priority"),
    dependsOn: checked(form, "dependsOn"),
  };
}, ActivityInput);

/** `attachedTo` is "<kind>:<id>" in the form's select. */
function attachedOf(value: string) {
  const at = value.indexOf(":");
  return at < 0 ? { kind: value, id: "" } : { kind: value.slice(0, at), id: value.slice(at + 1) };
}

export const IndicatorForm = z.preprocess((value) => {
  const form = asRaw(value);
  const baselineGiven = text(form, "baseline.value") !== "" || text(form, "baseline.year") !== "";
  const targets = checkedTargets(form);
  return {
    attachedTo: attachedOf(text(form, "attachedTo")),
    name: text(form, "name"),
    type: text(form, "type"),
    unit: text(form, "unit"),
    isCount: text(form, "isCount") === "yes",
    ...(baselineGiven
      ? { baseline: { value: numeric(form, "baseline.value"), year: numeric(form, "baseline.year") } }
      : {}),
    targets,
    disaggregation: checked(form, "disaggregation").filter(
      (d) => DisaggregationDimension.safeParse(d).success,
    ),
    meansOfVerification: text(form, "meansOfVerification"),
    ...(text(form, "sdg") ? { sdg: text(form, "sdg") } : {}),
  };
}, IndicatorInput);

/** `target.<year>` fields, one per year of the plan; an empty one sets no target for that year. */
function checkedTargets(form: Raw) {
  return Object.keys(form)
    .filter((name) => /^target\.\d{4}$/.test(name) && text(form, name) !== "")
    .map((name) => ({ year: Number(name.slice(7)), value: numeric(form, name) }));
}

export const SettingsForm = z.preprocess((value) => {
  const form = asRaw(value);
  const justifications = Object.fromEntries(
    PillarCode.options.flatMap((p) => {
      const why = text(form, `pillarJustifications.${p}`);
      return why ? [[p, why]] : [];
    }),
  );
  const group = (a: string, b: string) =>
    text(form, `population.${a}`) === "" && text(form, `population.${b}`) === ""
      ? undefined
      : { [a]: numeric(form, `population.${a}`), [b]: numeric(form, `population.${b}`) };
  const bySex = group("female", "male");
  const byAge = group("child", "adult");
  const population =
    text(form, "population.total") === ""
      ? undefined
      : {
          year: numeric(form, "population.year"),
          total: numeric(form, "population.total"),
          ...(bySex ? { bySex } : {}),
          ...(byAge ? { byAge } : {}),
        };
  return {
    pillarJustifications: justifications,
    ...(population ? { population } : {}),
    suppressionThreshold: numeric(form, "suppressionThreshold"),
    ...(versionOf(form.expectedVersion) ? { expectedVersion: versionOf(form.expectedVersion) } : {}),
  };
}, SettingsInput);

/** The version an update form carries; required to replace an existing item. */
export function expectedVersionOf(form: Raw): number | undefined {
  return versionOf(form.expectedVersion);
}
