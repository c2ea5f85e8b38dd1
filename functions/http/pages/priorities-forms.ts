import { z } from "zod";
import {
  AddCandidateInput,
  DecideCandidateInput,
  RateCandidateInput,
  UpdateCriteriaInput,
} from "../../core/priorities/inputs.js";
import type { Criterion } from "../../core/priorities/schema.js";

// The priorities pages' forms, parsed at the edge into the core's own input schemas. Field names are the dotted
// paths of those schemas (`criteria.1.weight`, `ratings.impact`, `reason`), so a zod issue names the field it
// belongs to and the page puts the message next to it.

/** A whole or decimal number as typed in a form; undefined when it is not one. */
export function numberOf(text: string | undefined): number | undefined {
  const trimmed = (text ?? "").trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** An optional expectedVersion field: absent or blank means none. */
export function versionOf(text: string | undefined): number | undefined {
  const n = numberOf(text);
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}

type Raw = Record<string, string | undefined>;
const asRaw = (value: unknown): Raw => (typeof value === "object" && value !== null ? (value as Raw) : {});

/**
 * The criteria form: one row per criterion (`criteria.<i>.id`, `.label`, `.weight`, `.source`) and, last, one blank
 * row for a new rating criterion, dropped when left empty. Rows keep their index, so errors land on the right row.
 */
export const CriteriaForm = z.preprocess((value, ctx) => {
  const form = asRaw(value);
  const criteria: unknown[] = [];
  for (let i = 0; form[`criteria.${i}.id`] !== undefined || form[`criteria.${i}.label`] !== undefined; i++) {
    const at = (field: string) => (form[`criteria.${i}.${field}`] ?? "").trim();
    const isNew = at("source") === "";
    if (isNew && at("id") === "" && at("label") === "" && at("weight") === "") continue;
    const weight = numberOf(at("weight"));
    if (weight === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["criteria", i, "weight"],
        message: "must be a number from 0 to 10",
      });
    }
    criteria.push({
      id: at("id"),
      label: at("label"),
      weight: weight ?? 0,
      source: isNew ? "rating" : at("source"),
    });
  }
  return { criteria, expectedVersion: versionOf(form.expectedVersion) };
}, UpdateCriteriaInput);

/** The rating form: `ratings.<criterion id>` = 1, 2 or 3, or blank for not rated yet. */
export function ratingForm(criteria: readonly Criterion[]) {
  return z.preprocess((value) => {
    const form = asRaw(value);
    const ratings: Record<string, number> = {};
    for (const c of criteria.filter((c) => c.source === "rating")) {
      const value = numberOf(form[`ratings.${c.id}`]);
      if (value !== undefined) ratings[c.id] = value;
    }
    return { ratings, expectedVersion: versionOf(form.expectedVersion) };
  }, RateCandidateInput);
}

/** The decision form: an outcome and its reason (mandatory for every outcome). */
export const DecisionForm = z.preprocess((value) => {
  const form = asRaw(value);
  return {
    outcome: form.outcome ?? "",
    reason: form.reason ?? "",
    expectedVersion: versionOf(form.expectedVersion),
  };
}, DecideCandidateInput);

export const AddCandidateForm = z.preprocess(
  (value) => ({ measureId: (asRaw(value).measureId ?? "").trim() }),
  AddCandidateInput,
);
