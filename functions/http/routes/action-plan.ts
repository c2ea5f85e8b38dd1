import { createRoute, z } from "@hono/zod-openapi";
import { deletePlanItem, type PlanItemKind } from "../../core/action-plan/deletions.js";
import type { Target } from "../../core/action-plan/editing.js";
import {
  ActivityInput,
  ActivityUpdate,
  IndicatorInput,
  IndicatorUpdate,
  ItemId,
  ObjectiveInput,
  ObjectiveUpdate,
  SettingsInput,
} from "../../core/action-plan/inputs.js";
import {
  getPlan,
  saveActivity,
  saveIndicator,
  saveObjective,
  saveSettings,
} from "../../core/action-plan/use-cases.js";
import {
  ActivityView,
  IndicatorView,
  ObjectiveView,
  PlanView,
  SettingsView,
} from "../../core/action-plan/views.js";
import type { CoreDeps } from "../../core/changes.js";
import type { IdempotencyIntent } from "../../core/ports.js";
import type { Principal } from "../../core/principal.js";
import { IdempotencyHeaders, idempotent } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const Plan = withOpenApi(PlanView, "ActionPlan");
const Settings = withOpenApi(SettingsView, "PlanSettings");
const ItemParams = CycleParams.extend({ id: withOpenApi(ItemId, { example: "01JD4A1B2C3D4E5F6G7H8J9K0M" }) });
const DeleteQuery = TenantQuery.extend({
  expectedVersion: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ description: "The version you read: a stale one answers 409 with currentVersion" }),
});

const view = createRoute({
  method: "get",
  path: "/{cycleId}/plan",
  tags: ["action plan"],
  summary:
    "The whole action plan (settings, objectives with activities and indicators), what blocks submission " +
    "(errors) or deserves a look (warnings), and budget totals per currency. Never for donors.",
  security: secured,
  request: { params: CycleParams, query: TenantQuery },
  responses: {
    200: json(Plan, "The plan"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

const settings = createRoute({
  method: "put",
  path: "/{cycleId}/plan/settings",
  tags: ["action plan"],
  summary:
    "The coordinator replaces the plan settings: pillar justifications, population (SDG 16.2.2), suppression",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery,
    body: jsonBody(withOpenApi(SettingsInput, "PlanSettingsInput")),
  },
  responses: { 200: json(Settings, "The saved settings"), ...errors },
});

type Save<I, O> = (
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  target: Target,
  input: I,
  idempotency?: IdempotencyIntent,
) => Promise<O>;

/**
 * POST (create, 201, Idempotency-Key), PUT (replace at expectedVersion) and DELETE (?expectedVersion=, 204) for one
 * kind of plan item. The three kinds differ only in their schemas, their use case and who may write them.
 */
function itemRoutes<In extends z.ZodType, Out extends z.ZodType>(
  deps: CoreDeps,
  spec: {
    kind: PlanItemKind;
    segment: string;
    who: string;
    input: In;
    /** `input` plus the expectedVersion the writer read. */
    update: z.ZodType;
    output: Out;
    save: Save<z.output<In>, z.output<Out>>;
  },
) {
  const path = `/{cycleId}/plan/${spec.segment}`;
  // Widened to ZodType so that Hono can type the handlers of this generic factory; the bodies handed to the use
  // cases below were validated by exactly these schemas, which is what the casts from unknown rely on.
  const input: z.ZodType = spec.input;
  // Prefixed: other areas (monitoring, versions) have indicators and activities of their own in the document.
  const name = `Plan${spec.kind[0]?.toUpperCase()}${spec.kind.slice(1)}`;
  const output: z.ZodType = withOpenApi(spec.output, name);
  const create = createRoute({
    method: "post",
    path,
    tags: ["action plan"],
    summary: `Create a ${spec.kind} (${spec.who}); the server makes its id`,
    security: secured,
    request: {
      params: CycleParams,
      query: TenantQuery,
      headers: IdempotencyHeaders,
      body: jsonBody(withOpenApi(input, `${name}Input`)),
    },
    responses: { 201: json(output, `The new ${spec.kind}`), ...errors },
  });
  const replace = createRoute({
    method: "put",
    path: `${path}/{id}`,
    tags: ["action plan"],
    summary: `Replace a ${spec.kind} (${spec.who}) at the expectedVersion you read`,
    security: secured,
    request: {
      params: ItemParams,
      query: TenantQuery,
      body: jsonBody(withOpenApi(spec.update, `${name}Update`)),
    },
    responses: { 200: json(output, `The ${spec.kind} as saved`), ...errors },
  });
  const remove = createRoute({
    method: "delete",
    path: `${path}/{id}`,
    tags: ["action plan"],
    summary: `Delete a ${spec.kind} (${spec.who}); 409 naming what still refers to it`,
    security: secured,
    request: { params: ItemParams, query: DeleteQuery },
    responses: { 204: { description: "Deleted" }, ...errors },
  });

  return newRouter()
    .openapi(create, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      const body = c.req.valid("json") as z.output<In>;
      return idempotent(
        c,
        {
          store: deps.store,
          country,
          key: c.req.valid("header")["idempotency-key"],
          body,
          status: 201,
          schema: output,
        },
        (intent) => spec.save(deps, principal, country, cycleId, undefined, body, intent),
      );
    })
    .openapi(replace, async (c) => {
      const principal = c.get("principal");
      const { cycleId, id } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      // The use cases copy the fields they know, so expectedVersion never reaches the stored item.
      const body = c.req.valid("json") as z.output<In> & { expectedVersion: number };
      const target = { id, expectedVersion: body.expectedVersion };
      return c.json(await spec.save(deps, principal, country, cycleId, target, body), 200);
    })
    .openapi(remove, async (c) => {
      const principal = c.get("principal");
      const { cycleId, id } = c.req.valid("param");
      const { country: requested, expectedVersion } = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, requested, cycleId);
      await deletePlanItem(deps, principal, country, cycleId, spec.kind, id, expectedVersion);
      return c.body(null, 204);
    });
}

export function actionPlanRoutes(deps: CoreDeps) {
  const member = "the coordinator, or a member for an activity its agency leads";
  return newRouter()
    .openapi(view, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getPlan(deps, principal, country, cycleId), 200);
    })
    .openapi(settings, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await saveSettings(deps, principal, country, cycleId, c.req.valid("json")), 200);
    })
    .route(
      "/",
      itemRoutes(deps, {
        kind: "objective",
        segment: "objectives",
        who: "the coordinator",
        input: ObjectiveInput,
        update: ObjectiveUpdate,
        output: ObjectiveView,
        save: saveObjective,
      }),
    )
    .route(
      "/",
      itemRoutes(deps, {
        kind: "activity",
        segment: "activities",
        who: member,
        input: ActivityInput,
        update: ActivityUpdate,
        output: ActivityView,
        save: saveActivity,
      }),
    )
    .route(
      "/",
      itemRoutes(deps, {
        kind: "indicator",
        segment: "indicators",
        who: `${member}, attached to that activity`,
        input: IndicatorInput,
        update: IndicatorUpdate,
        output: IndicatorView,
        save: saveIndicator,
      }),
    );
}
