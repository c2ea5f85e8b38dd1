import { createRoute, z } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { getMonitoring, getPeriod, listPeriods } from "../../core/monitoring/queries.js";
import { SubmitReportInput, submitReport } from "../../core/monitoring/submit-report.js";
import { MonitoringView, PeriodDetail, PeriodView, ReportView } from "../../core/monitoring/views.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const Period = withOpenApi(PeriodView, "ReportingPeriod");
const Report = withOpenApi(ReportView, "PeriodReport");
const Detail = withOpenApi(PeriodDetail, "ReportingPeriodDetail");
const Monitoring = withOpenApi(MonitoringView, "Monitoring");
const Periods = z.strictObject({ items: z.array(Period) }).openapi("ReportingPeriods");
export const PeriodParams = CycleParams.extend({
  index: z.coerce
    .number()
    .int()
    .min(0)
    .max(239)
    .openapi({ description: "0-based index of the reporting period", example: 0 }),
});
const readErrors = { 400: errors[400], 403: errors[403], 404: errors[404], ...authErrors };

const report = createRoute({
  method: "post",
  path: "/{cycleId}/periods/{index}/reports",
  tags: ["monitoring"],
  summary:
    "A lead agency reports on its activities for an open period (a member for its own agency, the coordinator for a named one); resubmitting replaces the report (send expectedVersion)",
  security: secured,
  request: {
    params: PeriodParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(SubmitReportInput, "SubmitReportInput")),
  },
  responses: { 200: json(Report, "The stored report"), ...errors },
});

const periods = createRoute({
  method: "get",
  path: "/{cycleId}/periods",
  tags: ["monitoring"],
  summary:
    "Every reporting period: state, due date, expected, reported, missing, overdue and escalated agencies",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: { 200: json(Periods, "The periods, in order"), ...readErrors },
});

const period = createRoute({
  method: "get",
  path: "/{cycleId}/periods/{index}",
  tags: ["monitoring"],
  summary: "One reporting period with its reports (for donors: per-period counts withheld)",
  security: secured,
  request: { params: PeriodParams, query: TenantQuery },
  responses: { 200: json(Detail, "The period and its reports"), ...readErrors },
});

const monitoring = createRoute({
  method: "get",
  path: "/{cycleId}/monitoring",
  tags: ["monitoring"],
  summary:
    "Roll-ups of the approved plan (activity, objective, pillar, plan), indicators against yearly targets and SDG 16.2.2; small counts suppressed for donors",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: { 200: json(Monitoring, "The monitoring figures"), ...readErrors },
});

export function monitoringRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(report, async (c) => {
      const { cycleId, index } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 200, schema: Report },
        ({ principal, country, intent }) =>
          submitReport(deps, principal, country, cycleId, index, body, intent),
      );
    })
    .openapi(periods, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await listPeriods(deps, principal, country, cycleId), 200);
    })
    .openapi(period, async (c) => {
      const principal = c.get("principal");
      const { cycleId, index } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getPeriod(deps, principal, country, cycleId, index), 200);
    })
    .openapi(monitoring, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getMonitoring(deps, principal, country, cycleId), 200);
    });
}
