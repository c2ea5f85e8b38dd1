import { planTree } from "../core/action-plan/plan-tree.js";
import type { ActivityTree, ObjectiveTree } from "../core/action-plan/views.js";
import { countryName } from "../core/countries.js";
import { orgName } from "../core/exports/cells.js";
import { pillarsOf } from "../core/exports/pillars.js";
import { indicatorTable } from "../core/exports/plan-rows.js";
import type { PlanExport } from "../core/exports/plan-source.js";
import { planNotes, planWorkbook } from "../core/exports/plan-workbook.js";
import { cellText, documentHtml, html, type SafeHtml, tableHtml } from "./html.js";

// The action plan as a printable document: pillar -> objective -> activity -> indicators, after the summary and the
// budget (the same tables as the workbook's, so the two never disagree).

export function planHtml(plan: PlanExport, generatedAt: string): string {
  const book = planWorkbook(plan, generatedAt);
  const tree = planTree(plan);
  const titles = new Map(plan.activities.map((a) => [a.id, a.title]));
  const { cycle } = plan;
  const country = countryName(cycle.country) ?? cycle.country;
  const summary = book.sheets.find((s) => s.name === "Summary");
  const budget = book.sheets.find((s) => s.name === "Budget");
  const body = html`<header>
<h1>${cycle.title}</h1>
<p class="meta">Action plan of ${country}, ${cycle.planPeriod.start} to ${cycle.planPeriod.end}. Generated ${generatedAt}.</p>
${planNotes(plan).map((n) => html`<p class="note">${n}</p>`)}
</header>
${summary ? html`<section><h2>Summary</h2>${tableHtml(summary)}</section>` : null}
${pillarsOf(cycle).map((p) => {
  const objectives = tree.objectives.filter((o) => o.pillar === p.code);
  const why = plan.settings?.pillarJustifications[p.code];
  return html`<section class="pillar">
<h2>${p.code}: ${p.title}</h2>
${objectives.length === 0 ? html`<p class="note">No objective in this pillar.${why ? ` Why: ${why}` : ""}</p>` : null}
${objectives.map((o) => objectiveHtml(plan, o, titles))}
</section>
`;
})}
${budget ? html`<section class="pillar"><h2>${budget.title}</h2>${budget.notes.map((n) => html`<p class="note">${n}</p>`)}${tableHtml(budget)}</section>` : null}`;
  return documentHtml(`${cycle.title}: action plan`, body);
}

function objectiveHtml(plan: PlanExport, o: ObjectiveTree, titles: ReadonlyMap<string, string>): SafeHtml {
  return html`<h3>Objective: ${o.title}</h3>
${o.description ? html`<p>${o.description}</p>` : null}
${o.priorityIds.length > 0 ? html`<p class="meta">Answers the priorities ${o.priorityIds.join(", ")}.</p>` : null}
${o.indicators.length > 0 ? html`<h4>Indicators of the objective</h4>${tableHtml(indicatorTable(plan, o.indicators))}` : null}
${o.activities.map((a) => activityHtml(plan, a, titles))}`;
}

function activityHtml(plan: PlanExport, a: ActivityTree, titles: ReadonlyMap<string, string>): SafeHtml {
  const budget = a.budget
    ? `${cellText({ kind: "money", amount: a.budget.amount, currency: a.budget.currency })}, ${
        a.budget.source === "donor" ? `from ${a.budget.donorName ?? "a donor"}` : "from the state"
      }, ${a.budget.funded ? "funded" : "not funded yet"}`
    : "not set";
  const facts: [string, string][] = [
    ["Lead agency", a.leadAgency ? orgName(a.leadAgency) : "not set"],
    ["Partners", a.partnerAgencies.map(orgName).join(", ") || "none"],
    ["When", `${a.start} to ${a.end}`],
    ["Budget", budget],
    ["Framework measures", a.measureIds.join(", ") || "none"],
    ...(a.dependsOn.length > 0
      ? [["Starts after", a.dependsOn.map((id) => titles.get(id) ?? id).join("; ")] as [string, string]]
      : []),
  ];
  return html`<article class="activity">
<h4>${a.title}</h4>
${a.description ? html`<p>${a.description}</p>` : null}
<dl>${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${a.indicators.length > 0 ? tableHtml(indicatorTable(plan, a.indicators)) : html`<p class="note">No indicator yet.</p>`}
</article>
`;
}
