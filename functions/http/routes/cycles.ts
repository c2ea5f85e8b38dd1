import { createRoute, z } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { CycleId } from "../../core/cycle.js";
import { DonorCycleSummary, DonorCycleView } from "../../core/donors/donor-views.js";
import { CreateCycleInput, createCycle, getCycle, listCycles } from "../../core/use-cases/cycles.js";
import { CycleSummary, CycleView } from "../../core/views.js";
import { IdempotencyHeaders, idempotent } from "../idempotency.js";
import {
  authErrors,
  errors,
  json,
  jsonBody,
  newRouter,
  PageQuery,
  pageOf,
  secured,
  withOpenApi,
} from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";

export const CycleParams = z.strictObject({
  cycleId: withOpenApi(CycleId, { example: "01JD3ZQ7X4B8N6T2W5Y9C0E1F3" }),
});
const CycleViewSchema = withOpenApi(CycleView, "CycleView");
// A donor's token gets the donor's picture of a cycle: what was approved and where it stands, nothing more.
const DonorCycleViewSchema = withOpenApi(DonorCycleView, "DonorCycleView");
const DonorCycleSummarySchema = withOpenApi(DonorCycleSummary, "DonorCycleSummary");

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["cycles"],
  summary: "Open a planning cycle for the coordinator's country; its needs assessment opens at once",
  security: secured,
  request: { headers: IdempotencyHeaders, body: jsonBody(withOpenApi(CreateCycleInput, "CreateCycleInput")) },
  responses: {
    201: json(CycleViewSchema, "The new cycle"),
    400: errors[400],
    403: errors[403],
    409: errors[409],
    413: errors[413],
    422: errors[422],
    ...authErrors,
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["cycles"],
  summary: "The cycles of the caller's country, newest first (for a donor: the cycles shared with it)",
  security: secured,
  request: { query: PageQuery.extend(TenantQuery.shape) },
  responses: {
    200: json(
      pageOf(z.union([withOpenApi(CycleSummary, "CycleSummary"), DonorCycleSummarySchema])),
      "A page of cycles",
    ),
    400: errors[400],
    403: errors[403],
    ...authErrors,
  },
});

const get = createRoute({
  method: "get",
  path: "/{cycleId}",
  tags: ["cycles"],
  summary:
    "A cycle with its stages: their state, who must still sign, deadlines (for a donor: approved versions only)",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: {
    200: json(z.union([CycleViewSchema, DonorCycleViewSchema]), "The cycle"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

export function cycleRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(create, (c) => {
      const principal = c.get("principal");
      const body = c.req.valid("json");
      return idempotent(
        c,
        {
          store: deps.store,
          country: principal.country,
          key: c.req.valid("header")["idempotency-key"],
          body,
          status: 201,
          schema: CycleView,
        },
        (intent) => createCycle(deps, principal, body, intent),
      );
    })
    .openapi(list, async (c) => {
      const { limit, cursor, country } = c.req.valid("query");
      const page = await listCycles(
        deps,
        c.get("principal"),
        { country },
        { limit, ...(cursor ? { cursor } : {}) },
      );
      return c.json(page, 200);
    })
    .openapi(get, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getCycle(deps, principal, country, cycleId), 200);
    });
}
