import { createRoute, z } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { importActivities } from "../../core/exports/import-activities.js";
import { importAssessment } from "../../core/exports/import-assessment.js";
import { ImportResult, type SheetData } from "../../core/exports/import-rows.js";
import { ACTIVITIES_SHEET, ASSESSMENT_SHEET } from "../../core/exports/templates.js";
import type { IdempotencyIntent } from "../../core/ports.js";
import type { Principal } from "../../core/principal.js";
import { readCsv } from "../../exports/read-csv.js";
import { readXlsx } from "../../exports/read-xlsx.js";
import { IdempotencyHeaders, idempotent } from "../idempotency.js";
import { errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

// Imports of the templates the product exports (GET /cycles/{id}/exports/templates/{kind}). The filled file is
// posted as JSON, base64-encoded: the API takes JSON bodies everywhere, an .xlsx file of a whole plan is a few dozen
// KB, and the body limit (256 KB) bounds the work one request can cause. Nothing is written unless every row is
// valid; every rejected row is answered with its row number and the reason (422 import_rejected, with
// details.rejections: [{ row, column, reason }]).

export const Kind = z.enum(["assessment", "activities"]).openapi({ description: "What the template holds" });
const KindParams = CycleParams.extend({ kind: Kind });

const ImportInput = z
  .strictObject({
    format: z
      .enum(["xlsx", "csv"])
      .openapi({ description: "The file's format, as the template was exported" }),
    // Bounded in the schema too (no body over the 256 KB limit gets here), so the document says so.
    content: z
      .base64({ error: "must be the file's bytes in base64" })
      .min(1)
      .max(256 * 1024)
      .openapi({
        description: "The filled template, base64-encoded (within the 256 KB body limit)",
      }),
  })
  .openapi("ImportInput");

const Result = withOpenApi(ImportResult, "ImportResult");

const post = createRoute({
  method: "post",
  path: "/{cycleId}/imports/{kind}",
  tags: ["imports"],
  summary:
    "Imports a filled template: every row checked first (422 import_rejected lists each bad row by number, and nothing is written), then the changed rows saved with their audit events; unchanged rows are skipped, nothing is deleted",
  security: secured,
  request: {
    params: KindParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(ImportInput),
  },
  responses: { 200: json(Result, "What was imported"), ...errors },
});

type Importer = (
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  sheet: SheetData,
  idempotency?: IdempotencyIntent,
) => Promise<ImportResult>;

const IMPORTS: Record<z.infer<typeof Kind>, { sheet: string; run: Importer }> = {
  assessment: { sheet: ASSESSMENT_SHEET, run: importAssessment },
  activities: { sheet: ACTIVITIES_SHEET, run: importActivities },
};

export function importRoutes(deps: CoreDeps) {
  return newRouter().openapi(post, async (c) => {
    const principal = c.get("principal");
    const { cycleId, kind } = c.req.valid("param");
    const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
    const body = c.req.valid("json");
    const { sheet: name, run } = IMPORTS[kind];
    const bytes = Buffer.from(body.content, "base64");
    const sheet = body.format === "xlsx" ? await readXlsx(bytes, name) : readCsv(bytes);
    const key = c.req.valid("header")["idempotency-key"];
    return idempotent(c, { store: deps.store, country, key, body, status: 200, schema: Result }, (intent) =>
      run(deps, principal, country, cycleId, sheet, intent),
    );
  });
}
