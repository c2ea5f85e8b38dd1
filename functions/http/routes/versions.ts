import { createRoute, z } from "@hono/zod-openapi";
import { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import { OpenAmendmentInput, openAmendment } from "../../core/versions/amend.js";
import { diffVersions, getVersion, listVersions } from "../../core/versions/read.js";
import { VersionDiff, VersionList, VersionView } from "../../core/versions/views.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";
import { StageSchema } from "./stages.js";

const StageParams = CycleParams.extend({ stage: StageName });
const VersionNumber = z.coerce
  .number()
  .int({ error: "must be a version number (1, 2, ...)" })
  .min(1, { error: "must be a version number (1, 2, ...)" })
  .openapi({ example: 1 });
const VersionParams = StageParams.extend({ number: VersionNumber });
const DiffParams = StageParams.extend({
  from: VersionNumber,
  to: z.union([z.literal("current"), VersionNumber]).openapi({
    description: "A version number, or `current` for the live content (not for donors)",
    example: 2,
  }),
});

const List = withOpenApi(VersionList, "StageVersionList");
const View = withOpenApi(VersionView, "StageVersion");
const Diff = withOpenApi(VersionDiff, "StageVersionDiff");
const AmendmentResult = z.strictObject({ stage: StageSchema }).openapi("AmendmentResult");
const readErrors = { 400: errors[400], 403: errors[403], 404: errors[404], ...authErrors } as const;

const list = createRoute({
  method: "get",
  path: "/{cycleId}/stages/{stage}/versions",
  tags: ["versions"],
  summary:
    "The approved versions of a stage, oldest first: when each was approved, by which decisions, and why amended",
  security: secured,
  request: { params: StageParams, query: TenantQuery },
  responses: { 200: json(List, "The stage's versions"), ...readErrors },
});

const get = createRoute({
  method: "get",
  path: "/{cycleId}/stages/{stage}/versions/{number}",
  tags: ["versions"],
  summary: "One approved version of a stage with its frozen content (read-only for ever)",
  security: secured,
  request: { params: VersionParams, query: TenantQuery },
  responses: { 200: json(View, "The version"), ...readErrors },
});

const diff = createRoute({
  method: "get",
  path: "/{cycleId}/stages/{stage}/versions/{from}/diff/{to}",
  tags: ["versions"],
  summary:
    "What was added, removed and changed (field by field) from one version to another, or to the live content (`current`)",
  security: secured,
  request: { params: DiffParams, query: TenantQuery },
  responses: { 200: json(Diff, "The difference, in item key order"), ...readErrors },
});

const amend = createRoute({
  method: "post",
  path: "/{cycleId}/stages/{stage}/amendments",
  tags: ["versions"],
  summary:
    "The coordinator reopens an approved stage to amend it: back to draft as the next version, to be submitted and approved again",
  security: secured,
  request: {
    params: StageParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(OpenAmendmentInput, "OpenAmendmentInput")),
  },
  responses: { 201: json(AmendmentResult, "The stage, in draft with its amendment"), ...errors },
});

export function versionRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(list, async (c) => {
      const principal = c.get("principal");
      const { cycleId, stage } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await listVersions(deps, principal, country, cycleId, stage), 200);
    })
    .openapi(get, async (c) => {
      const principal = c.get("principal");
      const { cycleId, stage, number } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getVersion(deps, principal, country, cycleId, stage, number), 200);
    })
    .openapi(diff, async (c) => {
      const principal = c.get("principal");
      const { cycleId, stage, from, to } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await diffVersions(deps, principal, country, cycleId, stage, from, to), 200);
    })
    .openapi(amend, async (c) => {
      const { cycleId, stage } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 201, schema: AmendmentResult },
        ({ principal, country, intent }) =>
          openAmendment(deps, principal, country, cycleId, stage, body, intent),
      );
    });
}
