import { createRoute } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { getSummary, SummaryView } from "../../core/donors/closing.js";
import { SuccessorInput, SuccessorResult, startSuccessor } from "../../core/donors/successor.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const Summary = withOpenApi(SummaryView, "FinalSummary");
const Successor = withOpenApi(SuccessorResult, "SuccessorResult");

const summary = createRoute({
  method: "get",
  path: "/cycles/{cycleId}/summary",
  tags: ["closing"],
  summary:
    "The final summary a closed cycle ended with: activities, budget planned vs spent, indicators met, missing reports",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: {
    200: json(Summary, "The final summary"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

const successor = createRoute({
  method: "post",
  path: "/cycles/{cycleId}/successor",
  tags: ["closing"],
  summary:
    "The coordinator starts the next cycle from a closed one: its answers copied for re-verification, its unmet priorities carried over",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(SuccessorInput, "SuccessorInput")),
  },
  responses: { 201: json(Successor, "The new cycle and what it took over"), ...errors },
});

export function closingRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(summary, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getSummary(deps, principal, country, cycleId), 200);
    })
    .openapi(successor, async (c) => {
      const { cycleId } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 201, schema: SuccessorResult },
        ({ principal, country, intent }) => startSuccessor(deps, principal, country, cycleId, body, intent),
      );
    });
}
