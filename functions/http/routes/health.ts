import { createRoute, z } from "@hono/zod-openapi";
import { json, newRouter } from "../router.js";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  summary: "Liveness: the API answers",
  security: [],
  responses: { 200: json(z.strictObject({ status: z.literal("ok") }), "The API is up") },
});

export const healthRoutes = newRouter().openapi(health, (c) => c.json({ status: "ok" as const }, 200));
