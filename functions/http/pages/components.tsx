import type { Child } from "hono/jsx";
import type { Tone, View } from "./context.js";

/**
 * Small accessible building blocks. API (for page authors):
 * - `PostForm({ view, action, children, id?, novalidate? })`: a POST form carrying the CSRF token.
 * - `Field({ name, label, value?, type?, options?, error?, hint?, required?, ... })`: a labelled input, select or
 *   textarea; its hint and error are tied to it by aria-describedby and it is marked aria-invalid on error.
 * - `ErrorSummary({ view, errors })`: the list of form errors at the top, each linking to its field.
 * - `Button({ children, variant?, name?, value? })`, `LinkButton({ href, children, variant? })`.
 * - `Table({ caption, columns, children })`: a table with a caption and `scope="col"` headers; rows are children.
 *   Use `<th scope="row">` for the first cell of each row.
 * - `Badge({ tone, children })`: a status badge (text, not colour alone, carries the meaning).
 * - `ProgressBar({ label, value })`: a bar with its value as text (null shows "n/a").
 * - `Flash({ tone, children })`: a message box (role="status", or "alert" for danger).
 * `fieldId(name)` is the id a field gets, for links to it.
 */

export type FieldErrors = Record<string, string>;

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

export function CsrfField(props: { view: View }) {
  return <input type="hidden" name="_csrf" value={props.view.csrf ?? ""} />;
}

export function PostForm(props: {
  view: View;
  action: string;
  children?: Child;
  id?: string;
  class?: string;
  novalidate?: boolean;
  "aria-labelledby"?: string;
}) {
  return (
    <form
      method="post"
      action={props.action}
      id={props.id}
      class={props.class}
      novalidate={props.novalidate}
      aria-labelledby={props["aria-labelledby"]}
    >
      <CsrfField view={props.view} />
      {props.children}
    </form>
  );
}

export type Option = { value: string; label: string };

export function Field(props: {
  name: string;
  /** Defaults to `fieldId(name)`; set it when one page has two forms with a field of the same name. */
  id?: string;
  label: string;
  value?: string | number | undefined;
  type?: "text" | "number" | "date" | "textarea" | "select";
  options?: readonly Option[];
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  min?: number;
  max?: number;
  minlength?: number;
  maxlength?: number;
  autocomplete?: string;
  view: View;
}) {
  const id = props.id ?? fieldId(props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    "aria-describedby": describedBy,
    "aria-invalid": props.error ? "true" : undefined,
  };
  const value = props.value === undefined ? "" : String(props.value);
  let control: Child;
  switch (props.type) {
    case "textarea":
      control = (
        <textarea {...common} rows={4} minlength={props.minlength} maxlength={props.maxlength}>
          {value}
        </textarea>
      );
      break;
    case "select":
      control = (
        <select {...common}>
          {(props.options ?? []).map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    default:
      control = (
        <input
          {...common}
          type={props.type ?? "text"}
          value={value}
          min={props.min}
          max={props.max}
          minlength={props.minlength}
          maxlength={props.maxlength}
          autocomplete={props.autocomplete}
        />
      );
  }
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="muted"> ({props.view.t("common.required")})</span> : null}
      </label>
      {props.hint ? (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="field-error" id={errorId}>
          {props.view.t("common.fieldError", { message: props.error })}
        </span>
      ) : null}
      {control}
    </div>
  );
}

export function ErrorSummary(props: { view: View; errors: FieldErrors; labels?: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="flash flash-danger" role="alert" tabindex={-1} id="error-summary">
      <p>{props.view.t("common.formErrors", { count: entries.length })}</p>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{`${props.labels?.[name] ?? name}: ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Button(props: {
  children?: Child;
  variant?: "primary" | "secondary" | "danger";
  name?: string;
  value?: string;
  type?: "submit" | "button";
}) {
  const variant = props.variant && props.variant !== "primary" ? ` button-${props.variant}` : "";
  return (
    <button class={`button${variant}`} type={props.type ?? "submit"} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

export function LinkButton(props: { href: string; children?: Child; variant?: "primary" | "secondary" }) {
  const variant = props.variant === "secondary" ? " button-secondary" : "";
  return (
    <a class={`button${variant}`} href={props.href}>
      {props.children}
    </a>
  );
}

export type Column = { label: string; numeric?: boolean; hidden?: boolean };

export function Table(props: { caption: string; columns: readonly Column[]; children?: Child; id?: string }) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((col) => (
              <th scope="col" class={col.numeric ? "num" : undefined}>
                {col.hidden ? <span class="visually-hidden">{col.label}</span> : col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

export function Badge(props: { tone: Tone; children?: Child }) {
  return <span class={`badge badge-${props.tone}`}>{props.children}</span>;
}

/** An SVG bar (attributes, not inline styles: the pages' CSP forbids inline styles) with its value as text. */
export function ProgressBar(props: { view: View; label: string; value: number | null; showLabel?: boolean }) {
  const { view } = props;
  const pct = props.value === null ? 0 : Math.max(0, Math.min(100, props.value));
  const text =
    props.value === null ? view.t("common.notAvailable") : view.t("common.percent", { value: pct });
  return (
    <div class="progress">
      <span class={props.showLabel ? undefined : "visually-hidden"}>{props.label}</span>
      <svg class="track" aria-hidden="true" width="100%" height="12" focusable="false">
        <rect class="fill" x="0" y="0" height="12" width={`${pct}%`} fill="currentColor" />
      </svg>
      <span class="value">{text}</span>
    </div>
  );
}

export function Flash(props: { tone: Tone; children?: Child }) {
  return (
    <div class={`flash flash-${props.tone}`} role={props.tone === "danger" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}
