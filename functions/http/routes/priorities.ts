import { createRoute } from "@hono/zod-openapi";
import { MeasureId } from "../../core/assessment.js";
import type { CoreDeps } from "../../core/changes.js";
import {
  AddCandidateInput,
  DecideCandidateInput,
  PriorityFilter,
  RateCandidateInput,
  UpdateCriteriaInput,
} from "../../core/priorities/inputs.js";
import { getPriorities, getPriority } from "../../core/priorities/read.js";
import {
  addCandidate,
  decideCandidate,
  rateCandidate,
  updateCriteria,
} from "../../core/priorities/use-cases.js";
import { CriteriaView, PrioritiesView, PriorityView } from "../../core/priorities/views.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const Candidate = withOpenApi(PriorityView, "PriorityCandidate");
const List = withOpenApi(PrioritiesView, "Priorities");
const Criteria = withOpenApi(CriteriaView, "PriorityCriteria");
const CandidateParams = CycleParams.extend({
  measureId: withOpenApi(MeasureId, { example: "TIP.PROS.1.1" }),
});
const readErrors = { 400: errors[400], 403: errors[403], 404: errors[404], ...authErrors };

const list = createRoute({
  method: "get",
  path: "/{cycleId}/priorities",
  tags: ["priorities"],
  summary:
    "The ranked candidates (unmet treaty obligations first, then by score), the criteria and the counts",
  security: secured,
  request: { params: CycleParams, query: PriorityFilter.extend(TenantQuery.shape) },
  responses: { 200: json(List, "The priorities"), ...readErrors },
});

const one = createRoute({
  method: "get",
  path: "/{cycleId}/priorities/{measureId}",
  tags: ["priorities"],
  summary: "One candidate with its score, rank, flags and decision",
  security: secured,
  request: { params: CandidateParams, query: TenantQuery },
  responses: { 200: json(Candidate, "The candidate"), ...readErrors },
});

const criteria = createRoute({
  method: "put",
  path: "/{cycleId}/priorities/criteria",
  tags: ["priorities"],
  summary: "The coordinator sets the scoring criteria and weights (ids unique, at least one weight above 0)",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery,
    body: jsonBody(withOpenApi(UpdateCriteriaInput, "UpdateCriteriaInput")),
  },
  responses: { 200: json(Criteria, "The criteria now in force"), ...errors },
});

const rate = createRoute({
  method: "put",
  path: "/{cycleId}/priorities/{measureId}/ratings",
  tags: ["priorities"],
  summary:
    "The coordinator rates a candidate 1-3 on each rating criterion (the whole set; omitted = unrated)",
  security: secured,
  request: {
    params: CandidateParams,
    query: TenantQuery,
    body: jsonBody(withOpenApi(RateCandidateInput, "RateCandidateInput")),
  },
  responses: { 200: json(Candidate, "The candidate, re-scored and re-ranked"), ...errors },
});

const decide = createRoute({
  method: "post",
  path: "/{cycleId}/priorities/{measureId}/decision",
  tags: ["priorities"],
  summary:
    "The coordinator accepts, defers or rejects a candidate with a reason; changing it needs expectedVersion",
  security: secured,
  request: {
    params: CandidateParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(DecideCandidateInput, "DecideCandidateInput")),
  },
  responses: { 200: json(Candidate, "The candidate with its decision"), ...errors },
});

const add = createRoute({
  method: "post",
  path: "/{cycleId}/priorities",
  tags: ["priorities"],
  summary:
    "The coordinator adds a candidate for a measure of the cycle that the assessment did not mark as a gap",
  security: secured,
  request: {
    params: CycleParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(AddCandidateInput, "AddCandidateInput")),
  },
  responses: { 201: json(Candidate, "The new candidate"), ...errors },
});

export function priorityRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(list, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const { country: requested, ...filter } = c.req.valid("query");
      const country = await cycleTenant(deps.store, principal, requested, cycleId);
      return c.json(await getPriorities(deps, principal, country, cycleId, filter), 200);
    })
    .openapi(criteria, async (c) => {
      const principal = c.get("principal");
      const { cycleId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await updateCriteria(deps, principal, country, cycleId, c.req.valid("json")), 200);
    })
    .openapi(one, async (c) => {
      const principal = c.get("principal");
      const { cycleId, measureId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await getPriority(deps, principal, country, cycleId, measureId), 200);
    })
    .openapi(rate, async (c) => {
      const principal = c.get("principal");
      const { cycleId, measureId } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      const body = c.req.valid("json");
      return c.json(await rateCandidate(deps, principal, country, cycleId, measureId, body), 200);
    })
    .openapi(decide, async (c) => {
      const { cycleId, measureId } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 200, schema: Candidate },
        ({ principal, country, intent }) =>
          decideCandidate(deps, principal, country, cycleId, measureId, body, intent),
      );
    })
    .openapi(add, async (c) => {
      const { cycleId } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 201, schema: Candidate },
        ({ principal, country, intent }) => addCandidate(deps, principal, country, cycleId, body, intent),
      );
    });
}
