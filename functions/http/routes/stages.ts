import { createRoute, z } from "@hono/zod-openapi";
import { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import { DecideStageInput, decideStage, SubmitStageInput, submitStage } from "../../core/use-cases/stages.js";
import { StageView } from "../../core/views.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const StageParams = CycleParams.extend({ stage: StageName });
/** Named once, used by every route that answers with a stage. */
export const StageSchema = withOpenApi(StageView, "Stage");
const Result = z.strictObject({ stage: StageSchema }).openapi("StageActionResult");

const submit = createRoute({
  method: "post",
  path: "/{cycleId}/stages/{stage}/submit",
  tags: ["stages"],
  summary: "The coordinator submits a stage for the ministries' approval",
  security: secured,
  request: {
    params: StageParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(SubmitStageInput, "SubmitStageInput")),
  },
  responses: { 200: json(Result, "The submitted stage"), ...errors },
});

const decide = createRoute({
  method: "post",
  path: "/{cycleId}/stages/{stage}/decisions",
  tags: ["stages"],
  summary: "An approver records their ministry's decision: approve, or return with a reason",
  security: secured,
  request: {
    params: StageParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(DecideStageInput, "DecideStageInput")),
  },
  responses: { 200: json(Result, "The stage after the decision"), ...errors },
});

export function stageRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(submit, async (c) => {
      const { cycleId, stage } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 200, schema: Result },
        ({ principal, country, intent }) =>
          submitStage(deps, principal, country, cycleId, stage, body, intent),
      );
    })
    .openapi(decide, async (c) => {
      const { cycleId, stage } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 200, schema: Result },
        ({ principal, country, intent }) =>
          decideStage(deps, principal, country, cycleId, stage, body, intent),
      );
    });
}
