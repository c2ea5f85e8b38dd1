import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { CoreDeps } from "../core/changes.js";
import type { Authenticator } from "./auth.js";
import { bodyLimit } from "./body-limit.js";
import { consoleLogger, errorResponse, type Logger, notFound, onError, validationHook } from "./errors.js";
import { docsRoutes, mountOpenApi, PUBLIC_PATHS } from "./openapi.js";
import type { AppEnv } from "./router.js";
import { actionPlanRoutes } from "./routes/action-plan.js";
import { assessmentRoutes } from "./routes/assessment.js";
import { auditRoutes } from "./routes/audit.js";
import { cycleRoutes } from "./routes/cycles.js";
import { donorRoutes } from "./routes/donors.js";
import { frameworkRoutes } from "./routes/frameworks.js";
import { healthRoutes } from "./routes/health.js";
import { inboxRoutes } from "./routes/inbox.js";
import { monitoringRoutes } from "./routes/monitoring.js";
import { priorityRoutes } from "./routes/priorities.js";
import { stageRoutes } from "./routes/stages.js";
import { versionRoutes } from "./routes/versions.js";

export const BODY_LIMIT_BYTES = 256 * 1024;

export type AppDeps = CoreDeps & {
  authenticate: Authenticator;
  /** Where the docs page loads Swagger UI's CSS and JS from; default `/docs/assets`, served by this app. */
  docsAssetsBaseUrl?: string;
  /** Browser origins allowed to call the API cross-origin; default none (same-origin only). */
  corsOrigins?: readonly string[];
  logger?: Logger;
};

/**
 * Routes added to the API by another module: the web pages and the exports (./app.ts). Kept out of this module so
 * that the API's Lambda bundle carries neither the pages nor the spreadsheet library.
 */
export type AppExtension = {
  /** Paths that authenticate on their own (the pages' session cookie) rather than with a bearer token. */
  ownsAuth?: (path: string) => boolean;
  mount(app: OpenAPIHono<AppEnv>): void;
};

function isPublic(path: string): boolean {
  return PUBLIC_PATHS.some((p) => path === p || (p === "/docs" && path.startsWith("/docs/")));
}

/** The JSON API: the same app runs behind API Gateway in Lambda and, with its extensions, locally. */
export function createApiApp(deps: AppDeps, extensions: readonly AppExtension[] = []): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const origins = new Set(deps.corsOrigins ?? []);

  app.use(requestId());
  app.use(async (c, next) => {
    await next();
    // Answers made before any route (401, 413) are responses of their own, without what c.header() set.
    c.res.headers.set("X-Request-Id", c.get("requestId"));
    // A country's data must not linger in a browser or proxy cache; pages and assets that may be cached say so.
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
  });
  // API answers are data, never pages: forbid everything unless a page (the docs) sets its own policy.
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
      overwrite: false,
    }),
  );
  if (origins.size > 0) {
    app.use(
      cors({
        origin: (origin) => (origins.has(origin) ? origin : null),
        allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
        exposeHeaders: ["X-Request-Id", "Idempotent-Replayed", "Retry-After"],
        allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        maxAge: 600,
      }),
    );
  }
  app.use(
    bodyLimit(BODY_LIMIT_BYTES, () =>
      errorResponse(413, {
        code: "payload_too_large",
        message: `body: larger than ${BODY_LIMIT_BYTES / 1024} KB; send large assessments in bulk requests of at most 50 entries`,
        details: { maxBytes: BODY_LIMIT_BYTES },
      }),
    ),
  );
  app.use(async (c, next) => {
    // Pages authenticate by their session cookie (./web.ts), not by a bearer token.
    const ownAuth = extensions.some((e) => e.ownsAuth?.(c.req.path));
    if (!isPublic(c.req.path) && !ownAuth) c.set("principal", await deps.authenticate(c));
    await next();
  });

  for (const extension of extensions) extension.mount(app);
  app.route("/", healthRoutes);
  app.route("/frameworks", frameworkRoutes);
  app.route("/cycles", cycleRoutes(deps));
  app.route("/cycles", assessmentRoutes(deps));
  app.route("/cycles", stageRoutes(deps));
  app.route("/cycles", versionRoutes(deps));
  app.route("/cycles", auditRoutes(deps));
  app.route("/cycles", actionPlanRoutes(deps));
  app.route("/cycles", priorityRoutes(deps));
  app.route("/", donorRoutes(deps));
  app.route("/cycles", monitoringRoutes(deps));
  app.route("/inbox", inboxRoutes(deps));
  app.route("/docs", docsRoutes(deps.docsAssetsBaseUrl));
  mountOpenApi(app);

  app.notFound(notFound);
  app.onError(onError(deps.logger ?? consoleLogger));
  return app;
}
