import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Principal } from "../core/principal.js";
import { validationHook } from "./errors.js";

/** What the middlewares put on the context for the route handlers. */
export type AppEnv = {
  Variables: { requestId: string; principal: Principal };
};

/** One router per resource, all sharing the validation hook, so every 400 reads the same. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const BEARER = "bearerAuth";
export const secured = [{ [BEARER]: [] }];

export const ErrorBody = z
  .object({
    code: z.string().openapi({ example: "invalid_input" }),
    message: z.string().openapi({ example: "body.title: Too small: expected string to have >=3 characters" }),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("Error");

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBody } },
});

/** The error answers a route can give, by status: listed in the document so clients know what to handle. */
export const errors = {
  400: error("Invalid input: the message names every bad field"),
  401: error("Missing, expired or invalid bearer token"),
  403: error("Authenticated, but this role, agency or ministry may not do this"),
  404: error("No such resource in the caller's country"),
  409: error("Stale version, conflicting state, or the workflow no longer waits"),
  413: error("Request body larger than 256 KB"),
  422: error("A business rule forbids this now, or an Idempotency-Key was reused with another body"),
  503: error("A backing service is unavailable; retry after the Retry-After seconds"),
} as const;

/** The errors every authenticated route can answer. */
export const authErrors = { 401: errors[401], 503: errors[503] } as const;

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body: an absent or non-JSON body is a client error, never silently `{}`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

/** A page of a listing; pass `cursor` back to get the next one, absent on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), cursor: z.string().optional() });
}

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: "1-100, default 50" }),
  cursor: z.string().min(1).max(2048).optional().openapi({ description: "From the previous page" }),
});

type OpenApiMetadata = { example?: unknown; description?: string };

/**
 * `schema.openapi(...)` that also works on the core's schemas: zod only grows `.openapi` on schemas built after
 * @hono/zod-openapi extended it, and the core (which must not import hono) may be loaded first.
 */
export function withOpenApi<T extends z.ZodType>(schema: T, nameOrMetadata: string | OpenApiMetadata): T {
  return z.ZodType.prototype.openapi.call(schema, nameOrMetadata as never) as T;
}
