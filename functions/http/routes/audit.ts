import { createRoute } from "@hono/zod-openapi";
import { AuditEvent } from "../../core/audit.js";
import type { CoreDeps } from "../../core/changes.js";
import { loadCycle } from "../../core/use-cases/load.js";
import { authErrors, errors, json, newRouter, PageQuery, pageOf, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const list = createRoute({
  method: "get",
  path: "/{cycleId}/audit",
  tags: ["audit"],
  summary: "The cycle's audit trail, oldest first: who changed what, when, before and after",
  security: secured,
  request: { params: CycleParams, query: PageQuery.extend(TenantQuery.shape) },
  responses: {
    200: json(pageOf(withOpenApi(AuditEvent, "AuditEvent")), "A page of audit events"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

export function auditRoutes(deps: CoreDeps) {
  return newRouter().openapi(list, async (c) => {
    const principal = c.get("principal");
    const { cycleId } = c.req.valid("param");
    const { limit, cursor, country: requested } = c.req.valid("query");
    const country = await cycleTenant(deps.store, principal, requested, cycleId);
    // The core has no audit use case yet; loadCycle is its one gate (tenant, role, existence) before any read.
    await loadCycle(deps, principal, country, cycleId, "audit.read");
    const page = await deps.store.listAudit(country, cycleId, { limit, ...(cursor ? { cursor } : {}) });
    return c.json(page, 200);
  });
}
