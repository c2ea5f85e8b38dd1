import type { ActivityView, ObjectiveView } from "../../core/action-plan/views.js";
import type { Principal } from "../../core/principal.js";
import type { FieldErrors } from "./components.js";
import { Field } from "./components.js";
import type { View } from "./context.js";
import type { RawForm } from "./forms.js";
import { Checkboxes } from "./plan-form-shell.js";
import { checked } from "./plan-forms.js";

// The fields of an activity: where it belongs, who leads it, when it runs, its budget, what it serves and what it
// waits for. Filled from what was posted when the form comes back with errors, else from the activity.

export type ActivityFormData = {
  objectives: readonly Pick<ObjectiveView, "id" | "title">[];
  /** Other activities of the plan, for its dependencies. */
  activities: readonly Pick<ActivityView, "id" | "title">[];
  accepted: readonly { id: string; text: string }[];
};

export function ActivityFields(props: {
  view: View;
  principal: Principal;
  activity: ActivityView | undefined;
  data: ActivityFormData;
  raw: RawForm | undefined;
  errors: FieldErrors;
  /** The objective to preselect for a new activity. */
  objectiveId?: string | undefined;
}) {
  const { view, activity: a, raw, errors, data } = props;
  const { t } = view;
  const value = (name: string, fallback: string | number | undefined) =>
    raw?.[name] ?? (fallback === undefined ? "" : String(fallback));
  const picked = (prefix: string, fallback: readonly string[]) =>
    new Set(raw ? checked(raw, prefix) : fallback);
  const member = props.principal.role === "member";
  return (
    <>
      <Field
        view={view}
        type="select"
        name="objectiveId"
        label={t("plan.form.objective")}
        value={value("objectiveId", a?.objectiveId ?? props.objectiveId)}
        options={data.objectives.map((o) => ({ value: o.id, label: o.title }))}
        error={errors.objectiveId}
        required
      />
      <Field
        view={view}
        name="title"
        label={t("plan.form.title")}
        value={value("title", a?.title)}
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
        value={value("description", a?.description)}
        error={errors.description}
        maxlength={4000}
      />
      <Field
        view={view}
        name="leadAgency"
        label={t("plan.form.leadAgency")}
        hint={
          member
            ? t("plan.form.leadAgencyMember", { agency: props.principal.agency ?? "" })
            : t("plan.form.leadAgencyHint")
        }
        value={value("leadAgency", a?.leadAgency ?? (member ? props.principal.agency : undefined))}
        error={errors.leadAgency}
      />
      <Field
        view={view}
        name="partnerAgencies"
        label={t("plan.form.partners")}
        hint={t("plan.form.partnersHint")}
        value={value("partnerAgencies", a?.partnerAgencies.join(", "))}
        error={errors.partnerAgencies}
      />
      <div class="cluster">
        <Field
          view={view}
          type="date"
          name="start"
          label={t("plan.form.start")}
          value={value("start", a?.start)}
          error={errors.start}
          required
        />
        <Field
          view={view}
          type="date"
          name="end"
          label={t("plan.form.end")}
          value={value("end", a?.end)}
          error={errors.end}
          required
        />
      </div>
      <fieldset id="f-budget">
        <legend>{t("plan.form.budget")}</legend>
        <p class="hint">{t("plan.form.budgetHint")}</p>
        {errors.budget ? (
          <p class="field-error">{t("common.fieldError", { message: errors.budget })}</p>
        ) : null}
        <div class="cluster">
          <Field
            view={view}
            type="number"
            name="budget.amount"
            label={t("plan.form.amount")}
            value={value("budget.amount", a?.budget?.amount)}
            error={errors["budget.amount"]}
            min={0}
          />
          <Field
            view={view}
            name="budget.currency"
            label={t("plan.form.currency")}
            hint={t("plan.form.currencyHint")}
            value={value("budget.currency", a?.budget?.currency ?? "USD")}
            error={errors["budget.currency"]}
            minlength={3}
            maxlength={3}
          />
        </div>
        <Field
          view={view}
          type="select"
          name="budget.source"
          label={t("plan.form.source")}
          value={value("budget.source", a?.budget?.source ?? "state")}
          options={[
            { value: "state", label: t("plan.form.source.state") },
            { value: "donor", label: t("plan.form.source.donor") },
          ]}
          error={errors["budget.source"]}
        />
        <Field
          view={view}
          name="budget.donorName"
          label={t("plan.form.donorName")}
          hint={t("plan.form.donorNameHint")}
          value={value("budget.donorName", a?.budget?.donorName)}
          error={errors["budget.donorName"]}
        />
        <Field
          view={view}
          type="select"
          name="budget.funded"
          label={t("plan.form.funded")}
          value={value("budget.funded", a?.budget ? (a.budget.funded ? "yes" : "no") : "no")}
          options={[
            { value: "yes", label: t("plan.form.funded.yes") },
            { value: "no", label: t("plan.form.funded.no") },
          ]}
          error={errors["budget.funded"]}
        />
      </fieldset>
      <Field
        view={view}
        name="measureIds"
        label={t("plan.form.measures")}
        hint={t("plan.form.measuresHint")}
        value={value("measureIds", a?.measureIds.join(", "))}
        error={errors.measureIds}
      />
      <Checkboxes
        view={view}
        legend={t("plan.form.priorities")}
        prefix="priority"
        options={data.accepted.map((p) => ({ value: p.id, label: `${p.id} ${p.text}` }))}
        checked={picked("priority", a?.priorityIds ?? [])}
        empty={t("plan.form.noAccepted")}
        error={errors.priorityIds}
      />
      <Checkboxes
        view={view}
        legend={t("plan.form.dependsOn")}
        prefix="dependsOn"
        options={data.activities.filter((o) => o.id !== a?.id).map((o) => ({ value: o.id, label: o.title }))}
        checked={picked("dependsOn", a?.dependsOn ?? [])}
        empty={t("plan.form.noOtherActivities")}
        error={errors.dependsOn}
      />
    </>
  );
}
