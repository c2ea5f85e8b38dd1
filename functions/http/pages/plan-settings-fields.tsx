import { PillarCode } from "../../../frameworks/schema.js";
import type { SettingsView } from "../../core/action-plan/views.js";
import { Field } from "./components.js";
import { type Common, fieldValue } from "./plan-item-fields.js";

// The plan settings' fields: why a pillar has no objective, the suppression threshold, the population for SDG 16.2.2.

export function SettingsFields(props: Common & { settings: SettingsView }) {
  const { view, settings: s, errors } = props;
  const { t } = view;
  const value = fieldValue(props.raw);
  const p = s.population;
  return (
    <>
      <fieldset id="f-pillarJustifications">
        <legend>{t("plan.settings.justifications")}</legend>
        <p class="hint">{t("plan.settings.justificationsHint")}</p>
        {PillarCode.options.map((code) => (
          <Field
            view={view}
            type="textarea"
            name={`pillarJustifications.${code}`}
            label={t("plan.settings.justificationFor", { pillar: t(`pillar.${code}`) })}
            value={value(`pillarJustifications.${code}`, s.pillarJustifications[code])}
            error={errors[`pillarJustifications.${code}`]}
          />
        ))}
      </fieldset>
      <Field
        view={view}
        type="number"
        name="suppressionThreshold"
        label={t("plan.settings.threshold")}
        hint={t("plan.settings.thresholdHint")}
        value={value("suppressionThreshold", s.suppressionThreshold)}
        error={errors.suppressionThreshold}
        min={1}
        max={100}
        required
      />
      <fieldset id="f-population">
        <legend>{t("plan.settings.population")}</legend>
        {errors.population ? (
          <p class="field-error">{t("common.fieldError", { message: errors.population })}</p>
        ) : null}
        <div class="cluster">
          <Field
            view={view}
            type="number"
            name="population.year"
            label={t("plan.settings.populationYear")}
            value={value("population.year", p?.year)}
            error={errors["population.year"]}
          />
          <Field
            view={view}
            type="number"
            name="population.total"
            label={t("plan.settings.populationTotal")}
            value={value("population.total", p?.total)}
            error={errors["population.total"]}
          />
        </div>
        <div class="cluster">
          <Field
            view={view}
            type="number"
            name="population.female"
            label={t("plan.settings.female")}
            value={value("population.female", p?.bySex?.female)}
            error={errors["population.bySex"]}
          />
          <Field
            view={view}
            type="number"
            name="population.male"
            label={t("plan.settings.male")}
            value={value("population.male", p?.bySex?.male)}
          />
          <Field
            view={view}
            type="number"
            name="population.child"
            label={t("plan.settings.child")}
            value={value("population.child", p?.byAge?.child)}
            error={errors["population.byAge"]}
          />
          <Field
            view={view}
            type="number"
            name="population.adult"
            label={t("plan.settings.adult")}
            value={value("population.adult", p?.byAge?.adult)}
          />
        </div>
      </fieldset>
    </>
  );
}
