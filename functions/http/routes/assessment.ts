import { createRoute, z } from "@hono/zod-openapi";
import { MeasureId } from "../../core/assessment.js";
import type { CoreDeps } from "../../core/changes.js";
import {
  AssessmentFilter,
  type AssessmentItem,
  type AssessmentView,
  BulkUpsertInput,
  bulkUpsertEntries,
  getAssessment,
  getScores,
  UpsertEntryInput,
  upsertEntry,
} from "../../core/use-cases/assessment.js";
import { AssessmentScores, EntryView } from "../../core/views.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";
import { StageSchema } from "./stages.js";

// The core types these answers as plain TypeScript; the schemas below are checked against them both ways (see the
// `Same` assertions), so the document cannot drift from what the use cases return.
const Item = z
  .strictObject({
    measureId: z.string(),
    catalogue: z.string(),
    pillar: z.strictObject({ id: z.string(), title: z.string() }),
    objective: z.strictObject({ id: z.string(), title: z.string() }),
    text: z.string(),
    mandatory: z.boolean(),
    articles: z.array(z.string()),
    entry: withOpenApi(EntryView, "Entry").nullable(),
  })
  .openapi("AssessmentItem");
const Scores = withOpenApi(AssessmentScores, "AssessmentScores");
const Assessment = z
  .strictObject({ stage: StageSchema, items: z.array(Item), scores: Scores })
  .openapi("Assessment");
const Items = z.strictObject({ items: z.array(Item) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _itemMatches: Same<z.infer<typeof Item>, AssessmentItem> = true;
const _viewMatches: Same<z.infer<typeof Assessment>, AssessmentView> = true;

const EntryParams = CycleParams.extend({ measureId: withOpenApi(MeasureId, { example: "TIP.PROS.1.1" }) });

const view = createRoute({
  method: "get",
  path: "/{cycleId}/assessment",
  tags: ["assessment"],
  summary: "Every measure of the cycle's frameworks with its answer (or null), filtered, plus the scores",
  security: secured,
  request: { params: CycleParams, query: AssessmentFilter.extend(TenantQuery.shape) },
  responses: {
    200: json(Assessment, "The assessment"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

const upsert = createRoute({
  method: "put",
  path: "/{cycleId}/assessment/entries/{measureId}",
  tags: ["assessment"],
  summary: "Answer one measure; send the expectedVersion you read to change an existing answer",
  security: secured,
  request: {
    params: EntryParams,
    query: TenantQuery,
    body: jsonBody(withOpenApi(UpsertEntryInput, "UpsertEntryInput")),
  },
  responses: {
    200: json(Item, "The measure with its new answer"),
    ...errors,
  },
});

const bulk = createRoute({
  method: "post",
  path: "/{cycleId}/assessment/bulk",
  tags: ["assessment"],
  summary: "Answer up to 50 measures in one atomic change: all are saved, or none",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(BulkUpsertInput, "BulkUpsertInput")),
  },
  responses: {
    200: json(Items, "The measures with their new answers"),
    ...errors,
  },
});

const scores = createRoute({
  method: "get",
  path: "/{cycleId}/assessment/scores",
  tags: ["assessment"],
  summary: "Completeness and implementation scores per objective, pillar, catalogue and overall",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: {
    200: json(Scores, "The scores"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

export function assessmentRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(view, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const { country: requested, ...filter } = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, requested, cycleId);
      return c.json(await getAssessment(deps, principal, country, cycleId, filter), 200);
    })
    .openapi(upsert, async (c) => {
      const principal = c.get("principal");
      const { cycleId, measureId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(
        await upsertEntry(deps, principal, country, cycleId, measureId, c.req.valid("json")),
        200,
      );
    })
    .openapi(bulk, async (c) => {
      const { cycleId } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 200, schema: Items },
        ({ principal, country, intent }) =>
          bulkUpsertEntries(deps, principal, country, cycleId, body, intent),
      );
    })
    .openapi(scores, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getScores(deps, principal, country, cycleId), 200);
    });
}
