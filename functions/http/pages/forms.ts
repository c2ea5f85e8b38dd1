import type { Context } from "hono";
import type { z } from "zod";
import { ForbiddenError, RuleViolationError, ValidationError } from "../../core/errors.js";
import type { FieldErrors } from "./components.js";

/**
 * Form posts, parsed at the edge like the API's JSON bodies. API (for page authors):
 * - `readForm(c)`: the posted fields as strings (files and the `_csrf` field left out; a repeated field keeps the last).
 * - `parseForm(c, schema)`: `{ ok: true, data, raw }` or `{ ok: false, errors, raw }`; errors are keyed by the dotted
 *   path of the field (`answer.severity` -> "answer.severity"), one message per field, ready for `Field`'s `error`.
 * - `issuesToErrors(error)`: the same mapping for a zod error you got elsewhere.
 * - `blank(v)`: "" -> undefined, for optional fields in `z.preprocess`.
 * - `domainFieldErrors(error)`: a domain error that names its field, as field errors (see below).
 */
export type RawForm = Record<string, string>;

export async function readForm(c: Context): Promise<RawForm> {
  const body = await c.req.parseBody();
  const out: RawForm = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "_csrf") continue;
    const value = Array.isArray(v) ? v.at(-1) : v;
    if (typeof value === "string") out[k] = value;
  }
  return out;
}

export function issuesToErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export async function parseForm<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ ok: true; data: z.infer<S>; raw: RawForm } | { ok: false; errors: FieldErrors; raw: RawForm }> {
  const raw = await readForm(c);
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data, raw }
    : { ok: false, errors: issuesToErrors(parsed.error), raw };
}

export const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The field errors a domain error carries, for a form to show next to the field: a ValidationError, ForbiddenError or
 * RuleViolationError that names its field (`details.field`) goes on that field, its message without the leading
 * "field: "; one that names no field goes on "form". Undefined for every other error (the page error handler's).
 */
export function domainFieldErrors(error: unknown): FieldErrors | undefined {
  if (
    !(
      error instanceof ValidationError ||
      error instanceof ForbiddenError ||
      error instanceof RuleViolationError
    )
  ) {
    return undefined;
  }
  const field = error.details.field;
  if (typeof field !== "string") return { form: error.message };
  const prefix = `${field}: `;
  return { [field]: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}
