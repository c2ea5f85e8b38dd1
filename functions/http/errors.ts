import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { formatPath } from "../../frameworks/index.js";
import { ValidationError } from "../core/errors.js";

export type ErrorBody = { code: string; message: string; details: Record<string, unknown> };

export type Logger = {
  error(message: string, attributes: Record<string, unknown>): void;
};

export const consoleLogger: Logger = {
  error: (message, attributes) => console.error(JSON.stringify({ level: "ERROR", message, ...attributes })),
};

/** A JSON error response, for the places that answer before a route runs (auth, body limit, not found). */
export function errorResponse(
  status: ContentfulStatusCode,
  body: { code: string; message: string; details?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Response {
  const { code, message, details = {} } = body;
  return Response.json({ code, message, details } satisfies ErrorBody, { status, headers });
}

/** An HTTP-level failure carrying its JSON answer; the error handler returns it as is. */
export function httpError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): HTTPException {
  return new HTTPException(status, { message, res: errorResponse(status, { code, message }, headers) });
}

// Where a zod issue came from, in the words a client sees in the OpenAPI document.
const TARGET: Record<string, string> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

export type FieldIssue = { path: string; message: string };

/** Flattens zod issues to `body.entries[3].answer.severity: ...`; each unknown key becomes its own issue. */
export function fieldIssues(prefix: string, error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: formatPath([prefix, ...issue.path, key]),
        message: "is not a known field",
      }));
    }
    return [{ path: formatPath([prefix, ...issue.path]), message: issue.message }];
  });
}

export function invalidInput(prefix: string, error: z.ZodError): ValidationError {
  const issues = fieldIssues(prefix, error);
  return new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join("; "), { issues });
}

/** The OpenAPI routes' validation hook: a failed parse goes to the one error handler like any other error. */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: z.ZodError }),
): undefined {
  if (!result.success) throw invalidInput(TARGET[result.target] ?? result.target, result.error);
}

export type DomainErrorLike = Error & { code: string; details: Record<string, unknown> };

export function isDomainError(err: unknown): err is DomainErrorLike {
  if (!(err instanceof Error)) return false;
  const code: unknown = Reflect.get(err, "code");
  const details: unknown = Reflect.get(err, "details");
  return typeof code === "string" && typeof details === "object" && details !== null;
}

// Matched on `name`, not instanceof: the name survives bundling and duplicated module copies. The pages map
// errors with it too (pages/error-page.tsx), so a page and the API answer the same status for the same error.
export function statusOf(err: DomainErrorLike): ContentfulStatusCode | undefined {
  switch (err.name) {
    case "ValidationError":
      return 400;
    case "NotFoundError":
      return 404;
    case "ForbiddenError":
      return 403;
    case "VersionConflictError":
    case "StateConflictError":
    case "WorkflowTaskGoneError":
      return 409;
    case "RuleViolationError":
      return 422;
    case "IdempotencyError":
      return err.code === "idempotency_key_in_use" ? 409 : 422;
    case "ServiceUnavailableError":
      return 503;
    default:
      return undefined;
  }
}

function retryAfter(err: DomainErrorLike): string {
  const seconds = Reflect.get(err, "retryAfterSeconds");
  return String(typeof seconds === "number" && seconds > 0 ? Math.ceil(seconds) : 2);
}

// Hono's own HTTP errors (from its validator and the OpenAPI media-type gate) carry no JSON body; give them one.
function hostCode(err: HTTPException): string {
  if (err.status === 400 && /malformed json/i.test(err.message)) return "malformed_json";
  if (err.status === 415) return "unsupported_media_type";
  return err.status >= 500 ? "internal_error" : "bad_request";
}

export function onError(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof HTTPException) {
      if (err.res) return err.getResponse();
      const code = hostCode(err);
      const message =
        code === "malformed_json" ? "body: is not valid JSON" : err.message || "the request cannot be served";
      return c.json({ code, message, details: {} } satisfies ErrorBody, err.status);
    }
    const domain = isDomainError(err) ? err : undefined;
    const status = domain && statusOf(domain);
    if (domain && status) {
      if (status === 503) c.header("Retry-After", retryAfter(domain));
      return c.json(
        { code: domain.code, message: domain.message, details: domain.details } satisfies ErrorBody,
        status,
      );
    }
    logger.error("unhandled error", {
      requestId: requestIdOf(c),
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return c.json(
      {
        code: "internal_error",
        message: "the server failed to answer this request; it was logged",
        details: { requestId: requestIdOf(c) },
      } satisfies ErrorBody,
      500,
    );
  };
}

export const notFound: NotFoundHandler = (c) =>
  c.json(
    {
      code: "not_found",
      message: `no route for ${c.req.method} ${c.req.path}`,
      details: {},
    } satisfies ErrorBody,
    404,
  );

export function requestIdOf(c: Context): string | undefined {
  const id: unknown = c.get("requestId");
  return typeof id === "string" ? id : undefined;
}
