import type { CatalogueRef } from "../../../frameworks/index.js";
import type { StageName } from "../../../workflows/schemas.js";
import { cycleMeasures } from "../../core/measures.js";
import type { Actor } from "../../core/principal.js";
import type { StageState } from "../../core/stage.js";
import { Badge } from "./components.js";
import type { Tone, View } from "./context.js";
import { formatDate } from "./strings.js";

/**
 * How domain values read on a page. API: `stageName(view, stage)`, `StateBadge({ view, state })`,
 * `stateTone(state)`, `actorName(view, actor)`, `DateText({ view, iso, withTime? })` (a <time> element).
 */
export function stageName(view: View, stage: StageName): string {
  return view.t(`stage.${stage}`);
}

const TONE: Record<StageState, Tone> = {
  not_started: "neutral",
  draft: "info",
  submitted: "warning",
  approved: "success",
  returned: "danger",
};

export function stateTone(state: StageState): Tone {
  return TONE[state];
}

export function StateBadge(props: { view: View; state: StageState }) {
  return <Badge tone={TONE[props.state]}>{props.view.t(`state.${props.state}`)}</Badge>;
}

export function actorName(view: View, actor: Actor): string {
  if (actor.type === "workflow") return view.t("audit.workflow", { task: actor.task });
  const org = actor.agency ?? actor.ministry;
  return `${actor.name ?? actor.sub} (${view.t(`role.${actor.role}`)}${org ? `, ${org}` : ""})`;
}

export function DateText(props: { view: View; iso: string | undefined; withTime?: boolean }) {
  if (!props.iso) return <span class="muted">{props.view.t("common.none")}</span>;
  return <time datetime={props.iso}>{formatDate(props.view.locale, props.iso, props.withTime)}</time>;
}

/** Where a cycle stands, in words: the stage being worked on, the reporting period, or closed. */
export function positionText(
  view: View,
  cycle: { status: string; position: { kind: string; stage?: StageName; index?: number } },
): string {
  if (cycle.status === "closed") return view.t("stage.closed");
  const p = cycle.position;
  if (p.kind === "stage" && p.stage) return stageName(view, p.stage);
  if (p.kind === "period") return view.t("home.period", { n: (p.index ?? 0) + 1 });
  return view.t("home.closing");
}

/** Looks up the catalogue text of a measure of the cycle's pinned frameworks. */
export function measureTexts(cycle: {
  frameworks: readonly CatalogueRef[];
}): (measureId: string) => string | undefined {
  const measures = cycleMeasures({ frameworks: [...cycle.frameworks] });
  return (id) => measures.get(id)?.measure.text;
}
