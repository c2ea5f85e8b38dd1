import type { StageName } from "../../../workflows/schemas.js";
import type { StageSnapshot } from "../../core/stage-content.js";
import type { VersionDiff } from "../../core/versions/views.js";
import { Table } from "./components.js";
import type { View } from "./context.js";

/**
 * A stage's content as it is approved: a frozen version or the submitted (live) content, and the difference between
 * two of them. The assessment reads as a table of measures; priorities and the plan (keyed `<kind>/<id>`) as a table
 * of items with their main text and every other field listed. API: `SnapshotView({ view, stage, snapshot })`,
 * `DiffView({ view, diff })`.
 */

const TITLE_FIELDS = ["title", "name", "text", "statement", "description", "label"] as const;
const HIDDEN_FIELDS = new Set(["version", "updatedAt", "kind", "id", ...TITLE_FIELDS]);

function show(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function titleOf(item: Record<string, unknown>): string {
  for (const f of TITLE_FIELDS) if (typeof item[f] === "string" && item[f]) return item[f] as string;
  return "";
}

const PILLAR_ORDER = ["PROS", "PROT", "PREV", "NCC", "ICC"];

/** Measure ids in the catalogues' own order (TIP before SOM, pillars as the Frameworks list them, then numbers). */
export function compareMeasureIds(a: string, b: string): number {
  const key = (id: string) => {
    const [catalogue = "", pillar = "", ...numbers] = id.split(".");
    return [catalogue === "TIP" ? 0 : 1, PILLAR_ORDER.indexOf(pillar), ...numbers.map(Number)];
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function SnapshotView(props: {
  view: View;
  stage: StageName;
  snapshot: StageSnapshot;
  caption: string;
  /** The catalogue text of a measure id, to show with the assessment's answers. */
  measureText?: (measureId: string) => string | undefined;
}) {
  const { view } = props;
  const { t } = view;
  const entries = Object.entries(props.snapshot);
  if (props.stage === "assessment") entries.sort(([a], [b]) => compareMeasureIds(a, b));
  if (entries.length === 0) return <p>{t("version.empty")}</p>;
  if (props.stage === "assessment") {
    return (
      <Table
        caption={props.caption}
        columns={[
          { label: t("assessment.measure") },
          { label: t("assessment.status") },
          { label: t("assessment.severity"), numeric: true },
          { label: t("assessment.agency") },
          { label: t("assessment.evidence") },
        ]}
      >
        {entries.map(([key, item]) => (
          <tr>
            <th scope="row">
              {key}
              {props.measureText?.(key) ? <div class="measure-text">{props.measureText(key)}</div> : null}
            </th>
            <td>
              {typeof item.status === "string" ? t(`status.${item.status as "in_place"}`) : show(item.status)}
            </td>
            <td class="num">{show(item.severity)}</td>
            <td>{show(item.agency)}</td>
            <td>
              {show(item.evidence)}
              {item.source ? (
                <div class="muted">{t("assessment.sourceIs", { source: show(item.source) })}</div>
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
    );
  }
  return (
    <Table caption={props.caption} columns={[{ label: t("version.item") }, { label: t("version.details") }]}>
      {entries.map(([key, item]) => (
        <tr>
          <th scope="row">
            <div>{titleOf(item) || key}</div>
            <div class="muted">{key}</div>
          </th>
          <td>
            <dl class="facts">
              {Object.entries(item)
                .filter(([k, v]) => !HIDDEN_FIELDS.has(k) && v !== undefined)
                .map(([k, v]) => (
                  <>
                    <dt>{k}</dt>
                    <dd>{show(v)}</dd>
                  </>
                ))}
            </dl>
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function DiffView(props: { view: View; diff: VersionDiff }) {
  const { view, diff } = props;
  const { t } = view;
  const to = diff.to === "current" ? t("version.submitted") : t("cycle.versionN", { n: diff.to });
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <div class="stack" data-testid="diff">
      <p>
        {t("version.diffSummary", {
          from: diff.from,
          to,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          unchanged: diff.unchanged,
        })}
      </p>
      {total === 0 ? null : (
        <Table
          caption={t("version.diffCaption", { from: diff.from, to })}
          columns={[
            { label: t("version.item") },
            { label: t("version.change") },
            { label: t("version.field") },
            { label: t("version.before") },
            { label: t("version.after") },
          ]}
        >
          {diff.added.map((a) => (
            <tr>
              <th scope="row">{a.key}</th>
              <td>{t("version.added")}</td>
              <td>{titleOf(a.item)}</td>
              <td />
              <td class="diff-after">{summary(a.item)}</td>
            </tr>
          ))}
          {diff.removed.map((r) => (
            <tr>
              <th scope="row">{r.key}</th>
              <td>{t("version.removed")}</td>
              <td>{titleOf(r.item)}</td>
              <td class="diff-before">{summary(r.item)}</td>
              <td />
            </tr>
          ))}
          {diff.changed.flatMap((ch) =>
            ch.fields.map((f) => (
              <tr>
                <th scope="row">{ch.key}</th>
                <td>{t("version.changed")}</td>
                <td>{f.path}</td>
                <td class="diff-before">
                  {"before" in f ? show(f.before) : <span class="muted">{t("common.none")}</span>}
                </td>
                <td class="diff-after">
                  {"after" in f ? show(f.after) : <span class="muted">{t("common.none")}</span>}
                </td>
              </tr>
            )),
          )}
        </Table>
      )}
    </div>
  );
}

function summary(item: Record<string, unknown>): string {
  return Object.entries(item)
    .filter(([k, v]) => !HIDDEN_FIELDS.has(k) && (typeof v === "string" || typeof v === "number"))
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join("; ");
}
