import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import type { CoreDeps } from "../core/changes.js";
import { consoleLogger, type Logger } from "./errors.js";
import { approvalPages } from "./pages/approvals.js";
import { assessmentPages } from "./pages/assessment.js";
import { auditPages } from "./pages/audit.js";
import { makeView, type PageDeps, paths, type WebEnv } from "./pages/context.js";
import { cyclePages } from "./pages/cycle.js";
import { donorPages } from "./pages/donor.js";
import { CsrfError, notFoundPage, pageErrorHandler } from "./pages/error-page.js";
import { takeFlash } from "./pages/flash.js";
import { homePages } from "./pages/home.js";
import { monitoringPages } from "./pages/monitoring.js";
import { monitoringReportPages } from "./pages/monitoring-report.js";
import { newCyclePages } from "./pages/new-cycle.js";
import { planPages } from "./pages/plan.js";
import { planSettingsPages } from "./pages/plan-settings.js";
import { printPages } from "./pages/print.js";
import { priorityPages } from "./pages/priorities.js";
import {
  checkCsrf,
  csrfTokenOf,
  LANG_COOKIE,
  readSession,
  sessionVerifier,
  type WebConfig,
} from "./pages/session.js";
import { signInRoutes } from "./pages/sign-in.js";
import { isLocale, localeOf } from "./pages/strings.js";
import { STYLESHEET, STYLESHEET_PATH } from "./pages/styles.js";
import { versionPages } from "./pages/versions.js";

/**
 * The web interface: server-rendered pages in the same Hono app as the API, under paths the API never uses
 * (WEB_PREFIXES). API Gateway lets these through without its JWT authorizer; the pages require the session cookie
 * instead (no session: redirected to /sign-in). Pages call the core use cases directly with the session's
 * principal, never the API over HTTP.
 *
 * Environment of the API Lambda for the Cognito sign-in (`webConfigFromEnv`); without WEB_COGNITO_DOMAIN the
 * pages are not served on AWS:
 * - WEB_COGNITO_DOMAIN    the hosted UI's base URL, https://<prefix>.auth.<region>.amazoncognito.com
 * - WEB_COGNITO_CLIENT_ID the app client id (the audience of its ID tokens)
 * - WEB_COGNITO_ISSUER    https://cognito-idp.<region>.amazonaws.com/<user pool id>
 * - WEB_CALLBACK_URL      optional; default <the API's origin>/auth/callback (must be one of the client's callback URLs)
 * - WEB_LOGOUT_URL        optional; default the callback URL (must be one of the client's logout URLs)
 * With the CDK app: deploy once, then add <ApiUrl>auth/callback to `-c ffa:callbackUrls=...` and deploy again.
 */
export const WEB_PREFIXES = ["/app", "/sign-in", "/sign-out", "/auth/", "/assets/"] as const;

export function isWebPath(path: string): boolean {
  return (
    path === "/" || WEB_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith("/") ? p : `${p}/`))
  );
}

/**
 * The page routers, mounted under /app in this order (the first route that matches answers: `/cycles/new` before
 * `/cycles/:cycleId`). Add yours here.
 */
const PAGE_ROUTERS: readonly ((deps: PageDeps) => Hono<WebEnv>)[] = [
  homePages,
  newCyclePages,
  cyclePages,
  assessmentPages,
  approvalPages,
  versionPages,
  auditPages,
  priorityPages,
  planPages,
  planSettingsPages,
  monitoringPages,
  monitoringReportPages,
  donorPages,
  printPages,
];

export function webConfigFromEnv(env: Record<string, string | undefined>): WebConfig | undefined {
  const domain = env.WEB_COGNITO_DOMAIN;
  const clientId = env.WEB_COGNITO_CLIENT_ID;
  const issuer = env.WEB_COGNITO_ISSUER;
  if (!domain || !clientId || !issuer) return undefined;
  return {
    mode: "cognito",
    hostedUiUrl: domain,
    clientId,
    issuer,
    ...(env.WEB_CALLBACK_URL ? { redirectUri: env.WEB_CALLBACK_URL } : {}),
    ...(env.WEB_LOGOUT_URL ? { logoutUri: env.WEB_LOGOUT_URL } : {}),
  };
}

function contentSecurityPolicy(config: WebConfig): string {
  // No inline script or style anywhere: the progress bars and charts are SVG attributes, not style="".
  const formTargets = config.mode === "cognito" ? ` ${new URL(config.hostedUiUrl).origin}` : "";
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    `form-action 'self'${formTargets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** The pages, as one router to mount at "/" of the app; every middleware is scoped to the web paths only. */
export function webRoutes(deps: CoreDeps, config: WebConfig, logger: Logger = consoleLogger): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  const verify = sessionVerifier(config);
  const csp = contentSecurityPolicy(config);
  const scopes = ["/", "/app", "/app/*", "/sign-in", "/sign-in/*", "/sign-out", "/auth/*"];

  for (const scope of scopes) {
    web.use(scope, async (c, next) => {
      const lang = c.req.query("lang");
      if (isLocale(lang)) {
        setCookie(c, LANG_COOKIE, lang, { path: "/", sameSite: "Lax", maxAge: 365 * 86_400 });
      }
      const locale = localeOf(lang, getCookie(c, LANG_COOKIE));
      const session = await readSession(c, verify);
      const url = new URL(c.req.url);
      c.set(
        "view",
        makeView(
          locale,
          `${url.pathname}${url.search}`,
          config.mode,
          session?.principal,
          session ? csrfTokenOf(session.token) : undefined,
          takeFlash(c, locale),
        ),
      );
      if (session) c.set("principal", session.principal);
      // Form posts must come from our own pages (Origin / Sec-Fetch-Site), and to /app with the session's token.
      if (c.req.method === "POST") {
        await csrf()(c, async () => {});
        if (c.req.path.startsWith("/app")) {
          if (!session) return c.redirect(`${paths.signIn()}?expired=1`, 303);
          const form = await c.req.parseBody();
          if (!checkCsrf(session.token, form._csrf)) throw new CsrfError("missing or wrong form token");
        }
      } else if (c.req.path.startsWith("/app") && !session) {
        return c.redirect(paths.signIn(`${url.pathname}${url.search}`), 303);
      }
      await next();
      c.res.headers.set("Content-Security-Policy", csp);
      c.res.headers.set("Cache-Control", "no-store");
      c.res.headers.set("Referrer-Policy", "same-origin");
    });
  }

  web.get("/", (c) => c.redirect(paths.home(), 303));
  web.get(STYLESHEET_PATH, (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8" });
  });
  web.route("/", signInRoutes(config, verify));
  for (const router of PAGE_ROUTERS) web.route("/app", router(deps));
  web.all("/app/*", notFoundPage);
  web.onError(pageErrorHandler(logger));
  return web;
}
