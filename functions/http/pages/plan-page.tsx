import type { PlanIssue, PlanView } from "../../core/action-plan/views.js";
import type { Principal } from "../../core/principal.js";
import { Button, Flash, LinkButton, PostForm } from "./components.js";
import { paths, type View } from "./context.js";
import { StateBadge } from "./labels.js";
import { type DocEditing, PlanDocument } from "./plan-document.js";
import { PlanTimeline } from "./plan-timeline.js";
import { timelineModel } from "./plan-timeline-model.js";
import { PlanTotalsSection } from "./plan-totals.js";
import { formatDate } from "./strings.js";

// The action plan editor: where the plan stands, what blocks its submission, its timeline and budget totals, and
// the plan itself with a link to edit each item this person may change.

const EDITABLE = new Set(["draft", "returned"]);

export function mayEditPlan(principal: Principal, plan: Pick<PlanView, "stage">): boolean {
  return (principal.role === "coordinator" || principal.role === "member") && EDITABLE.has(plan.stage.state);
}

export function planEditing(principal: Principal, plan: PlanView, cycleId: string): DocEditing | undefined {
  if (!mayEditPlan(principal, plan)) return undefined;
  const coordinator = principal.role === "coordinator";
  return {
    cycleId,
    objectives: coordinator,
    activity: (a) => coordinator || (a.leadAgency !== undefined && a.leadAgency === principal.agency),
  };
}

export function PlanPage(props: { view: View; cycleId: string; plan: PlanView; principal: Principal }) {
  const { view, plan, cycleId, principal } = props;
  const { t } = view;
  const editing = planEditing(principal, plan, cycleId);
  const coordinator = principal.role === "coordinator";
  return (
    <div class="stack">
      <p class="cluster">
        <StateBadge view={view} state={plan.stage.state} />
        <span>
          {t("plan.period", {
            start: formatDate(view.locale, plan.planPeriod.start),
            end: formatDate(view.locale, plan.planPeriod.end),
          })}
        </span>
        {editing ? null : (
          <span class="muted">{t("plan.locked", { state: t(`state.${plan.stage.state}`) })}</span>
        )}
      </p>
      <p class="actions no-print">
        <a href={paths.planPrint(cycleId)}>{t("plan.print")}</a>
        {editing && coordinator ? (
          <LinkButton href={paths.planItem(cycleId, "objective")} variant="secondary">
            {t("plan.addObjective")}
          </LinkButton>
        ) : null}
        {editing && plan.objectives.length > 0 ? (
          <LinkButton href={paths.planItem(cycleId, "activity")} variant="secondary">
            {t("plan.addActivity")}
          </LinkButton>
        ) : null}
        {editing && coordinator ? <a href={paths.planSettings(cycleId)}>{t("plan.settings")}</a> : null}
      </p>
      <Validation {...props} mayEdit={editing !== undefined} />
      <PlanTimeline view={view} model={timelineModel(plan)} />
      <PlanTotalsSection view={view} totals={plan.totals} />
      <section aria-labelledby="doc-title" class="stack">
        <h2 id="doc-title">{t("plan.doc")}</h2>
        <PlanDocument view={view} objectives={plan.objectives} level={3} {...(editing ? { editing } : {})} />
        {plan.unassigned.activities.length + plan.unassigned.indicators.length > 0 ? (
          <Flash tone="warning">
            <p>{t("plan.doc.unassigned")}</p>
            <ul>
              {plan.unassigned.activities.map((a) => (
                <li>{a.title}</li>
              ))}
              {plan.unassigned.indicators.map((i) => (
                <li>{i.name}</li>
              ))}
            </ul>
          </Flash>
        ) : null}
      </section>
    </div>
  );
}

/** Where on the page (or which page) the item a finding is about can be corrected, when the rule says. */
export function issueHref(cycleId: string, issue: PlanIssue): string | undefined {
  if (issue.rule === "pillar_not_covered") return paths.planSettings(cycleId);
  if (/^(activity_|dependency_|starts_before)/.test(issue.rule)) return `#activity-${issue.id}`;
  if (/^(indicator_|target_)/.test(issue.rule)) return `#indicator-${issue.id}`;
  return undefined;
}

function IssueText(props: { cycleId: string; issue: PlanIssue }) {
  const href = issueHref(props.cycleId, props.issue);
  return href ? <a href={href}>{props.issue.message}</a> : props.issue.message;
}

function Validation(props: {
  view: View;
  cycleId: string;
  plan: PlanView;
  principal: Principal;
  mayEdit: boolean;
}) {
  const { view, plan } = props;
  const { t } = view;
  const { validation, stage } = plan;
  if (stage.state === "submitted") {
    return (
      <section aria-labelledby="validation-title">
        <h2 id="validation-title">{t("plan.validation")}</h2>
        <p>
          {t("plan.validation.submitted", {
            date: formatDate(view.locale, stage.submittedAt),
            ministries: stage.awaiting.join(", ") || t("common.none"),
          })}
        </p>
      </section>
    );
  }
  if (!props.mayEdit) return null;
  return (
    <section aria-labelledby="validation-title" class="stack" id="validation">
      <h2 id="validation-title">{t("plan.validation")}</h2>
      {validation.submittable ? (
        <Flash tone="success">
          <p data-testid="validation-status">{t("plan.validation.ok")}</p>
        </Flash>
      ) : (
        <Flash tone="danger">
          <p data-testid="validation-status">
            {t("plan.validation.blocked", { count: validation.errors.length })}
          </p>
        </Flash>
      )}
      {validation.errors.length > 0 ? (
        <>
          <h3>{t("plan.validation.errors")}</h3>
          <ul class="issues" data-testid="validation-errors">
            {validation.errors.map((e) => (
              <li class="issue-error" data-rule={e.rule}>
                <IssueText cycleId={props.cycleId} issue={e} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {validation.warnings.length > 0 ? (
        <>
          <h3>{t("plan.validation.warnings")}</h3>
          <ul class="issues" data-testid="validation-warnings">
            {validation.warnings.map((w) => (
              <li class="issue-warning" data-rule={w.rule}>
                <IssueText cycleId={props.cycleId} issue={w} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {validation.submittable && props.principal.role === "coordinator" ? (
        <PostForm view={view} action={paths.submitStage(props.cycleId, "action_plan")}>
          <Button>{t("plan.validation.submit")}</Button>
        </PostForm>
      ) : null}
      {stage.submissionDueAt ? (
        <p class="muted">{t("common.dueBy", { date: formatDate(view.locale, stage.submissionDueAt) })}</p>
      ) : null}
    </section>
  );
}
