import { createRoute } from "@hono/zod-openapi";
import type { CoreDeps } from "../../core/changes.js";
import { Notification } from "../../core/notifications.js";
import { readInbox } from "../../core/use-cases/inbox.js";
import { authErrors, errors, json, newRouter, PageQuery, pageOf, secured, withOpenApi } from "../router.js";

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["inbox"],
  summary:
    "The caller's notifications, newest first: the coordinator's, a member's agency's or an approver's ministry's (stage opened, submitted, decided, report round opened, reminder, escalation)",
  security: secured,
  request: { query: PageQuery },
  responses: {
    200: json(pageOf(withOpenApi(Notification, "Notification")), "A page of notifications"),
    400: errors[400],
    403: errors[403],
    ...authErrors,
  },
});

export function inboxRoutes(deps: CoreDeps) {
  return newRouter().openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await readInbox(deps, c.get("principal"), { limit, ...(cursor ? { cursor } : {}) }), 200);
  });
}
