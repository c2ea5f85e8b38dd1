import { createRoute, z } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { defaultOrgRef, iatiActivities } from "../../core/exports/iati.js";
import { finalReport, periodReport } from "../../core/exports/monitoring-reports.js";
import { loadFinalReport, loadPeriodReport, loadTracking } from "../../core/exports/monitoring-source.js";
import { loadPlanExport, type PlanExport } from "../../core/exports/plan-source.js";
import { loadActivitiesTemplate, loadAssessmentTemplate } from "../../core/exports/template-source.js";
import { trackingTables } from "../../core/exports/tracking.js";
import { getMonitoring } from "../../core/monitoring/queries.js";
import { fileResponse, fileStem, MEDIA_TYPES, renderPlan, renderWorkbook } from "../../exports/files.js";
import { writeXml } from "../../exports/xml.js";
import { authErrors, errors, newRouter, secured } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";
import { importRoutes, Kind } from "./imports.js";
import { PeriodParams } from "./monitoring.js";

// Exports as files: the action plan, the indicator tracking table, the monitoring reports and IATI XML. Each
// answers what the reader may see: donors get approved versions only, with small counts suppressed; government
// roles get the current plan or the version they name.

/** The documented answer of a file route: one media type per format, the bytes as a binary string. */
function fileContent(description: string, formats: readonly (keyof typeof MEDIA_TYPES)[]) {
  return {
    description,
    headers: z.object({
      "Content-Disposition": z.string().openapi({
        description: "attachment (inline for HTML) with the file name",
        example: 'attachment; filename="action-plan.xlsx"',
      }),
    }),
    content: Object.fromEntries(
      formats.map((f) => [
        MEDIA_TYPES[f].split(";")[0] ?? f,
        { schema: z.string().openapi({ format: "binary" }) },
      ]),
    ),
  };
}

const readErrors = { 400: errors[400], 403: errors[403], 404: errors[404], ...authErrors } as const;
const Version = z.coerce
  .number()
  .int({ error: "must be a version number (1, 2, ...)" })
  .min(1, { error: "must be a version number (1, 2, ...)" })
  .optional()
  .openapi({
    description:
      "An approved version of the action plan. Government roles get the current plan without it; donors always get an approved version (the latest without it).",
  });

const plan = createRoute({
  method: "get",
  path: "/{cycleId}/exports/plan",
  tags: ["exports"],
  summary:
    "The action plan as a workbook (summary, one sheet per pillar, budget), a CSV file (one row per activity and indicator) or a printable HTML document",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery.extend({ format: z.enum(["xlsx", "csv", "html"]).default("xlsx"), version: Version }),
  },
  responses: { 200: fileContent("The action plan", ["xlsx", "csv", "html"]), ...readErrors },
});

const indicators = createRoute({
  method: "get",
  path: "/{cycleId}/exports/indicators",
  tags: ["exports"],
  summary:
    "The indicator performance tracking table: per indicator and year the baseline, target, actual, % achieved and breakdown (government: also per reporting period)",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery.extend({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
  },
  responses: { 200: fileContent("The tracking table", ["xlsx", "csv"]), ...readErrors },
});

const ReportQuery = TenantQuery.extend({ format: z.enum(["html", "xlsx"]).default("html") });

const periodReportRoute = createRoute({
  method: "get",
  path: "/{cycleId}/exports/periods/{index}/report",
  tags: ["exports"],
  summary:
    "The monitoring report of a reporting period: progress, reports received and overdue, budget, indicators, SDG 16.2.2 and the agencies' narrative, as of that period",
  security: secured,
  request: { params: PeriodParams, query: ReportQuery },
  responses: { 200: fileContent("The period's monitoring report", ["html", "xlsx"]), ...readErrors },
});

const finalReportRoute = createRoute({
  method: "get",
  path: "/{cycleId}/exports/final-report",
  tags: ["exports"],
  summary:
    "The final report of a closed cycle: its final summary, progress, budget, indicators, SDG 16.2.2, missing reports and narrative",
  security: secured,
  request: { params: CycleParams, query: ReportQuery },
  responses: { 200: fileContent("The final report", ["html", "xlsx"]), ...readErrors },
});

const iati = createRoute({
  method: "get",
  path: "/{cycleId}/exports/iati",
  tags: ["exports"],
  summary:
    "IATI 2.03 activity XML of the donor-funded activities: funder, implementers, dates, yearly budgets, and indicators with baselines, targets and actuals",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery.extend({
      format: z.enum(["xml"]).default("xml"),
      version: Version,
      reportingOrgRef: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,98}[A-Za-z0-9]$/, {
          error: "must be an IATI organisation identifier like KE-GOV-1",
        })
        .optional()
        .openapi({
          description:
            "Your IATI organisation identifier: activity identifiers are `<it>-<activity id>`, stable from one export to the next. Default `<ISO alpha-2>-GOV`, a placeholder to replace before publishing.",
          example: "KE-GOV-1",
        }),
    }),
  },
  responses: {
    200: fileContent("The IATI activities", ["xml"]),
    ...readErrors,
    422: errors[422],
  },
});

const TEMPLATES = { assessment: loadAssessmentTemplate, activities: loadActivitiesTemplate } as const;

const template = createRoute({
  method: "get",
  path: "/{cycleId}/exports/templates/{kind}",
  tags: ["exports", "imports"],
  summary:
    "An import template filled with what is stored now (assessment: one row per measure; activities: one row per activity, and the objectives to pick from); POST it back to /imports/{kind}",
  security: secured,
  request: {
    params: CycleParams.extend({ kind: Kind }),
    query: TenantQuery.extend({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
  },
  responses: { 200: fileContent("The template", ["xlsx", "csv"]), ...readErrors },
});

/** `v2` for an approved version, `current` for the plan as it stands: file names say which plan they hold. */
const versionTag = (plan: PlanExport) =>
  plan.source.kind === "version" ? `v${plan.source.number}` : "current";

export function exportRoutes(deps: CoreDeps) {
  const generatedAt = () => deps.now().toISOString();
  return newRouter()
    .openapi(plan, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const query = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, query.country, cycleId);
      const data = await loadPlanExport(deps, principal, country, cycleId, query.version);
      const stem = fileStem("action-plan", country, cycleId, versionTag(data));
      return fileResponse(await renderPlan(data, query.format, stem, generatedAt()));
    })
    .openapi(indicators, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const query = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, query.country, cycleId);
      const data = await loadTracking(deps, principal, country, cycleId);
      const book = {
        title: `${data.cycle.title}: indicator performance tracking`,
        subject: `Generated ${generatedAt()}`,
        sheets: trackingTables(data),
      };
      return fileResponse(await renderWorkbook(book, query.format, fileStem("indicators", country, cycleId)));
    })
    .openapi(periodReportRoute, async (c) => {
      const principal = c.get("principal");
      const { cycleId, index } = c.req.valid("param");
      const query = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, query.country, cycleId);
      const data = await loadPeriodReport(deps, principal, country, cycleId, index);
      const stem = fileStem("monitoring-report", country, cycleId, data.detail.period.label);
      return fileResponse(await renderWorkbook(periodReport(data, generatedAt()), query.format, stem));
    })
    .openapi(finalReportRoute, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const query = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, query.country, cycleId);
      const data = await loadFinalReport(deps, principal, country, cycleId);
      const stem = fileStem("final-report", country, cycleId);
      return fileResponse(await renderWorkbook(finalReport(data, generatedAt()), query.format, stem));
    })
    .openapi(iati, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const query = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, query.country, cycleId);
      const data = await loadPlanExport(deps, principal, country, cycleId, query.version);
      const monitoring = await getMonitoring(deps, principal, country, cycleId);
      const reportingOrgRef = query.reportingOrgRef ?? defaultOrgRef(country);
      const xml = writeXml(
        iatiActivities({ plan: data, monitoring, reportingOrgRef, generatedAt: generatedAt() }),
      );
      const filename = `${fileStem("iati-activities", country, cycleId, versionTag(data))}.xml`;
      return fileResponse({ body: xml, type: MEDIA_TYPES.xml, filename });
    })
    .openapi(template, async (c) => {
      const principal = c.get("principal");
      const { cycleId, kind } = c.req.valid("param");
      const query = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, query.country, cycleId);
      const book = await TEMPLATES[kind](deps, principal, country, cycleId);
      return fileResponse(
        await renderWorkbook(book, query.format, fileStem(`${kind}-template`, country, cycleId)),
      );
    })
    .route("/", importRoutes(deps));
}
