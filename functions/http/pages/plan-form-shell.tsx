import type { Child } from "hono/jsx";
import { Button, ErrorSummary, type FieldErrors, fieldId, PostForm } from "./components.js";
import { paths, type View } from "./context.js";

// What every plan item form shares: the way back, the error summary, the version it edits, and for an existing
// item a separate form to delete it.

export function ItemFormPage(props: {
  view: View;
  cycleId: string;
  action: string;
  errors: FieldErrors;
  /** The version read, for an update; undefined for a new item. */
  version?: number | undefined;
  deleteAction?: string | undefined;
  children?: Child;
}) {
  const { view } = props;
  const { t } = view;
  return (
    <div class="stack">
      <p class="no-print">
        <a href={paths.plan(props.cycleId)}>{t("plan.form.back")}</a>
      </p>
      <PostForm view={view} action={props.action} id="item-form" novalidate>
        <ErrorSummary view={view} errors={props.errors} />
        {props.errors.form ? <p class="field-error">{props.errors.form}</p> : null}
        {props.version ? <input type="hidden" name="expectedVersion" value={String(props.version)} /> : null}
        {props.children}
        <div class="actions">
          <Button>{t("plan.form.save")}</Button>
          <a href={paths.plan(props.cycleId)}>{t("common.cancel")}</a>
        </div>
      </PostForm>
      {props.deleteAction && props.version ? (
        <PostForm view={view} action={props.deleteAction} id="delete-form">
          <input type="hidden" name="expectedVersion" value={String(props.version)} />
          <p class="hint">{t("plan.form.deleteHint")}</p>
          <Button variant="danger">{t("plan.form.delete")}</Button>
        </PostForm>
      ) : null}
    </div>
  );
}

/** A group of checkboxes named `<prefix>.<value>`, in a fieldset with its legend. */
export function Checkboxes(props: {
  legend: string;
  prefix: string;
  options: readonly { value: string; label: string }[];
  checked: ReadonlySet<string>;
  empty?: string;
  hint?: string;
  error?: string | undefined;
  view: View;
}) {
  const id = fieldId(props.prefix);
  return (
    <fieldset id={id} class={props.error ? "field-invalid" : undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.error ? (
        <p class="field-error">{props.view.t("common.fieldError", { message: props.error })}</p>
      ) : null}
      {props.options.length === 0 && props.empty ? <p class="muted">{props.empty}</p> : null}
      {props.options.map((o) => {
        const box = fieldId(`${props.prefix}.${o.value}`);
        return (
          <div class="check">
            <input
              type="checkbox"
              id={box}
              name={`${props.prefix}.${o.value}`}
              value="on"
              checked={props.checked.has(o.value)}
            />
            <label for={box}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
