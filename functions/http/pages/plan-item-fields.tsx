import { PillarCode } from "../../../frameworks/schema.js";
import { DisaggregationDimension } from "../../core/action-plan/schema.js";
import type { ActivityView, IndicatorView, ObjectiveView } from "../../core/action-plan/views.js";
import type { PlanPeriod } from "../../core/cycle.js";
import { Field, type FieldErrors } from "./components.js";
import type { View } from "./context.js";
import type { RawForm } from "./forms.js";
import { Checkboxes } from "./plan-form-shell.js";
import { checked } from "./plan-forms.js";

// The fields of an objective and an indicator (the activity's are in plan-activity-form.tsx, the settings' in
// plan-settings-fields.tsx).

export type Common = { view: View; raw: RawForm | undefined; errors: FieldErrors };

export const fieldValue =
  (raw: RawForm | undefined) => (name: string, fallback: string | number | undefined) =>
    raw?.[name] ?? (fallback === undefined ? "" : String(fallback));

export function ObjectiveFields(
  props: Common & { objective: ObjectiveView | undefined; accepted: readonly { id: string; text: string }[] },
) {
  const { view, objective: o, errors } = props;
  const { t } = view;
  const value = fieldValue(props.raw);
  return (
    <>
      <Field
        view={view}
        name="title"
        label={t("plan.form.title")}
        value={value("title", o?.title)}
        error={errors.title}
        required
        minlength={3}
        maxlength={200}
      />
      <Field
        view={view}
        type="textarea"
        name="description"
        label={t("plan.form.description")}
        value={value("description", o?.description)}
        error={errors.description}
      />
      <Field
        view={view}
        type="select"
        name="pillar"
        label={t("plan.form.pillar")}
        value={value("pillar", o?.pillar)}
        options={PillarCode.options.map((p) => ({ value: p, label: t(`pillar.${p}`) }))}
        error={errors.pillar}
        required
      />
      <Checkboxes
        view={view}
        legend={t("plan.form.priorities")}
        prefix="priority"
        options={props.accepted.map((p) => ({ value: p.id, label: `${p.id} ${p.text}` }))}
        checked={new Set(props.raw ? checked(props.raw, "priority") : (o?.priorityIds ?? []))}
        empty={t("plan.form.noAccepted")}
        error={errors.priorityIds}
      />
    </>
  );
}

export function IndicatorFields(
  props: Common & {
    indicator: IndicatorView | undefined;
    attachedTo: string | undefined;
    objectives: readonly Pick<ObjectiveView, "id" | "title">[];
    activities: readonly Pick<ActivityView, "id" | "title">[];
    period: PlanPeriod;
    /** A member attaches indicators to its own activities only. */
    coordinator: boolean;
  },
) {
  const { view, indicator: i, errors } = props;
  const { t } = view;
  const value = fieldValue(props.raw);
  const first = Number(props.period.start.slice(0, 4));
  const last = Number(props.period.end.slice(0, 4));
  const years = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const target = (year: number) => i?.targets.find((tg) => tg.year === year)?.value;
  const attachments = [
    ...props.activities.map((a) => ({
      value: `activity:${a.id}`,
      label: t("plan.form.attachedTo.activity", { title: a.title }),
    })),
    ...(props.coordinator
      ? props.objectives.map((o) => ({
          value: `objective:${o.id}`,
          label: t("plan.form.attachedTo.objective", { title: o.title }),
        }))
      : []),
  ];
  return (
    <>
      <Field
        view={view}
        type="select"
        name="attachedTo"
        label={t("plan.form.attachedTo")}
        value={value("attachedTo", i ? `${i.attachedTo.kind}:${i.attachedTo.id}` : props.attachedTo)}
        options={attachments}
        error={errors.attachedTo ?? errors["attachedTo.id"]}
        required
      />
      <Field
        view={view}
        name="name"
        label={t("plan.form.name")}
        value={value("name", i?.name)}
        error={errors.name}
        required
        minlength={3}
        maxlength={200}
      />
      <Field
        view={view}
        type="select"
        name="type"
        label={t("plan.form.type")}
        value={value("type", i?.type ?? "output")}
        options={(["process", "output", "outcome"] as const).map((k) => ({
          value: k,
          label: t(`plan.indicator.type.${k}`),
        }))}
        error={errors.type}
      />
      <Field
        view={view}
        name="unit"
        label={t("plan.form.unit")}
        hint={t("plan.form.unitHint")}
        value={value("unit", i?.unit)}
        error={errors.unit}
        required
      />
      <Field
        view={view}
        type="select"
        name="isCount"
        label={t("plan.form.isCount")}
        hint={t("plan.form.isCountHint")}
        value={value("isCount", i ? (i.isCount ? "yes" : "no") : "yes")}
        options={[
          { value: "yes", label: t("common.yes") },
          { value: "no", label: t("common.no") },
        ]}
        error={errors.isCount}
      />
      <fieldset id="f-baseline">
        <legend>{t("plan.indicator.baseline")}</legend>
        <p class="hint">{t("plan.form.baselineHint")}</p>
        <div class="cluster">
          <Field
            view={view}
            type="number"
            name="baseline.value"
            label={t("plan.form.baselineValue")}
            value={value("baseline.value", i?.baseline?.value)}
            error={errors["baseline.value"] ?? errors.baseline}
          />
          <Field
            view={view}
            type="number"
            name="baseline.year"
            label={t("plan.form.baselineYear")}
            value={value("baseline.year", i?.baseline?.year)}
            error={errors["baseline.year"]}
            min={1990}
            max={2100}
          />
        </div>
      </fieldset>
      <fieldset id="f-targets">
        <legend>{t("plan.form.targets")}</legend>
        {errors.targets ? (
          <p class="field-error">{t("common.fieldError", { message: errors.targets })}</p>
        ) : null}
        <div class="cluster">
          {years.map((year) => (
            <Field
              view={view}
              type="number"
              name={`target.${year}`}
              label={t("plan.form.targetFor", { year })}
              value={value(`target.${year}`, target(year))}
            />
          ))}
        </div>
      </fieldset>
      <Checkboxes
        view={view}
        legend={t("plan.form.disaggregation")}
        prefix="disaggregation"
        options={DisaggregationDimension.options.map((d) => ({ value: d, label: t(`plan.dimension.${d}`) }))}
        checked={new Set(props.raw ? checked(props.raw, "disaggregation") : (i?.disaggregation ?? []))}
        error={errors.disaggregation}
      />
      <Field
        view={view}
        type="textarea"
        name="meansOfVerification"
        label={t("plan.form.verification")}
        value={value("meansOfVerification", i?.meansOfVerification)}
        error={errors.meansOfVerification}
      />
      <div class="check">
        <input
          type="checkbox"
          id="f-sdg"
          name="sdg"
          value="16.2.2"
          checked={props.raw ? props.raw.sdg === "16.2.2" : i?.sdg === "16.2.2"}
        />
        <label for="f-sdg">{t("plan.form.sdg")}</label>
      </div>
    </>
  );
}
