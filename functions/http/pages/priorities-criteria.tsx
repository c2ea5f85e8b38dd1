import type { Criterion } from "../../core/priorities/schema.js";
import { Button, ErrorSummary, Field, fieldId, PostForm, Table } from "./components.js";
import { paths, type View } from "./context.js";
import type { PrioritiesPageProps } from "./priorities-page.js";
import { formatNumber } from "./strings.js";

// The scoring criteria: a table of names and weights, editable by the coordinator while the stage is editable (with
// one blank row to add a rating criterion), read-only otherwise.

/** An input inside a table cell: the column header names it for the eye, its own (hidden) label for assistive tech. */
function CellInput(props: {
  view: View;
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  type?: "text" | "number";
}) {
  const id = fieldId(props.name);
  const errorId = `${id}-error`;
  return (
    <div class={props.error ? "cell-field field-invalid" : "cell-field"}>
      <label class="visually-hidden" for={id}>
        {props.label}
      </label>
      {props.error ? (
        <span class="field-error" id={errorId}>
          {props.view.t("common.fieldError", { message: props.error })}
        </span>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required
        {...(props.type === "number" ? { min: 0, max: 10, step: "any", class: "narrow" } : {})}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
    </div>
  );
}

export function CriteriaSection(props: PrioritiesPageProps) {
  const { view, priorities } = props;
  const { t } = view;
  const criteria = priorities.criteria.criteria;
  const raw = props.criteriaForm?.raw ?? {};
  const errors = props.criteriaForm?.errors ?? {};
  const value = (i: number, field: keyof Criterion, fallback: string | number) =>
    raw[`criteria.${i}.${field}`] ?? String(fallback);
  return (
    <section aria-labelledby="criteria-title" class="stack">
      <h2 id="criteria-title">{t("priorities.criteria")}</h2>
      <p class="muted">{t("priorities.criteria.intro")}</p>
      {props.editable ? (
        <PostForm view={view} action={paths.priorityCriteria(props.cycleId)} id="criteria-form">
          <ErrorSummary view={view} errors={errors} />
          <input type="hidden" name="expectedVersion" value={String(priorities.criteria.version ?? "")} />
          <Table
            caption={t("priorities.criteria.caption")}
            columns={[
              { label: t("priorities.criteria.label") },
              { label: t("priorities.criteria.source") },
              { label: t("priorities.criteria.weight"), numeric: true },
            ]}
          >
            {criteria.map((c, i) => (
              <tr>
                <th scope="row">
                  <input type="hidden" name={`criteria.${i}.id`} value={c.id} />
                  <input type="hidden" name={`criteria.${i}.source`} value={c.source} />
                  <CellInput
                    view={view}
                    name={`criteria.${i}.label`}
                    label={t("priorities.criteria.labelOf", { label: c.label })}
                    value={value(i, "label", c.label)}
                    error={errors[`criteria.${i}.label`]}
                  />
                </th>
                <td>{t(`priorities.criteria.source.${c.source}`)}</td>
                <td class="num">
                  <CellInput
                    view={view}
                    type="number"
                    name={`criteria.${i}.weight`}
                    label={t("priorities.criteria.weightOf", { label: c.label })}
                    value={value(i, "weight", c.weight)}
                    error={errors[`criteria.${i}.weight`]}
                  />
                </td>
              </tr>
            ))}
          </Table>
          <fieldset>
            <legend>{t("priorities.criteria.new")}</legend>
            <Field
              view={view}
              name={`criteria.${criteria.length}.id`}
              label={t("priorities.criteria.newId")}
              hint={t("priorities.criteria.newIdHint")}
              value={raw[`criteria.${criteria.length}.id`]}
              error={errors[`criteria.${criteria.length}.id`]}
            />
            <Field
              view={view}
              name={`criteria.${criteria.length}.label`}
              label={t("priorities.criteria.newLabel")}
              value={raw[`criteria.${criteria.length}.label`]}
              error={errors[`criteria.${criteria.length}.label`]}
            />
            <Field
              view={view}
              type="number"
              name={`criteria.${criteria.length}.weight`}
              label={t("priorities.criteria.newWeight")}
              value={raw[`criteria.${criteria.length}.weight`]}
              error={errors[`criteria.${criteria.length}.weight`]}
              min={0}
              max={10}
            />
          </fieldset>
          <div class="actions">
            <Button>{t("priorities.criteria.save")}</Button>
          </div>
        </PostForm>
      ) : (
        <Table
          caption={t("priorities.criteria.caption")}
          columns={[
            { label: t("priorities.criteria.label") },
            { label: t("priorities.criteria.source") },
            { label: t("priorities.criteria.weight"), numeric: true },
          ]}
        >
          {criteria.map((c) => (
            <tr>
              <th scope="row">{c.label}</th>
              <td>{t(`priorities.criteria.source.${c.source}`)}</td>
              <td class="num">{formatNumber(view.locale, c.weight)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
