import { ActivityStatus, DimensionCategories } from "../../core/monitoring/schema.js";
import { Button, ErrorSummary, Field, type FieldErrors, PostForm } from "./components.js";
import { paths, type View } from "./context.js";
import type { RawForm } from "./forms.js";
import { DateText } from "./labels.js";
import { OPEN_DIMENSIONS } from "./monitoring-forms.js";
import type { ReportFormModel } from "./monitoring-report-model.js";

// A lead agency's report for a period: each of its activities (status, % complete, spend, a note), each indicator's
// value with its declared disaggregation, and a narrative. Starts from the agency's earlier report for the period.

const CLOSED = {
  sex: DimensionCategories.sex.options,
  age: DimensionCategories.age.options,
  exploitation: DimensionCategories.exploitation.options,
} as const;

export function ReportForm(props: {
  view: View;
  cycleId: string;
  model: ReportFormModel;
  /** The coordinator names the agency; a member reports for its own. */
  namedAgency: boolean;
  raw?: RawForm | undefined;
  errors?: FieldErrors | undefined;
}) {
  const { view, model, raw } = props;
  const { t } = view;
  const errors = props.errors ?? {};
  const existing = model.existing;
  const value = (name: string, fallback: string | number | undefined) =>
    raw?.[name] ?? (fallback === undefined ? "" : String(fallback));
  const before = new Map(existing?.activities.map((a) => [a.activityId, a]));
  const actuals = new Map(existing?.indicatorActuals.map((a) => [a.indicatorId, a]));
  return (
    <PostForm
      view={view}
      action={paths.periodReport(props.cycleId, model.period.index)}
      id="report-form"
      novalidate
    >
      <ErrorSummary view={view} errors={errors} />
      {errors.form ? <p class="field-error">{errors.form}</p> : null}
      {props.namedAgency ? <input type="hidden" name="agency" value={model.agency} /> : null}
      {existing ? <input type="hidden" name="expectedVersion" value={String(existing.version)} /> : null}
      <h2>{t("monitoring.form.activities")}</h2>
      {model.activities.length === 0 ? <p class="muted">{t("monitoring.form.noActivities")}</p> : null}
      {model.activities.map((a, i) => {
        const at = (field: string) => `activities.${i}.${field}`;
        const was = before.get(a.id);
        return (
          <fieldset class="report-card" id={`f-activities-${i}`}>
            <legend>{a.title}</legend>
            <p class="hint">
              <DateText view={view} iso={a.start} /> – <DateText view={view} iso={a.end} />
            </p>
            <input type="hidden" name={at("activityId")} value={a.id} />
            <div class="cluster">
              <Field
                view={view}
                type="select"
                name={at("status")}
                label={t("monitoring.form.statusOf", { title: a.title })}
                value={value(at("status"), was?.status ?? "on_track")}
                options={ActivityStatus.options.map((s) => ({
                  value: s,
                  label: t(`monitoring.status.${s}`),
                }))}
                error={errors[at("status")]}
              />
              <Field
                view={view}
                type="number"
                name={at("percentComplete")}
                label={t("monitoring.form.percentOf", { title: a.title })}
                value={value(at("percentComplete"), was?.percentComplete ?? 0)}
                error={errors[at("percentComplete")]}
                min={0}
                max={100}
                required
              />
              <Field
                view={view}
                type="number"
                name={at("spend")}
                label={t("monitoring.form.spendOf", { title: a.title })}
                hint={t("monitoring.form.spendHint")}
                value={value(at("spend"), was?.spend ?? 0)}
                error={errors[at("spend")]}
                min={0}
                required
              />
            </div>
            <Field
              view={view}
              type="textarea"
              name={at("narrative")}
              label={t("monitoring.form.noteOf", { title: a.title })}
              value={value(at("narrative"), was?.narrative)}
              error={errors[at("narrative")]}
              maxlength={2000}
            />
          </fieldset>
        );
      })}
      <h2>{t("monitoring.form.indicators")}</h2>
      <p class="hint">{t("monitoring.form.indicatorsHint")}</p>
      {model.indicators.map((ind, j) => {
        const at = (field: string) => `indicatorActuals.${j}.${field}`;
        const was = actuals.get(ind.id);
        return (
          <fieldset class="report-card" id={`f-indicatorActuals-${j}`}>
            <legend>{`${ind.name} (${ind.unit})`}</legend>
            <input type="hidden" name={at("indicatorId")} value={ind.id} />
            {errors[at("indicatorId")] ? <p class="field-error">{errors[at("indicatorId")]}</p> : null}
            <Field
              view={view}
              type="number"
              name={at("value")}
              label={t("monitoring.form.valueOf", { name: ind.name })}
              value={value(at("value"), was?.value ?? undefined)}
              error={errors[at("value")]}
            />
            {ind.disaggregation.map((dimension) =>
              OPEN_DIMENSIONS.has(dimension) ? (
                <Field
                  view={view}
                  name={at(`disaggregation.${dimension}`)}
                  label={t("monitoring.form.openDimension", {
                    dimension: t(`plan.dimension.${dimension}`),
                    name: ind.name,
                  })}
                  hint={t("monitoring.form.openDimensionHint")}
                  value={value(
                    at(`disaggregation.${dimension}`),
                    Object.entries(was?.disaggregation[dimension] ?? {})
                      .map(([k, v]) => `${k}=${v}`)
                      .join(", ") || undefined,
                  )}
                  error={errors[at(`disaggregation.${dimension}`)]}
                />
              ) : (
                <fieldset id={`f-indicatorActuals-${j}-disaggregation-${dimension}`}>
                  <legend>
                    {t("monitoring.form.dimensionOf", {
                      dimension: t(`plan.dimension.${dimension}`),
                      name: ind.name,
                    })}
                  </legend>
                  {errors[at(`disaggregation.${dimension}`)] ? (
                    <p class="field-error">{errors[at(`disaggregation.${dimension}`)]}</p>
                  ) : null}
                  <div class="cluster">
                    {CLOSED[dimension as keyof typeof CLOSED].map((category) => (
                      <Field
                        view={view}
                        type="number"
                        name={at(`disaggregation.${dimension}.${category}`)}
                        label={t(`monitoring.category.${category}`)}
                        value={value(
                          at(`disaggregation.${dimension}.${category}`),
                          was?.disaggregation[dimension]?.[category] ?? undefined,
                        )}
                        error={errors[at(`disaggregation.${dimension}.${category}`)]}
                        min={0}
                      />
                    ))}
                  </div>
                </fieldset>
              ),
            )}
          </fieldset>
        );
      })}
      <Field
        view={view}
        type="textarea"
        name="narrative"
        label={t("monitoring.form.narrative")}
        value={value("narrative", existing?.narrative)}
        error={errors.narrative}
        maxlength={4000}
      />
      <div class="actions">
        <Button>{t(existing ? "monitoring.form.resubmit" : "monitoring.form.submit")}</Button>
        <a href={paths.period(props.cycleId, model.period.index)}>{t("common.cancel")}</a>
      </div>
    </PostForm>
  );
}
