import type { Criterion } from "../../core/priorities/schema.js";
import type { PriorityView } from "../../core/priorities/views.js";
import { Badge, Button, ErrorSummary, Field, type FieldErrors, fieldId, PostForm } from "./components.js";
import { paths, type View } from "./context.js";
import type { RawForm } from "./forms.js";
import { DecisionBadge, Flags } from "./priorities-page.js";
import { formatDate, formatNumber } from "./strings.js";

// One candidate: what it is, its score, the ratings form and the decision form (accept, defer or reject, with a
// reason that is always required).

export type CandidatePageProps = {
  view: View;
  cycleId: string;
  item: PriorityView;
  criteria: readonly Criterion[];
  editable: boolean;
  ratingsForm?: { raw: RawForm; errors: FieldErrors };
  decisionForm?: { raw: RawForm; errors: FieldErrors };
};

export function CandidatePage(props: CandidatePageProps) {
  const { view, item } = props;
  const { t } = view;
  return (
    <div class="stack">
      <p>
        <a href={`${paths.priorities(props.cycleId)}#candidate-${item.measureId}`}>
          {t("priorities.candidate.back")}
        </a>
      </p>
      <section aria-labelledby="facts-title">
        <h2 id="facts-title">{t("priorities.candidate.facts")}</h2>
        <dl class="facts">
          <dt>{t("priorities.candidate.text")}</dt>
          <dd class="measure-text">{item.text}</dd>
          <dt>{t("priorities.candidate.pillar")}</dt>
          <dd>{item.pillarId}</dd>
          <dt>{t("priorities.col.gap")}</dt>
          <dd>{t("priorities.gap", { status: t(`status.${item.gapStatus}`), severity: item.severity })}</dd>
          <dt>{t("priorities.candidate.obligation")}</dt>
          <dd>{t(item.mandatory ? "common.yes" : "common.no")}</dd>
          <dt>{t("priorities.candidate.score")}</dt>
          <dd data-testid="candidate-score">
            {t("priorities.candidate.scoreValue", {
              score: formatNumber(view.locale, item.score),
              rank: item.rank,
            })}
          </dd>
          <dt>{t("priorities.col.flags")}</dt>
          <dd>
            <Flags view={view} item={item} />
          </dd>
          <dt>{t("priorities.col.decision")}</dt>
          <dd>
            <DecisionBadge view={view} decision={item.decision} />
          </dd>
        </dl>
        {item.unrated.length > 0 ? (
          <p class="muted">{t("priorities.candidate.unrated", { criteria: item.unrated.join(", ") })}</p>
        ) : null}
      </section>
      <Ratings {...props} />
      <Decision {...props} />
    </div>
  );
}

function Ratings(props: CandidatePageProps) {
  const { view, item } = props;
  const { t } = view;
  const raw = props.ratingsForm?.raw ?? {};
  const errors = props.ratingsForm?.errors ?? {};
  const levels = [
    { value: "", label: t("priorities.ratings.unrated") },
    { value: "1", label: t("priorities.ratings.level.1") },
    { value: "2", label: t("priorities.ratings.level.2") },
    { value: "3", label: t("priorities.ratings.level.3") },
  ];
  const fromAssessment = props.criteria.filter((c) => c.source === "assessment_severity");
  const rated = props.criteria.filter((c) => c.source === "rating");
  return (
    <section aria-labelledby="ratings-title">
      <h2 id="ratings-title">{t("priorities.ratings")}</h2>
      <ul>
        {fromAssessment.map((c) => (
          <li>{t("priorities.ratings.fromAssessment", { label: c.label, severity: item.severity })}</li>
        ))}
      </ul>
      {props.editable ? (
        <PostForm
          view={view}
          action={`${paths.priority(props.cycleId, item.measureId)}/ratings`}
          id="ratings-form"
        >
          <p class="hint">{t("priorities.ratings.intro")}</p>
          <ErrorSummary view={view} errors={errors} />
          <input type="hidden" name="expectedVersion" value={String(item.version)} />
          {rated.map((c) => (
            <Field
              view={view}
              type="select"
              name={`ratings.${c.id}`}
              label={c.label}
              value={raw[`ratings.${c.id}`] ?? String(item.ratings[c.id] ?? "")}
              options={levels}
              error={errors[`ratings.${c.id}`]}
            />
          ))}
          <Button>{t("priorities.ratings.save")}</Button>
        </PostForm>
      ) : (
        <ul>
          {rated.map((c) => (
            <li>{`${c.label}: ${item.ratings[c.id] ?? t("priorities.ratings.unrated")}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Decision(props: CandidatePageProps) {
  const { view, item } = props;
  const { t } = view;
  const raw = props.decisionForm?.raw ?? {};
  const errors = props.decisionForm?.errors ?? {};
  const chosen = raw.outcome ?? item.decision?.outcome ?? "";
  const outcomeError = errors.outcome ? t("priorities.decision.chooseOutcome") : undefined;
  const shown = { ...errors, ...(outcomeError ? { outcome: outcomeError } : {}) };
  const choices = [
    { value: "accepted", label: t("priorities.decision.accept") },
    { value: "deferred", label: t("priorities.decision.defer") },
    { value: "rejected", label: t("priorities.decision.reject") },
  ];
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">{t("priorities.decision")}</h2>
      {item.decision ? (
        <p data-testid="current-decision">
          {t("priorities.decision.current", {
            outcome: t(`priorities.outcome.${item.decision.outcome}`),
            date: formatDate(view.locale, item.decision.at),
            reason: item.decision.reason,
          })}
        </p>
      ) : null}
      {props.editable ? (
        <PostForm
          view={view}
          action={`${paths.priority(props.cycleId, item.measureId)}/decision`}
          id="decision-form"
        >
          <ErrorSummary view={view} errors={shown} />
          <input type="hidden" name="expectedVersion" value={String(item.version)} />
          <fieldset
            id={fieldId("outcome")}
            class={outcomeError ? "field-invalid" : undefined}
            aria-describedby={outcomeError ? `${fieldId("outcome")}-error` : undefined}
          >
            <legend>{t("priorities.decision.outcome")}</legend>
            {outcomeError ? (
              <p class="field-error" id={`${fieldId("outcome")}-error`}>
                {t("common.fieldError", { message: outcomeError })}
              </p>
            ) : null}
            {choices.map((o) => (
              <div>
                <input
                  type="radio"
                  name="outcome"
                  id={`outcome-${o.value}`}
                  value={o.value}
                  checked={chosen === o.value}
                  required
                />
                <label for={`outcome-${o.value}`}>{o.label}</label>
              </div>
            ))}
          </fieldset>
          <Field
            view={view}
            type="textarea"
            name="reason"
            label={t("priorities.decision.reason")}
            hint={t("priorities.decision.reasonHint")}
            value={raw.reason ?? item.decision?.reason ?? ""}
            error={errors.reason ?? errors.form}
            minlength={5}
            maxlength={2000}
            required
          />
          <Button>{t("priorities.decision.save")}</Button>
        </PostForm>
      ) : null}
      {item.flags.mandatory ? <Badge tone="danger">{t("priorities.flag.obligation")}</Badge> : null}
    </section>
  );
}
