import type { MeasureStatus } from "../../core/assessment.js";
import type { AssessmentItem } from "../../core/use-cases/assessment.js";
import type { AssessmentScores } from "../../core/views.js";
import { Badge, type Column, ProgressBar, Table } from "./components.js";
import { paths, type Tone, type View } from "./context.js";

/** The parts of the assessment page: progress by pillar, the filter form, and the grid of measures. */

const STATUS_TONE: Record<MeasureStatus, Tone> = {
  in_place: "success",
  partial: "warning",
  absent: "danger",
  unknown: "neutral",
  not_applicable: "neutral",
};

export function statusLabel(view: View, status: MeasureStatus | "unanswered"): string {
  return view.t(`status.${status}`);
}

export function PillarProgress(props: { view: View; scores: AssessmentScores }) {
  const { view } = props;
  const { t } = view;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t("assessment.progress")}</h2>
      <Table
        caption={t("assessment.progressCaption")}
        columns={[
          { label: t("assessment.pillar") },
          { label: t("assessment.completeness") },
          { label: t("assessment.implementation") },
          { label: t("assessment.gaps"), numeric: true },
          { label: t("assessment.mandatoryGaps"), numeric: true },
        ]}
      >
        {props.scores.catalogues.flatMap((catalogue) =>
          catalogue.pillars.map((pillar) => (
            <tr>
              <th scope="row">
                {pillar.title} <span class="muted">({catalogue.id})</span>
              </th>
              <td>
                <ProgressBar
                  view={view}
                  label={`${pillar.title}: ${t("assessment.completeness")}`}
                  value={pillar.score.completeness}
                />
              </td>
              <td>
                <ProgressBar
                  view={view}
                  label={`${pillar.title}: ${t("assessment.implementation")}`}
                  value={pillar.score.implementation}
                />
              </td>
              <td class="num">{pillar.score.gaps}</td>
              <td class="num">{pillar.score.mandatoryGaps}</td>
            </tr>
          )),
        )}
      </Table>
    </section>
  );
}

export function AssessmentFilters(props: {
  view: View;
  cycleId: string;
  filter: {
    catalogue?: string | undefined;
    pillar?: string | undefined;
    status?: string | undefined;
    agency?: string | undefined;
  };
  frameworks: string[];
}) {
  const { view, filter } = props;
  const { t } = view;
  const select = (
    name: string,
    label: string,
    value: string | undefined,
    options: { value: string; label: string }[],
  ) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t("common.all")}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const statuses: (MeasureStatus | "unanswered")[] = [
    "unanswered",
    "in_place",
    "partial",
    "absent",
    "unknown",
    "not_applicable",
  ];
  return (
    <form
      method="get"
      action={paths.assessment(props.cycleId)}
      class="filters no-print"
      aria-label={t("assessment.filters")}
    >
      {select(
        "catalogue",
        t("assessment.catalogue"),
        filter.catalogue,
        props.frameworks.map((f) => ({ value: f, label: f })),
      )}
      {select(
        "pillar",
        t("assessment.pillar"),
        filter.pillar,
        ["PROS", "PROT", "PREV", "NCC", "ICC"].map((p) => ({ value: p, label: t(`pillar.${p as "PROS"}`) })),
      )}
      {select(
        "status",
        t("assessment.status"),
        filter.status,
        statuses.map((s) => ({ value: s, label: statusLabel(view, s) })),
      )}
      <div class="field">
        <label for="filter-agency">{t("assessment.agency")}</label>
        <input id="filter-agency" name="agency" value={filter.agency ?? ""} />
      </div>
      <div class="actions">
        <button class="button" type="submit">
          {t("common.filter")}
        </button>
        <a href={paths.assessment(props.cycleId)}>{t("common.clearFilters")}</a>
      </div>
    </form>
  );
}

type Group = {
  key: string;
  title: string;
  objectives: { key: string; title: string; items: AssessmentItem[] }[];
};

function groupByPillar(items: AssessmentItem[]): Group[] {
  const groups: Group[] = [];
  for (const item of items) {
    let pillar = groups.at(-1);
    if (pillar?.key !== item.pillar.id) {
      pillar = { key: item.pillar.id, title: item.pillar.title, objectives: [] };
      groups.push(pillar);
    }
    let objective = pillar.objectives.at(-1);
    if (objective?.key !== item.objective.id) {
      objective = { key: item.objective.id, title: item.objective.title, items: [] };
      pillar.objectives.push(objective);
    }
    objective.items.push(item);
  }
  return groups;
}

export function AssessmentGrid(props: {
  view: View;
  cycleId: string;
  items: AssessmentItem[];
  canEdit: (item: AssessmentItem) => boolean;
  back: string;
}) {
  const { view } = props;
  const { t } = view;
  if (props.items.length === 0) return <p>{t("assessment.noMatch")}</p>;
  const url = new URL(props.back);
  const back = `${url.pathname}${url.search}`;
  const columns: Column[] = [
    { label: t("assessment.measure") },
    { label: t("assessment.status") },
    { label: t("assessment.severity"), numeric: true },
    { label: t("assessment.agency") },
    { label: t("assessment.evidence") },
    { label: t("assessment.actions"), hidden: true },
  ];
  return (
    <section aria-labelledby="grid-heading" class="stack">
      <h2 id="grid-heading">{t("assessment.grid", { count: props.items.length })}</h2>
      {groupByPillar(props.items).map((pillar) => (
        <section aria-labelledby={`p-${pillar.key}`} class="stack grid-table">
          <h3 id={`p-${pillar.key}`}>{pillar.title}</h3>
          {pillar.objectives.map((objective) => (
            <Table caption={objective.title} columns={columns}>
              {objective.items.map((item) => (
                <tr id={`m-${item.measureId}`}>
                  <th scope="row">
                    <span class="measure-id">{item.measureId}</span>{" "}
                    {item.mandatory ? <Badge tone="warning">{t("assessment.mandatory")}</Badge> : null}
                    <div class="measure-text">{item.text}</div>
                  </th>
                  <td>
                    {item.entry ? (
                      <Badge tone={STATUS_TONE[item.entry.status]}>
                        {statusLabel(view, item.entry.status)}
                      </Badge>
                    ) : (
                      <Badge tone="neutral">{statusLabel(view, "unanswered")}</Badge>
                    )}
                    {item.entry?.carriedOverFrom ? (
                      <div class="muted">{t("assessment.toReverify")}</div>
                    ) : null}
                  </td>
                  <td class="num">{item.entry ? item.entry.severity : ""}</td>
                  <td>{item.entry?.agency ?? ""}</td>
                  <td>
                    {item.entry?.evidence ? <div>{clip(item.entry.evidence)}</div> : null}
                    {item.entry?.source ? (
                      <div class="muted">{t("assessment.sourceIs", { source: item.entry.source })}</div>
                    ) : null}
                  </td>
                  <td>
                    {props.canEdit(item) ? (
                      <a
                        href={`${paths.measure(props.cycleId, item.measureId)}?back=${encodeURIComponent(back)}`}
                      >
                        {t(item.entry ? "assessment.edit" : "assessment.answer")}
                        <span class="visually-hidden"> {item.measureId}</span>
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          ))}
        </section>
      ))}
    </section>
  );
}

function clip(text: string, max = 180): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
