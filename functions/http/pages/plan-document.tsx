import type { Child } from "hono/jsx";
import { Badge, Table } from "./components.js";
import { paths, type View } from "./context.js";
import { DateText } from "./labels.js";
import { byPillar, type DocActivity, type DocIndicator, type DocObjective } from "./plan-document-model.js";
import { money } from "./plan-totals.js";
import { formatNumber } from "./strings.js";

// The plan as a document, pillar -> objective -> activity -> indicator: the editor shows it with edit links, the
// printable plan and the donors' view without. Headings nest from `level` so the document fits under any page title.

export type DocEditing = {
  cycleId: string;
  /** The coordinator: objectives, and every activity and indicator. */
  objectives: boolean;
  /** Whether this person may change this activity and its indicators (a member: its own agency's). */
  activity: (a: DocActivity) => boolean;
};

type Level = 2 | 3 | 4;
type Heading = "h2" | "h3" | "h4" | "h5" | "h6";
const heading = (level: number): Heading => `h${Math.min(6, level)}` as Heading;

export function PlanDocument(props: {
  view: View;
  objectives: readonly DocObjective[];
  level: Level;
  editing?: DocEditing;
  /** For donors: baselines below this were suppressed. */
  threshold?: number;
}) {
  const { view } = props;
  const titles = new Map(props.objectives.flatMap((o) => o.activities.map((a) => [a.id, a.title] as const)));
  const pillars = byPillar(props.objectives);
  if (pillars.length === 0) return <p class="muted">{view.t("plan.doc.empty")}</p>;
  const P = heading(props.level);
  return (
    <div class="plan-doc stack">
      {pillars.map((p) => (
        <section class="plan-pillar" aria-labelledby={`pillar-${p.pillar}`}>
          <P id={`pillar-${p.pillar}`}>{view.t(`pillar.${p.pillar}`)}</P>
          {p.objectives.map((o) => (
            <Objective {...props} objective={o} titles={titles} />
          ))}
        </section>
      ))}
    </div>
  );
}

type ItemProps = {
  view: View;
  level: Level;
  editing?: DocEditing;
  threshold?: number;
  titles: ReadonlyMap<string, string>;
};

function Objective(props: ItemProps & { objective: DocObjective }) {
  const { view, objective: o, editing } = props;
  const { t } = view;
  const H = heading(props.level + 1);
  return (
    <article class="card plan-objective" id={`objective-${o.id}`} aria-labelledby={`objective-${o.id}-title`}>
      <H id={`objective-${o.id}-title`}>{t("plan.doc.objective", { title: o.title })}</H>
      {o.description ? <p>{o.description}</p> : null}
      {o.priorityIds.length > 0 ? (
        <p class="muted">{t("plan.doc.answers", { priorities: o.priorityIds.join(", ") })}</p>
      ) : null}
      {editing ? (
        <p class="actions no-print">
          {editing.objectives ? (
            <a href={paths.planItem(editing.cycleId, "objective", o.id)}>
              {t("plan.doc.editObjective", { title: o.title })}
            </a>
          ) : null}
          <a
            href={paths.planItem(editing.cycleId, "activity", "new", `objective=${encodeURIComponent(o.id)}`)}
          >
            {t("plan.doc.addActivity", { title: o.title })}
          </a>
          {editing.objectives ? (
            <a
              href={paths.planItem(
                editing.cycleId,
                "indicator",
                "new",
                `attachedTo=objective:${encodeURIComponent(o.id)}`,
              )}
            >
              {t("plan.doc.addObjectiveIndicator", { title: o.title })}
            </a>
          ) : null}
        </p>
      ) : null}
      {o.indicators.length > 0 ? (
        <Indicators
          {...props}
          caption={t("plan.doc.objectiveIndicators", { title: o.title })}
          indicators={o.indicators}
          editable={editing?.objectives ?? false}
        />
      ) : null}
      {o.activities.length === 0 ? <p class="muted">{t("plan.doc.noActivities")}</p> : null}
      {o.activities.map((a) => (
        <ActivityBlock {...props} activity={a} />
      ))}
    </article>
  );
}

function ActivityBlock(props: ItemProps & { activity: DocActivity }) {
  const { view, activity: a, editing } = props;
  const { t } = view;
  const H = heading(props.level + 2);
  const editable = editing?.activity(a) ?? false;
  const budget = a.budget;
  return (
    <section class="plan-activity" id={`activity-${a.id}`} aria-labelledby={`activity-${a.id}-title`}>
      <H id={`activity-${a.id}-title`}>{a.title}</H>
      {a.description ? <p>{a.description}</p> : null}
      <dl class="facts">
        <Fact label={t("plan.leadAgency")}>
          {a.leadAgency ?? <Badge tone="warning">{t("plan.doc.noLead")}</Badge>}
        </Fact>
        <Fact label={t("plan.partners")}>{a.partnerAgencies.join(", ") || t("common.none")}</Fact>
        <Fact label={t("plan.dates")}>
          <DateText view={view} iso={a.start} /> – <DateText view={view} iso={a.end} />
        </Fact>
        <Fact label={t("plan.budget")}>
          {budget ? (
            <>
              {`${money(view, budget.amount)} ${budget.currency}, `}
              {budget.source === "donor"
                ? t("plan.doc.donorSource", { donor: budget.donorName ?? "" })
                : t("plan.totals.state")}
              {", "}
              <Badge tone={budget.funded ? "success" : "warning"}>
                {t(budget.funded ? "chart.funded" : "chart.unfunded")}
              </Badge>
            </>
          ) : (
            <Badge tone="warning">{t("plan.doc.noBudget")}</Badge>
          )}
        </Fact>
        {a.measureIds.length > 0 ? <Fact label={t("plan.measures")}>{a.measureIds.join(", ")}</Fact> : null}
        {a.priorityIds.length > 0 ? (
          <Fact label={t("plan.priorities")}>{a.priorityIds.join(", ")}</Fact>
        ) : null}
        {a.dependsOn.length > 0 ? (
          <Fact label={t("plan.dependsOn")}>
            {a.dependsOn.map((d) => props.titles.get(d) ?? d).join("; ")}
          </Fact>
        ) : null}
      </dl>
      {editing && editable ? (
        <p class="actions no-print">
          <a href={paths.planItem(editing.cycleId, "activity", a.id)}>
            {t("plan.doc.editActivity", { title: a.title })}
          </a>
          <a
            href={paths.planItem(
              editing.cycleId,
              "indicator",
              "new",
              `attachedTo=activity:${encodeURIComponent(a.id)}`,
            )}
          >
            {t("plan.doc.addIndicator", { title: a.title })}
          </a>
        </p>
      ) : null}
      {a.indicators.length > 0 ? (
        <Indicators
          {...props}
          caption={t("plan.doc.activityIndicators", { title: a.title })}
          indicators={a.indicators}
          editable={editable}
        />
      ) : (
        <p class="muted">{t("plan.doc.noIndicators")}</p>
      )}
    </section>
  );
}

function Fact(props: { label: string; children?: Child }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

function Indicators(props: ItemProps & { caption: string; indicators: DocIndicator[]; editable: boolean }) {
  const { view } = props;
  const { t } = view;
  const n = (v: number) => formatNumber(view.locale, v, 2);
  return (
    <Table
      caption={props.caption}
      columns={[
        { label: t("plan.indicator") },
        { label: t("plan.indicator.type") },
        { label: t("plan.indicator.baseline") },
        { label: t("plan.indicator.targets") },
        { label: t("plan.indicator.disaggregation") },
        { label: t("plan.indicator.verification") },
      ]}
    >
      {props.indicators.map((i) => (
        <tr id={`indicator-${i.id}`}>
          <th scope="row">
            {i.name}
            {i.sdg ? <span class="hint"> {t("plan.doc.sdg", { indicator: i.sdg })}</span> : null}
            {props.editing && props.editable ? (
              <>
                {" "}
                <a class="no-print" href={paths.planItem(props.editing.cycleId, "indicator", i.id)}>
                  {t("plan.doc.editIndicator", { name: i.name })}
                </a>
              </>
            ) : null}
          </th>
          <td>{`${t(`plan.indicator.type.${i.type}`)}, ${i.unit}`}</td>
          <td>
            {i.baseline
              ? i.baseline.value === null
                ? t("plan.doc.baselineSuppressed", { year: i.baseline.year, threshold: props.threshold ?? 5 })
                : t("plan.doc.baselineValue", { value: n(i.baseline.value), year: i.baseline.year })
              : t("plan.doc.noBaseline")}
          </td>
          <td>{i.targets.map((tg) => `${tg.year}: ${n(tg.value)}`).join("; ") || t("plan.doc.noTargets")}</td>
          <td>{i.disaggregation.map((d) => t(`plan.dimension.${d}`)).join(", ") || t("common.none")}</td>
          <td>{i.meansOfVerification || t("common.none")}</td>
        </tr>
      ))}
    </Table>
  );
}
