import { createRoute, z } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { listSharedCycles } from "../../core/donors/donor-cycles.js";
import { DonorCycleSummary } from "../../core/donors/donor-views.js";
import { listShares, ShareInput, ShareView, shareCycle, unshareCycle } from "../../core/donors/shares.js";
import { OrgSlug } from "../../core/principal.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
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
import { CycleParams } from "./cycles.js";

const Share = withOpenApi(ShareView, "Share");
const Shares = z.strictObject({ items: z.array(Share) }).openapi("ShareList");
const ShareParams = CycleParams.extend({
  organisation: withOpenApi(OrgSlug, { example: "giz" }),
});

const share = createRoute({
  method: "post",
  path: "/cycles/{cycleId}/shares",
  tags: ["donors"],
  summary: "The coordinator shares the cycle with a donor organisation: it may then read what was approved",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(ShareInput, "ShareInput")),
  },
  responses: { 201: json(Share, "The share"), ...errors },
});

const unshare = createRoute({
  method: "delete",
  path: "/cycles/{cycleId}/shares/{organisation}",
  tags: ["donors"],
  summary: "The coordinator stops sharing the cycle with a donor organisation; its access ends at once",
  security: secured,
  request: { params: ShareParams, query: TenantQuery },
  responses: {
    204: { description: "No longer shared" },
    400: errors[400],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    ...authErrors,
  },
});

const list = createRoute({
  method: "get",
  path: "/cycles/{cycleId}/shares",
  tags: ["donors"],
  summary: "The donor organisations the cycle is shared with (government roles)",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: {
    200: json(Shares, "The shares"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

const shared = createRoute({
  method: "get",
  path: "/shared/cycles",
  tags: ["donors"],
  summary: "For a donor: the cycles shared with its organisation, across countries (a summary of each)",
  security: secured,
  request: { query: PageQuery },
  responses: {
    200: json(pageOf(withOpenApi(DonorCycleSummary, "DonorCycleSummary")), "A page of shared cycles"),
    400: errors[400],
    403: errors[403],
    ...authErrors,
  },
});

export function shareRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(share, async (c) => {
      const { cycleId } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 201, schema: ShareView },
        ({ principal, country, intent }) => shareCycle(deps, principal, country, cycleId, body, intent),
      );
    })
    .openapi(unshare, async (c) => {
      const principal = c.get("principal");
      const { cycleId, organisation } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      await unshareCycle(deps, principal, country, cycleId, organisation);
      return c.body(null, 204);
    })
    .openapi(list, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await listShares(deps, principal, country, cycleId), 200);
    })
    .openapi(shared, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const page = await listSharedCycles(deps, c.get("principal"), { limit, ...(cursor ? { cursor } : {}) });
      return c.json(page, 200);
    });
}
