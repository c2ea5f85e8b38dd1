import type { OpenAPIHono } from "@hono/zod-openapi";
import { type AppDeps, type AppExtension, createApiApp } from "./api-app.js";
import type { WebConfig } from "./pages/session.js";
import type { AppEnv } from "./router.js";
import { exportRoutes } from "./routes/exports.js";
import { isWebPath, webRoutes } from "./web.js";

export { type AppDeps, type AppExtension, BODY_LIMIT_BYTES } from "./api-app.js";

/**
 * The whole product in one Hono app: the JSON API, the exports and imports, and (given a web config) the pages.
 * `npm start` and the tests serve this; on AWS the API's Lambda runs `createApiApp` alone and this runs in the web
 * Lambda, so that the API's cold start carries neither the pages nor the spreadsheet library.
 */
export function createApp(deps: AppDeps & { web?: WebConfig }): OpenAPIHono<AppEnv> {
  const extensions: AppExtension[] = [{ mount: (app) => app.route("/cycles", exportRoutes(deps)) }];
  const web = deps.web;
  if (web)
    extensions.unshift({
      ownsAuth: isWebPath,
      mount: (app) => app.route("/", webRoutes(deps, web, deps.logger)),
    });
  return createApiApp(deps, extensions);
}
