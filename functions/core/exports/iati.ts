import type { Activity, Indicator } from "../action-plan/schema.js";
import { activityCatalogue, spreadByYear } from "../action-plan/totals.js";
import { countryName } from "../countries.js";
import { RuleViolationError } from "../errors.js";
import type { IndicatorRollup, MonitoringView } from "../monitoring/views.js";
import { alpha2Of } from "./alpha2.js";
import { orgName } from "./cells.js";
import * as code from "./iati-codes.js";
import type { PlanExport } from "./plan-source.js";
import { el, type XmlNode } from "./xml-tree.js";

// IATI 2.03 activity XML for the activities a donor funds: one iati-activity each, with its funder, the government
// accountable for it, the agencies implementing it, its planned dates, its budget per year and its indicators as
// results (baseline; per year the target and, from monitoring, the actual and its breakdown). Element order follows
// the schema's sequences; every text is escaped by the writer. Identifiers are `<reporting-org ref>-<activity id>`:
// activity ids never change, so the same activity keeps its identifier from one export to the next.

export type IatiInput = {
  plan: PlanExport;
  /** Actuals and statuses, as the reader may see them (suppressed for donors). */
  monitoring: MonitoringView;
  /** The publisher's IATI organisation identifier, e.g. KE-GOV-1. */
  reportingOrgRef: string;
  generatedAt: string;
};

export function iatiActivities(input: IatiInput): XmlNode {
  const funded = input.plan.activities
    .filter((a) => a.budget?.source === "donor")
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (funded.length === 0) {
    throw new RuleViolationError(
      "nothing_to_export",
      "no activity of this plan is funded by a donor (budget source donor): there is nothing to publish to IATI",
    );
  }
  return el(
    "iati-activities",
    { version: "2.03", "generated-datetime": input.generatedAt },
    ...funded.map((a) => activityNode(input, a)),
  );
}

const narrative = (text: string) => el("narrative", {}, text);

function activityNode(input: IatiInput, activity: Activity): XmlNode {
  const { plan, monitoring, reportingOrgRef } = input;
  const { cycle } = plan;
  const government = `Government of ${countryName(cycle.country) ?? cycle.country}`;
  const objective = plan.objectives.find((o) => o.id === activity.objectiveId);
  const description =
    activity.description.trim() ||
    `${activity.title}: an activity of "${objective?.title ?? "the plan"}" in ${cycle.title}.`;
  const status = monitoring.activities.find((r) => r.id === activity.id)?.status ?? null;
  const country = alpha2Of(cycle.country);
  const implementing = [activity.leadAgency, ...activity.partnerAgencies].filter((a): a is string => !!a);
  const org = (role: string, name: string, attrs: Record<string, string> = {}) =>
    el("participating-org", { ...attrs, role }, narrative(name));
  return el(
    "iati-activity",
    {
      "last-updated-datetime": activity.updatedAt,
      "xml:lang": "en",
      "default-currency": activity.budget?.currency,
    },
    el("iati-identifier", {}, `${reportingOrgRef}-${activity.id}`),
    el("reporting-org", { ref: reportingOrgRef, type: code.ORG_TYPE_GOVERNMENT }, narrative(government)),
    el("title", {}, narrative(activity.title)),
    el("description", { type: "1" }, narrative(description)),
    activity.budget?.donorName ? org(code.ROLE_FUNDING, activity.budget.donorName) : null,
    org(code.ROLE_ACCOUNTABLE, government, { ref: reportingOrgRef, type: code.ORG_TYPE_GOVERNMENT }),
    ...implementing.map((a) => org(code.ROLE_IMPLEMENTING, orgName(a), { type: code.ORG_TYPE_GOVERNMENT })),
    el("activity-status", { code: code.activityStatusCode(status, cycle.status === "closed") }),
    el("activity-date", { type: code.PLANNED_START, "iso-date": activity.start }),
    el("activity-date", { type: code.PLANNED_END, "iso-date": activity.end }),
    country ? el("recipient-country", { code: country }) : null,
    ...sectors(activity),
    ...budgets(activity),
    ...results(input, activity),
  );
}

function sectors(activity: Activity): XmlNode[] {
  const bucket = activityCatalogue(activity);
  const catalogues = bucket === "both" ? (["TIP", "SOM"] as const) : bucket === "none" ? [] : [bucket];
  return catalogues.map((c) =>
    el("sector", {
      vocabulary: code.SECTOR_VOCABULARY_SDG_TARGET,
      code: code.SDG_TARGET_OF[c],
      percentage: catalogues.length > 1 ? 50 : 100,
    }),
  );
}

/** One budget per calendar year (IATI wants budget periods of a year at most), split as the plan totals split it. */
function budgets(activity: Activity): XmlNode[] {
  const { budget } = activity;
  if (!budget) return [];
  return spreadByYear(Math.round(budget.amount * 100), activity.start, activity.end).map((part) => {
    const [start, end] = yearWithin(part.year, activity.start, activity.end);
    return el(
      "budget",
      { type: code.BUDGET_ORIGINAL, status: code.budgetStatusCode(budget.funded) },
      el("period-start", { "iso-date": start }),
      el("period-end", { "iso-date": end }),
      el("value", { currency: budget.currency, "value-date": start }, (part.cents / 100).toFixed(2)),
    );
  });
}

function yearWithin(year: number, start: string, end: string): [string, string] {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return [start > first ? start : first, end < last ? end : last];
}

function results(input: IatiInput, activity: Activity): XmlNode[] {
  const indicators = input.plan.indicators.filter(
    (i) => i.attachedTo.kind === "activity" && i.attachedTo.id === activity.id,
  );
  return (["1", "2"] as const).flatMap((type) => {
    const of = indicators.filter((i) => code.resultTypeCode(i.type) === type);
    if (of.length === 0) return [];
    return [
      el(
        "result",
        { type },
        el("title", {}, narrative(`${type === "1" ? "Outputs" : "Outcomes"} of: ${activity.title}`)),
        ...of.map((i) => indicatorNode(input, i)),
      ),
    ];
  });
}

function indicatorNode(input: IatiInput, indicator: Indicator): XmlNode {
  const { plan } = input;
  const rollup = input.monitoring.indicators.find((r) => r.id === indicator.id);
  const last = indicator.targets.at(-1);
  const base = indicator.baseline;
  const withheldYear = plan.suppressedBaselines.get(indicator.id);
  const threshold = plan.settings?.suppressionThreshold ?? input.monitoring.suppression.threshold;
  const withheld = `Withheld: a count under ${threshold} is not published outside the government.`;
  const description = [
    `Unit: ${indicator.unit}.`,
    indicator.meansOfVerification && `Means of verification: ${indicator.meansOfVerification}`,
  ]
    .filter(Boolean)
    .join(" ");
  return el(
    "indicator",
    {
      measure: code.measureCode(indicator.unit),
      ascending: last && base ? last.value >= base.value : undefined,
    },
    el("title", {}, narrative(indicator.name)),
    el("description", {}, narrative(description)),
    base ? el("baseline", { year: base.year, value: String(base.value) }) : null,
    !base && withheldYear
      ? el("baseline", { year: withheldYear }, el("comment", {}, narrative(withheld)))
      : null,
    ...periodYears(plan, indicator, rollup).map((year) =>
      periodNode(plan, indicator, rollup, year, withheld),
    ),
  );
}

function periodYears(plan: PlanExport, indicator: Indicator, rollup: IndicatorRollup | undefined): number[] {
  const first = Number(plan.cycle.planPeriod.start.slice(0, 4));
  const last = Number(plan.cycle.planPeriod.end.slice(0, 4));
  const years = new Set([
    ...indicator.targets.map((t) => t.year),
    ...(rollup?.years ?? []).map((y) => y.year),
  ]);
  return [...years].filter((y) => y >= first && y <= last).sort((a, b) => a - b);
}

function periodNode(
  plan: PlanExport,
  indicator: Indicator,
  rollup: IndicatorRollup | undefined,
  year: number,
  withheld: string,
): XmlNode {
  const [start, end] = yearWithin(year, plan.cycle.planPeriod.start, plan.cycle.planPeriod.end);
  const target = indicator.targets.find((t) => t.year === year);
  const figures = rollup?.years.find((y) => y.year === year);
  const breakdown = Object.entries(figures?.disaggregation ?? {}).flatMap(([dimension, cells]) =>
    Object.entries(cells).flatMap(([category, n]) =>
      n === null
        ? []
        : [el("actual", { value: String(n) }, el("dimension", { name: dimension, value: category }))],
    ),
  );
  return el(
    "period",
    {},
    el("period-start", { "iso-date": start }),
    el("period-end", { "iso-date": end }),
    target ? el("target", { value: String(target.value) }) : null,
    figures && figures.actual !== null ? el("actual", { value: String(figures.actual) }) : null,
    figures && figures.actual === null ? el("actual", {}, el("comment", {}, narrative(withheld))) : null,
    ...breakdown,
  );
}

/** A placeholder organisation identifier until the publisher names its own: `<ISO alpha-2>-GOV`. */
export function defaultOrgRef(country: string): string {
  return `${alpha2Of(country) ?? country}-GOV`;
}
