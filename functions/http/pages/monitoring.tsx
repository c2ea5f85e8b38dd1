import { type Context, Hono } from "hono";
import { addComment, CommentInput, listComments } from "../../core/donors/comments.js";
import { NotFoundError } from "../../core/errors.js";
import { loadApprovedPlan } from "../../core/monitoring/approved-plan.js";
import { getMonitoring, getPeriod, listPeriods } from "../../core/monitoring/queries.js";
import type { MonitoringView, PeriodView } from "../../core/monitoring/views.js";
import type { Principal } from "../../core/principal.js";
import { loadCycle } from "../../core/use-cases/load.js";
import type { FieldErrors } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { parseForm, type RawForm } from "./forms.js";
import { render } from "./layout.js";
import { MonitoringCharts } from "./monitoring-charts.js";
import { Comments, type Names, PeriodFacts, Reports } from "./monitoring-period.js";
import { PeriodsTable } from "./monitoring-periods.js";
import { leadAgenciesIn } from "./monitoring-report-model.js";

// Monitoring under /app/cycles/{id}/monitoring: the periods with their deadlines and late agencies, progress and
// spending charts, a period's reports and comments, and each lead agency's report form.

type C = Context<WebEnv>;
type Posted = { raw: RawForm; errors: FieldErrors };

export function indexOf(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw new NotFoundError(`there is no reporting period ${value}`);
  return Number(value);
}

/** Activity and indicator names as the monitoring view knows them (the approved plan's). */
export function namesOf(m: Pick<MonitoringView, "activities" | "indicators">): Names {
  const activities = new Map(m.activities.map((a) => [a.id, a.title]));
  const indicators = new Map(m.indicators.map((i) => [i.id, i.name]));
  return { activity: (id) => activities.get(id) ?? id, indicator: (id) => indicators.get(id) ?? id };
}

/** Whether this person reports for some agency in this period: a member leading an activity in it, or the coordinator. */
function reportLink(cycleId: string, principal: Principal, leads: (p: PeriodView) => string[]) {
  if (principal.role !== "coordinator" && principal.role !== "member") return undefined;
  return (p: PeriodView) => {
    if (p.state !== "open") return undefined;
    if (principal.role === "coordinator") return paths.periodReport(cycleId, p.index);
    return principal.agency && leads(p).includes(principal.agency)
      ? paths.periodReport(cycleId, p.index)
      : undefined;
  };
}

/** The principal, the country and the cycle (read for monitoring) a monitoring page starts from. */
export async function loadMonitoringPage(deps: PageDeps, c: C, cycleId: string) {
  const principal = c.get("principal");
  const country = await countryOf(c, deps, cycleId);
  const loaded = await loadCycle(deps, principal, country, cycleId, "monitoring.read");
  return { principal, country, ...loaded };
}

export function monitoringPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();
  const today = () => deps.now().toISOString();

  router.get("/cycles/:cycleId/monitoring", async (c) => {
    const cycleId = c.req.param("cycleId");
    const { principal, country, cycle, stages } = await loadMonitoringPage(deps, c, cycleId);
    const view = c.get("view");
    const [periods, monitoring, plan] = await Promise.all([
      listPeriods(deps, principal, country, cycleId),
      getMonitoring(deps, principal, country, cycleId),
      loadApprovedPlan(deps, cycle, stages),
    ]);
    const now = today();
    const title = view.t("monitoring.title");
    return render(c, {
      title,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="monitoring" title={title} />
          {monitoring.plan.source === "none" ? (
            <p class="muted">{view.t("monitoring.noPlan")}</p>
          ) : (
            <div class="stack">
              <p class="muted">
                {monitoring.plan.versionNumber
                  ? view.t("monitoring.followsVersion", { n: monitoring.plan.versionNumber })
                  : view.t("monitoring.followsPlan")}
              </p>
              <section aria-labelledby="periods-title">
                <h2 id="periods-title">{view.t("monitoring.periods")}</h2>
                <PeriodsTable
                  view={view}
                  periods={periods.items}
                  now={now}
                  href={(i) => paths.period(cycleId, i)}
                  reportHref={reportLink(cycleId, principal, (p) => leadAgenciesIn(plan.activities, p))}
                />
              </section>
              <section aria-labelledby="charts-title">
                <h2 id="charts-title">{view.t("monitoring.progress")}</h2>
                <MonitoringCharts view={view} monitoring={monitoring} today={now.slice(0, 10)} />
              </section>
            </div>
          )}
        </>
      ),
    });
  });

  async function periodPage(c: C, cycleId: string, index: number, comment?: Posted) {
    const { principal, country, cycle } = await loadMonitoringPage(deps, c, cycleId);
    const view = c.get("view");
    const [detail, comments, monitoring] = await Promise.all([
      getPeriod(deps, principal, country, cycleId, index),
      listComments(deps, principal, country, cycleId, index).catch((error: unknown) => {
        // A period whose round has not opened has no comments (nor reports) yet.
        if (error instanceof NotFoundError) return { items: [] };
        throw error;
      }),
      getMonitoring(deps, principal, country, cycleId),
    ]);
    const title = view.t("monitoring.periodTitle", { period: detail.period.label });
    const mayReport =
      detail.period.state === "open" && (principal.role === "coordinator" || principal.role === "member");
    return render(c, {
      title,
      status: comment ? 400 : 200,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="monitoring" title={title} />
          <p class="no-print">
            <a href={paths.monitoring(cycleId)}>{view.t("monitoring.back")}</a>
          </p>
          <PeriodFacts view={view} detail={detail} now={today()} />
          {mayReport ? (
            <p>
              <a class="button" href={paths.periodReport(cycleId, index)}>
                {view.t("monitoring.reportFor", { period: detail.period.label })}
              </a>
            </p>
          ) : null}
          <section aria-labelledby="reports-title" class="stack">
            <h2 id="reports-title">{view.t("monitoring.reports")}</h2>
            <Reports
              view={view}
              reports={detail.reports}
              names={namesOf(monitoring)}
              threshold={monitoring.suppression.threshold}
            />
          </section>
          <Comments
            view={view}
            comments={comments.items}
            action={
              principal.role === "coordinator" && detail.period.state !== "scheduled"
                ? paths.periodComments(cycleId, index)
                : undefined
            }
            form={comment}
          />
        </>
      ),
    });
  }

  router.get("/cycles/:cycleId/monitoring/periods/:index", (c) =>
    periodPage(c, c.req.param("cycleId"), indexOf(c.req.param("index"))),
  );

  router.post("/cycles/:cycleId/monitoring/periods/:index/comments", async (c) => {
    const cycleId = c.req.param("cycleId");
    const index = indexOf(c.req.param("index"));
    const form = await parseForm(c, CommentInput);
    if (!form.ok) return periodPage(c, cycleId, index, form);
    const country = await countryOf(c, deps, cycleId);
    await addComment(deps, c.get("principal"), country, cycleId, index, form.data);
    return redirectWithFlash(
      c,
      `${paths.period(cycleId, index)}#comments`,
      "success",
      "monitoring.commentAdded",
    );
  });

  return router;
}
