import { type Context, Hono } from "hono";
import { RuleViolationError } from "../../core/errors.js";
import { loadApprovedPlan } from "../../core/monitoring/approved-plan.js";
import { getMonitoring, getPeriod } from "../../core/monitoring/queries.js";
import { submitReport } from "../../core/monitoring/submit-report.js";
import type { FieldErrors } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { domainFieldErrors, type RawForm, readForm } from "./forms.js";
import { render } from "./layout.js";
import { indexOf, loadMonitoringPage } from "./monitoring.js";
import { parseReportForm, ruleIssuesToErrors } from "./monitoring-forms.js";
import { ReportForm } from "./monitoring-report-form.js";
import { leadAgenciesIn, reportFormModel } from "./monitoring-report-model.js";

// A lead agency's report for a period, /app/cycles/{id}/monitoring/periods/{n}/report: a member reports for its own
// agency, the coordinator for the one it picks. The form comes back with the errors on their fields, the schema's
// and the plan rules' alike.

type C = Context<WebEnv>;
type Posted = { raw: RawForm; errors: FieldErrors };

export function monitoringReportPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  async function reportPage(
    c: C,
    cycleId: string,
    index: number,
    agencyAsked: string | undefined,
    posted?: Posted,
  ) {
    const { principal, country, cycle, stages } = await loadMonitoringPage(deps, c, cycleId);
    const view = c.get("view");
    const [plan, detail, monitoring] = await Promise.all([
      loadApprovedPlan(deps, cycle, stages),
      getPeriod(deps, principal, country, cycleId, index),
      getMonitoring(deps, principal, country, cycleId),
    ]);
    const agency = principal.role === "member" ? principal.agency : agencyAsked;
    const title = view.t("monitoring.reportFor", { period: detail.period.label });
    const header = <CycleHeader view={view} cycle={cycle} current="monitoring" title={title} />;
    if (!agency) {
      // The coordinator reports on behalf of one lead agency at a time: which?
      const agencies = leadAgenciesIn(plan.activities, detail.period);
      return render(c, {
        title,
        body: (
          <>
            {header}
            <p>{view.t("monitoring.chooseAgency")}</p>
            <ul data-testid="agencies">
              {agencies.map((a) => (
                <li>
                  <a href={paths.periodReport(cycleId, index, a)}>
                    {view.t("monitoring.reportAs", { agency: a })}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ),
      });
    }
    const model = reportFormModel({
      agency,
      period: detail.period,
      plan,
      rollups: monitoring.activities,
      reports: detail.reports,
    });
    return render(c, {
      title,
      status: posted ? 400 : 200,
      body: (
        <>
          {header}
          <p class="no-print">
            <a href={paths.period(cycleId, index)}>
              {view.t("monitoring.backToPeriod", { period: detail.period.label })}
            </a>
          </p>
          <p>{view.t("monitoring.reportingAs", { agency })}</p>
          <ReportForm
            view={view}
            cycleId={cycleId}
            model={model}
            namedAgency={principal.role !== "member"}
            raw={posted?.raw}
            errors={posted?.errors}
          />
        </>
      ),
    });
  }

  router.get("/cycles/:cycleId/monitoring/periods/:index/report", (c) =>
    reportPage(c, c.req.param("cycleId"), indexOf(c.req.param("index")), c.req.query("agency") || undefined),
  );

  router.post("/cycles/:cycleId/monitoring/periods/:index/report", async (c) => {
    const cycleId = c.req.param("cycleId");
    const index = indexOf(c.req.param("index"));
    const raw = await readForm(c);
    const agency = raw.agency || undefined;
    const parsed = parseReportForm(raw);
    if (!parsed.ok) return reportPage(c, cycleId, index, agency, { raw, errors: parsed.errors });
    const country = await countryOf(c, deps, cycleId);
    try {
      await submitReport(deps, c.get("principal"), country, cycleId, index, parsed.data);
    } catch (error) {
      const errors =
        error instanceof RuleViolationError && error.code === "report_invalid"
          ? ruleIssuesToErrors(error.details.issues, raw)
          : domainFieldErrors(error);
      if (!errors) throw error;
      return reportPage(c, cycleId, index, agency, { raw, errors });
    }
    return redirectWithFlash(c, paths.period(cycleId, index), "success", "monitoring.reportSaved", {
      agency: agency ?? c.get("principal").agency ?? "",
    });
  });

  return router;
}
