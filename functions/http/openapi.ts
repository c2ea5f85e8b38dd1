import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import pkg from "../../package.json" with { type: "json" };
import { errorResponse } from "./errors.js";
import { type AppEnv, BEARER } from "./router.js";

export const API_TITLE = "ffa-planner API";
export const API_VERSION = pkg.version;
export const PUBLIC_PATHS = ["/health", "/openapi.json", "/docs"] as const;

/** Serves the OpenAPI 3.1 document generated from the routes' schemas, with the bearer scheme they require. */
export function mountOpenApi(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "An ID token of the Cognito user pool (locally: `npm run -s token -- <role> [COUNTRY] [org]`)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: API_TITLE,
      version: API_VERSION,
      description:
        "Leads a country's national working group through one planning cycle of the UNODC Framework for Action: " +
        "needs assessment, priorities, action plan, each approved by the ministries.",
    },
    servers: [{ url: "/" }],
  });
}

// Only these files leave the package directory: a request can never name an arbitrary path.
const ASSETS = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
]);

const assetCache = new Map<string, Promise<string>>();

function readAsset(file: string): Promise<string> {
  let content = assetCache.get(file);
  if (!content) {
    const dir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    content = readFile(join(dir, file), "utf8");
    assetCache.set(file, content);
    content.catch(() => assetCache.delete(file));
  }
  return content;
}

const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: true,
  });
});
`;

function page(assets: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${API_TITLE}</title>
    <link rel="stylesheet" href="${assets}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${assets}/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;
}

function contentSecurityPolicy(assets: string): string {
  // An absolute assets URL (e.g. a CloudFront path) must be allowed by origin; a relative one is 'self'.
  const origin = /^https?:\/\//.test(assets) ? ` ${new URL(assets).origin}` : "";
  return [
    "default-src 'none'",
    `script-src 'self'${origin}`,
    // Swagger UI sets inline style attributes on the elements it renders.
    `style-src 'self' 'unsafe-inline'${origin}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** `/docs`: Swagger UI from the swagger-ui-dist package, served by the app itself (no CDN: it may run offline). */
export function docsRoutes(assetsBaseUrl = "/docs/assets"): Hono<AppEnv> {
  const assets = assetsBaseUrl.replace(/\/+$/, "");
  const csp = contentSecurityPolicy(assets);
  const docs = new Hono<AppEnv>();
  docs.get("/", (c) => {
    c.header("Content-Security-Policy", csp);
    c.header("Cache-Control", "no-cache");
    return c.html(page(assets));
  });
  docs.get("/init.js", (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    return c.body(INIT_SCRIPT);
  });
  docs.get("/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = ASSETS.get(file);
    if (!type) {
      return errorResponse(404, { code: "not_found", message: `no docs asset named ${file}` });
    }
    c.header("Content-Type", type);
    // Versioned by the package: a day is safe, and the page itself is never cached.
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(await readAsset(file));
  });
  return docs;
}
