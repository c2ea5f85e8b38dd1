import type { PriorityFilter } from "../../core/priorities/inputs.js";
import type { PrioritiesView, PriorityView } from "../../core/priorities/views.js";
import { Badge, Button, Field, type FieldErrors, PostForm, Table } from "./components.js";
import { paths, type Tone, type View } from "./context.js";
import type { RawForm } from "./forms.js";
import { StateBadge } from "./labels.js";
import { CriteriaSection } from "./priorities-criteria.js";
import { formatNumber, type StringId } from "./strings.js";

// The priorities page: the counts, the criteria (a form for the coordinator while the stage is editable), the
// ranked candidates with their flags and decisions, and the form to add a candidate by hand.

export type PrioritiesPageProps = {
  view: View;
  cycleId: string;
  priorities: PrioritiesView;
  filter: PriorityFilter;
  /** The coordinator, on a stage in draft or returned. */
  editable: boolean;
  criteriaForm?: { raw: RawForm; errors: FieldErrors };
  addForm?: { raw: RawForm; errors: FieldErrors };
};

export function PrioritiesPage(props: PrioritiesPageProps) {
  const { view, priorities } = props;
  const { t } = view;
  const { summary } = priorities;
  const counts: [StringId, number][] = [
    ["priorities.summary.candidates", summary.candidates],
    ["priorities.summary.unmetObligations", summary.unmetObligations],
    ["priorities.summary.accepted", summary.accepted],
    ["priorities.summary.deferred", summary.deferred],
    ["priorities.summary.rejected", summary.rejected],
    ["priorities.summary.undecided", summary.undecided],
  ];
  return (
    <div class="stack">
      <p class="cluster">
        <StateBadge view={view} state={priorities.stage.state} />
        {props.editable ? null : (
          <span class="muted">{t("priorities.locked", { state: t(`state.${priorities.stage.state}`) })}</span>
        )}
      </p>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t("priorities.summary")}</h2>
        <ul class="stats" data-testid="priorities-summary">
          {counts.map(([id, n]) => (
            <li>
              <span class="stat-value">{formatNumber(view.locale, n)}</span>{" "}
              <span class="stat-label">{t(id)}</span>
            </li>
          ))}
        </ul>
      </section>
      <CriteriaSection {...props} />
      <RankedSection {...props} />
      {props.editable ? <AddCandidate {...props} /> : null}
    </div>
  );
}

const OUTCOME_TONE: Record<string, Tone> = { accepted: "success", deferred: "warning", rejected: "danger" };

export function DecisionBadge(props: { view: View; decision: PriorityView["decision"] }) {
  const outcome = props.decision?.outcome;
  return (
    <Badge tone={outcome ? (OUTCOME_TONE[outcome] ?? "neutral") : "neutral"}>
      {props.view.t(`priorities.outcome.${outcome ?? "undecided"}`)}
    </Badge>
  );
}

export function Flags(props: { view: View; item: PriorityView }) {
  const { t } = props.view;
  const f = props.item.flags;
  return (
    <span class="cluster">
      {f.mandatory ? <Badge tone="danger">{t("priorities.flag.obligation")}</Badge> : null}
      {f.justificationNeeded ? <Badge tone="danger">{t("priorities.flag.justification")}</Badge> : null}
      {f.incompleteRatings ? <Badge tone="warning">{t("priorities.flag.incomplete")}</Badge> : null}
      {f.carriedOver ? <Badge tone="info">{t("priorities.flag.carriedOver")}</Badge> : null}
      {f.addedByHand ? <Badge tone="neutral">{t("priorities.flag.addedByHand")}</Badge> : null}
    </span>
  );
}

function RankedSection(props: PrioritiesPageProps) {
  const { view, filter } = props;
  const { t } = view;
  const option = (value: string, id: StringId) => ({ value, label: t(id) });
  return (
    <section aria-labelledby="ranked-title" class="stack">
      <h2 id="ranked-title">{t("priorities.ranked")}</h2>
      <form method="get" class="filters" aria-label={t("priorities.filters")}>
        <Field
          view={view}
          type="select"
          name="decision"
          label={t("priorities.filter.decision")}
          value={filter.decision ?? ""}
          options={[
            option("", "common.all"),
            option("undecided", "priorities.outcome.undecided"),
            option("accepted", "priorities.outcome.accepted"),
            option("deferred", "priorities.outcome.deferred"),
            option("rejected", "priorities.outcome.rejected"),
          ]}
        />
        <Field
          view={view}
          type="select"
          name="pillar"
          label={t("priorities.filter.pillar")}
          value={filter.pillar ?? ""}
          options={[
            option("", "common.all"),
            ...(["PROS", "PROT", "PREV", "NCC", "ICC"] as const).map((p) => option(p, `pillar.${p}`)),
          ]}
        />
        <Field
          view={view}
          type="select"
          name="mandatory"
          label={t("priorities.filter.mandatory")}
          value={filter.mandatory ?? ""}
          options={[
            option("", "common.all"),
            option("true", "priorities.filter.mandatory.true"),
            option("false", "priorities.filter.mandatory.false"),
          ]}
        />
        <div class="actions">
          <Button variant="secondary">{t("common.filter")}</Button>
          <a href={paths.priorities(props.cycleId)}>{t("common.clearFilters")}</a>
        </div>
      </form>
      <RankedTable {...props} />
    </section>
  );
}

function RankedTable(props: PrioritiesPageProps) {
  const { view, priorities } = props;
  const { t } = view;
  if (priorities.items.length === 0) return <p class="muted">{t("priorities.noCandidates")}</p>;
  return (
    <Table
      id="ranked"
      caption={t("priorities.ranked.caption")}
      columns={[
        { label: t("priorities.col.rank"), numeric: true },
        { label: t("priorities.col.measure") },
        { label: t("priorities.col.flags") },
        { label: t("priorities.col.gap") },
        { label: t("priorities.col.score"), numeric: true },
        { label: t("priorities.col.decision") },
      ]}
    >
      {priorities.items.map((p) => (
        <tr id={`candidate-${p.measureId}`} data-testid="candidate-row">
          <td class="num">{p.rank}</td>
          <th scope="row">
            <a
              href={paths.priority(props.cycleId, p.measureId)}
              aria-label={t(props.editable ? "priorities.rateAndDecide" : "priorities.open", {
                measure: p.measureId,
              })}
            >
              {p.measureId}
            </a>
            <span class="hint"> {p.text}</span>
          </th>
          <td>
            <Flags view={view} item={p} />
          </td>
          <td>{t("priorities.gap", { status: t(`status.${p.gapStatus}`), severity: p.severity })}</td>
          <td class="num">{formatNumber(view.locale, p.score)}</td>
          <td>
            <DecisionBadge view={view} decision={p.decision} />
            {p.decision ? <span class="hint"> {p.decision.reason}</span> : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function AddCandidate(props: PrioritiesPageProps) {
  const { view } = props;
  const { t } = view;
  const errors = props.addForm?.errors ?? {};
  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">{t("priorities.add")}</h2>
      <p class="muted">{t("priorities.add.intro")}</p>
      <PostForm view={view} action={paths.priorityCandidates(props.cycleId)}>
        <Field
          view={view}
          name="measureId"
          label={t("priorities.add.measure")}
          hint={t("priorities.add.measureHint")}
          value={props.addForm?.raw.measureId}
          error={errors.measureId ?? errors.form}
          required
        />
        <Button variant="secondary">{t("priorities.add.submit")}</Button>
      </PostForm>
    </section>
  );
}
