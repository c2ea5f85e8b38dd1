import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { consoleLogger, isDomainError, type Logger, requestIdOf, statusOf } from "../errors.js";
import { paths, type WebEnv } from "./context.js";
import { render } from "./layout.js";
import type { StringId } from "./strings.js";

/**
 * Errors on pages: the same domain errors and the same statuses as the API (errors.ts `statusOf`), rendered as a
 * page with a heading in the reader's language and the domain's own message. A cycle of another country is a 404
 * page that says no more than the API's 404 does.
 *
 * API: `pageErrorHandler(logger)` (installed by ../web.ts), `notFoundPage(c)`, `CsrfError` (throw it to refuse a
 * form whose token does not match).
 */
export class CsrfError extends Error {
  override readonly name = "CsrfError" as const;
}

const TITLE: Partial<Record<number, StringId>> = {
  400: "error.invalid",
  403: "error.forbidden",
  404: "error.not_found",
  409: "error.conflict",
  422: "error.rule",
  503: "error.unavailable",
};

export function notFoundPage(c: Context<WebEnv>): Response | Promise<Response> {
  return errorPage(c, 404, undefined);
}

function errorPage(c: Context<WebEnv>, status: ContentfulStatusCode, message: string | undefined) {
  const { t } = c.get("view");
  const title = t(TITLE[status] ?? "error.title");
  let body: string;
  switch (status) {
    case 404:
      body = t("error.not_found.body");
      break;
    case 403:
      body = message ? t("error.forbidden.body", { message }) : t("error.csrf");
      break;
    case 409:
      body = t("error.conflict.body", { message: message ?? "" });
      break;
    case 503:
      body = t("error.unavailable.body");
      break;
    case 500:
      body = t("error.internal", { requestId: requestIdOf(c) ?? "-" });
      break;
    default:
      body = message ?? "";
  }
  if (status === 503) c.header("Retry-After", "2");
  return render(c, {
    title,
    status,
    body: (
      <div class="stack">
        <h1>{title}</h1>
        <p data-testid="error-message">{body}</p>
        <p>
          <a href={paths.home()}>{t("error.goHome")}</a>
        </p>
      </div>
    ),
  });
}

export function pageErrorHandler(logger: Logger = consoleLogger): ErrorHandler<WebEnv> {
  return (err, c) => {
    if (err instanceof CsrfError) return errorPage(c, 403, undefined);
    if (err instanceof HTTPException) {
      // hono/csrf's refusal, or the body limit: the request did not come from one of our forms as it should.
      if (err.status === 403) return errorPage(c, 403, undefined);
      return errorPage(c, err.status as ContentfulStatusCode, err.message);
    }
    if (isDomainError(err)) {
      const status = statusOf(err);
      if (status) return errorPage(c, status, err.message);
    }
    logger.error("unhandled error on a page", {
      requestId: requestIdOf(c),
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return errorPage(c, 500, undefined);
  };
}
