import { createRoute, z } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { addComment, CommentInput, CommentView, listComments } from "../../core/donors/comments.js";
import { cycleCommand, IdempotencyHeaders } from "../idempotency.js";
import { authErrors, errors, json, jsonBody, newRouter, secured, withOpenApi } from "../router.js";
import { cycleTenant, TenantQuery } from "../tenant.js";
import { CycleParams } from "./cycles.js";

const PeriodParams = CycleParams.extend({
  index: z.coerce
    .number()
    .int({ error: "must be a reporting period's index (0 for the first)" })
    .min(0, { error: "must be a reporting period's index (0 for the first)" })
    .max(239)
    .openapi({ example: 0, description: "The reporting period's index, 0 for the first" }),
});
const Comment = withOpenApi(CommentView, "Comment");
const Comments = z.strictObject({ items: z.array(Comment) }).openapi("CommentList");

const add = createRoute({
  method: "post",
  path: "/cycles/{cycleId}/periods/{index}/comments",
  tags: ["donors"],
  summary: "A donor of a shared cycle, or the coordinator, comments on a reporting period's progress",
  security: secured,
  request: {
    params: PeriodParams,
    query: TenantQuery,
    headers: IdempotencyHeaders,
    body: jsonBody(withOpenApi(CommentInput, "CommentInput")),
  },
  responses: { 201: json(Comment, "The comment"), ...errors },
});

const list = createRoute({
  method: "get",
  path: "/cycles/{cycleId}/periods/{index}/comments",
  tags: ["donors"],
  summary: "A reporting period's comments, oldest first (a donor reads the government's and its own)",
  security: secured,
  request: { params: PeriodParams, query: TenantQuery },
  responses: {
    200: json(Comments, "The comments"),
    400: errors[400],
    403: errors[403],
    404: errors[404],
    ...authErrors,
  },
});

export function commentRoutes(deps: CoreDeps) {
  return newRouter()
    .openapi(add, async (c) => {
      const { cycleId, index } = c.req.valid("param");
      const body = c.req.valid("json");
      return cycleCommand(
        c,
        deps.store,
        { cycleId, body },
        { status: 201, schema: CommentView },
        ({ principal, country, intent }) =>
          addComment(deps, principal, country, cycleId, index, body, intent),
      );
    })
    .openapi(list, async (c) => {
      const principal = c.get("principal");
      const { cycleId, index } = c.req.valid("param");
      const country = await cycleTenant(deps.store, principal, c.req.valid("query").country, cycleId);
      return c.json(await listComments(deps, principal, country, cycleId, index), 200);
    });
}
