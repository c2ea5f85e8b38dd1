import type { Context } from "hono";
import type { StageName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import type { Principal } from "../../core/principal.js";
import { cycleTenant } from "../tenant.js";
import { dirOf, type Locale, type Params, type StringId, t } from "./strings.js";

/**
 * What every page handler has on its context (`c.get("view")`, `c.get("principal")`), set by the middlewares in
 * ../web.ts. Pages under `/app` always have a principal (no session: redirected to /sign-in before the handler).
 *
 * API (for page authors):
 * - `WebEnv`: the Hono env of page routers: `new Hono<WebEnv>()`.
 * - `View`: locale, direction, `t` bound to the locale, the principal, the CSRF token for forms, the current URL.
 * - `paths`: every page URL, built in one place; use these instead of writing URLs.
 * - `countryOf(c, deps, cycleId)`: the country a cycle page acts in (the API's rule: own country; donors through a
 *   share; admins by `?country=`), so that another country's id is a 404 like in the API.
 */
export type View = {
  locale: Locale;
  dir: "ltr" | "rtl";
  t: (id: StringId, params?: Params) => string;
  principal: Principal | undefined;
  /** The hidden `_csrf` field value every POST form must carry; undefined before sign-in. */
  csrf: string | undefined;
  /** Path and query of this request, for links that keep the page (language switch, sign-in return). */
  url: string;
  mode: WebMode;
  /** A one-time message left by the previous request (a redirect after a POST), shown at the top of the page. */
  flash: Flash | undefined;
};

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";
export type Flash = { tone: Tone; text: string };

export type WebMode = "local" | "cognito";

export type WebEnv = {
  Variables: { view: View; principal: Principal; requestId: string };
};

export type PageDeps = CoreDeps;

export function makeView(
  locale: Locale,
  url: string,
  mode: WebMode,
  principal?: Principal,
  csrf?: string,
  flash?: Flash,
): View {
  return {
    locale,
    dir: dirOf(locale),
    t: (id, params) => t(locale, id, params),
    principal,
    csrf,
    url,
    mode,
    flash,
  };
}

const enc = encodeURIComponent;

/** Every page URL. Pages live under /app so they never collide with the JSON API's paths. */
export const paths = {
  signIn: (next?: string) => (next ? `/sign-in?next=${enc(next)}` : "/sign-in"),
  signOut: () => "/sign-out",
  authCallback: () => "/auth/callback",
  home: () => "/app",
  newCycle: () => "/app/cycles/new",
  approvals: () => "/app/approvals",
  cycle: (cycleId: string) => `/app/cycles/${enc(cycleId)}`,
  assessment: (cycleId: string, filter: Record<string, string | undefined> = {}) => {
    const query = new URLSearchParams(
      Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])),
    ).toString();
    return `/app/cycles/${enc(cycleId)}/assessment${query ? `?${query}` : ""}`;
  },
  measure: (cycleId: string, measureId: string) => `/app/cycles/${enc(cycleId)}/assessment/${enc(measureId)}`,
  submitStage: (cycleId: string, stage: StageName) => `/app/cycles/${enc(cycleId)}/stages/${stage}/submit`,
  review: (cycleId: string, stage: StageName) => `/app/cycles/${enc(cycleId)}/stages/${stage}/review`,
  decide: (cycleId: string, stage: StageName) => `/app/cycles/${enc(cycleId)}/stages/${stage}/decision`,
  versions: (cycleId: string, stage: StageName) => `/app/cycles/${enc(cycleId)}/stages/${stage}/versions`,
  version: (cycleId: string, stage: StageName, n: number) =>
    `/app/cycles/${enc(cycleId)}/stages/${stage}/versions/${n}`,
  audit: (cycleId: string, cursor?: string) =>
    `/app/cycles/${enc(cycleId)}/audit${cursor ? `?cursor=${enc(cursor)}` : ""}`,
  // Built by the priorities, plan, monitoring and donor pages.
  priorities: (cycleId: string) => `/app/cycles/${enc(cycleId)}/priorities`,
  plan: (cycleId: string) => `/app/cycles/${enc(cycleId)}/plan`,
  planPrint: (cycleId: string) => `/app/cycles/${enc(cycleId)}/plan/print`,
  monitoring: (cycleId: string) => `/app/cycles/${enc(cycleId)}/monitoring`,
  donor: (cycleId: string) => `/app/cycles/${enc(cycleId)}/donor`,
  priority: (cycleId: string, measureId: string) =>
    `/app/cycles/${enc(cycleId)}/priorities/${enc(measureId)}`,
  priorityCriteria: (cycleId: string) => `/app/cycles/${enc(cycleId)}/priorities/criteria`,
  priorityCandidates: (cycleId: string) => `/app/cycles/${enc(cycleId)}/priorities/candidates`,
  /** An objective, activity or indicator of the plan: its edit page, or `new` for the creation form. */
  planItem: (cycleId: string, kind: "objective" | "activity" | "indicator", id = "new", query = "") =>
    `/app/cycles/${enc(cycleId)}/plan/${kind}/${enc(id)}${query ? `?${query}` : ""}`,
  planItemDelete: (cycleId: string, kind: "objective" | "activity" | "indicator", id: string) =>
    `/app/cycles/${enc(cycleId)}/plan/${kind}/${enc(id)}/delete`,
  planSettings: (cycleId: string) => `/app/cycles/${enc(cycleId)}/plan/settings`,
  period: (cycleId: string, index: number) => `/app/cycles/${enc(cycleId)}/monitoring/periods/${index}`,
  periodReport: (cycleId: string, index: number, agency?: string) =>
    `/app/cycles/${enc(cycleId)}/monitoring/periods/${index}/report${agency ? `?agency=${enc(agency)}` : ""}`,
  periodComments: (cycleId: string, index: number) =>
    `/app/cycles/${enc(cycleId)}/monitoring/periods/${index}/comments`,
  donorPeriod: (cycleId: string, index: number) => `/app/cycles/${enc(cycleId)}/donor/periods/${index}`,
  donorComments: (cycleId: string, index: number) =>
    `/app/cycles/${enc(cycleId)}/donor/periods/${index}/comments`,
} as const;

/** The country a cycle page acts in, by the same rule as the API (404 for another country's cycle). */
export function countryOf(
  c: Context<WebEnv>,
  deps: Pick<PageDeps, "store">,
  cycleId: string,
): Promise<string> {
  return cycleTenant(deps.store, c.get("principal"), c.req.query("country"), cycleId);
}
