import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { OrgSlug, Principal, Role } from "../../core/principal.js";
import { Button, ErrorSummary, Field, type FieldErrors, Flash, PostForm } from "./components.js";
import { paths, type View, type WebEnv } from "./context.js";
import { CsrfError } from "./error-page.js";
import { render } from "./layout.js";
import { authorizationRequest, completeSignIn, logoutUrl, PendingSignIn, SignInError } from "./oidc.js";
import {
  checkCsrf,
  endSession,
  isSecure,
  type LocalWebConfig,
  OIDC_COOKIE,
  type PersonaRequest,
  SESSION_COOKIE,
  type SessionVerifier,
  startSession,
  type WebConfig,
} from "./session.js";

/**
 * `/sign-in`, `/sign-out` and `/auth/callback`. Locally (`mode: "local"`) a persona chooser mints a dev-issuer token;
 * on AWS (`mode: "cognito"`) the Cognito hosted UI signs people in (./oidc.ts). Both end with the ID token in the
 * session cookie (./session.ts).
 */

/** One-click personas for demos and tests: the working group of the README's walk-through. */
export const PRESETS = {
  "coordinator-ken": { role: "coordinator", country: "KEN", name: "Amina Otieno" },
  "member-ken-police": { role: "member", country: "KEN", agency: "national-police", name: "Peter Mwangi" },
  "approver-ken-justice": {
    role: "approver",
    country: "KEN",
    ministry: "ministry-of-justice",
    name: "John Kamau",
  },
  "approver-ken-interior": {
    role: "approver",
    country: "KEN",
    ministry: "ministry-of-interior",
    name: "Grace Wanjiru",
  },
  "donor-eu": { role: "donor", organisation: "eu-delegation", name: "Sofia Rossi" },
} as const satisfies Record<string, PersonaRequest>;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const PersonaForm = z.object({
  role: Role,
  name: optional(z.string().trim().max(200)),
  country: optional(
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, { error: "must be three letters, like KEN" }),
  ),
  agency: optional(OrgSlug),
  ministry: optional(OrgSlug),
  organisation: optional(OrgSlug),
});

/** Only a path of this site: never an absolute URL or `//host`, so a sign-in link cannot send people elsewhere. */
export function safeNext(next: string | undefined): string {
  return next?.startsWith("/app") && !next.startsWith("//") ? next : paths.home();
}

export function signInRoutes(config: WebConfig, verify: SessionVerifier) {
  const router = new Hono<WebEnv>();

  router.get("/sign-in", async (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.get("view").principal) return c.redirect(next, 303);
    if (config.mode === "local") return chooser(c, next, {});
    const notice = c.req.query("signed_out")
      ? "signIn.signedOut"
      : c.req.query("expired")
        ? "signIn.expired"
        : "";
    if (notice) return cognitoPage(c, next, notice);
    return startCognito(c, config, next);
  });

  router.get("/sign-in/start", (c) => {
    if (config.mode !== "cognito") return c.redirect(paths.signIn(), 303);
    return startCognito(c, config, safeNext(c.req.query("next")));
  });

  router.post("/sign-in", async (c) => {
    if (config.mode !== "local") return c.redirect(paths.signIn(), 303);
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === "string" ? form.next : undefined);
    const preset = typeof form.preset === "string" ? form.preset : "";
    const persona = preset in PRESETS ? PRESETS[preset as keyof typeof PRESETS] : undefined;
    const chosen = persona ? { success: true as const, data: persona } : parsePersona(form);
    if (!chosen.success) return chooser(c, next, chosen.errors, form);
    await signInLocally(c, config, chosen.data);
    return c.redirect(next, 303);
  });

  router.get("/auth/callback", async (c) => {
    if (config.mode !== "cognito") return c.redirect(paths.signIn(), 303);
    const { code, state, error } = c.req.query();
    // The hosted UI's logout comes back here with nothing: the person is signed out.
    if (!code && !state && !error) return c.redirect(`${paths.signIn()}?signed_out=1`, 303);
    const raw = getCookie(c, OIDC_COOKIE);
    deleteCookie(c, OIDC_COOKIE, { path: "/auth/callback", secure: isSecure(c) });
    const pending = raw
      ? PendingSignIn.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString()))
      : undefined;
    try {
      const done = await completeSignIn(
        config,
        verify,
        new URL(c.req.url).origin,
        { code, state, error },
        pending?.success ? pending.data : undefined,
      );
      startSession(c, done.token, done.expiresAt);
      return c.redirect(safeNext(done.next), 303);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      return cognitoPage(c, paths.home(), "", error.message, 400);
    }
  });

  router.post("/sign-out", async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    const form = await c.req.parseBody();
    if (session && !checkCsrf(session, form._csrf))
      throw new CsrfError("sign-out without a valid form token");
    endSession(c);
    if (config.mode === "cognito") return c.redirect(logoutUrl(config, new URL(c.req.url).origin), 303);
    return c.redirect(`${paths.signIn()}?signed_out=1`, 303);
  });

  return router;
}

async function signInLocally(c: Context, config: LocalWebConfig, persona: PersonaRequest): Promise<void> {
  const ttl = 8 * 60 * 60;
  const token = await config.issuer.mint(persona, ttl);
  startSession(c, token, Math.floor(Date.now() / 1000) + ttl);
}

function parsePersona(
  form: Record<string, unknown>,
): { success: true; data: PersonaRequest } | { success: false; errors: FieldErrors } {
  const parsed = PersonaForm.safeParse(form);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "role")] ??= issue.message;
    return { success: false, errors };
  }
  // The same rules as a token's (a member needs an agency, ...), checked before anything is minted.
  const principal = Principal.safeParse({ sub: "dev-chooser", ...parsed.data });
  if (!principal.success) {
    for (const issue of principal.error.issues) errors[String(issue.path[0] ?? "role")] ??= issue.message;
    return { success: false, errors };
  }
  return { success: true, data: parsed.data };
}

function startCognito(c: Context<WebEnv>, config: Extract<WebConfig, { mode: "cognito" }>, next: string) {
  const { location, pending } = authorizationRequest(config, new URL(c.req.url).origin, next);
  setCookie(c, OIDC_COOKIE, Buffer.from(JSON.stringify(pending)).toString("base64url"), {
    path: "/auth/callback",
    httpOnly: true,
    secure: isSecure(c),
    sameSite: "Lax",
    maxAge: 600,
  });
  return c.redirect(location, 302);
}

function cognitoPage(
  c: Context<WebEnv>,
  next: string,
  notice: "" | "signIn.signedOut" | "signIn.expired",
  failure?: string,
  status: 200 | 400 = 200,
) {
  const { t } = c.get("view");
  return render(c, {
    title: t("signIn.title"),
    status,
    body: (
      <div class="stack">
        <h1>{t("signIn.title")}</h1>
        {notice ? <Flash tone="info">{t(notice)}</Flash> : null}
        {failure ? <Flash tone="danger">{t("signIn.failed", { message: failure })}</Flash> : null}
        <p>
          <a class="button" href={`/sign-in/start?next=${encodeURIComponent(next)}`}>
            {t("signIn.cognito")}
          </a>
        </p>
      </div>
    ),
  });
}

function chooser(c: Context<WebEnv>, next: string, errors: FieldErrors, form: Record<string, unknown> = {}) {
  const view = c.get("view");
  const { t } = view;
  const value = (name: string) => (typeof form[name] === "string" ? String(form[name]) : undefined);
  const notice = c.req.query("signed_out")
    ? "signIn.signedOut"
    : c.req.query("expired")
      ? "signIn.expired"
      : "";
  return render(c, {
    title: t("signIn.title"),
    status: Object.keys(errors).length > 0 ? 400 : 200,
    body: (
      <div class="stack">
        <h1>{t("signIn.title")}</h1>
        {notice ? <Flash tone="info">{t(notice)}</Flash> : null}
        <p>{t("signIn.intro")}</p>
        <p class="muted">{t("signIn.localOnly")}</p>
        <ErrorSummary view={view} errors={errors} />
        <section aria-labelledby="presets-heading" class="card">
          <h2 id="presets-heading">{t("signIn.presets")}</h2>
          <PostForm view={view} action={paths.signIn()} class="cluster">
            <input type="hidden" name="next" value={next} />
            {Object.entries(PRESETS).map(([id, p]) => (
              <Button name="preset" value={id} variant="secondary">
                {t("signIn.as", { who: presetLabel(view, p) })}
              </Button>
            ))}
          </PostForm>
        </section>
        <section aria-labelledby="custom-heading" class="card">
          <h2 id="custom-heading">{t("signIn.custom")}</h2>
          <PostForm view={view} action={paths.signIn()} novalidate>
            <input type="hidden" name="next" value={next} />
            <Field
              view={view}
              name="role"
              label={t("signIn.role")}
              type="select"
              value={value("role") ?? "coordinator"}
              options={Role.options.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              error={errors.role}
              required
            />
            <Field
              view={view}
              name="name"
              label={t("signIn.name")}
              value={value("name")}
              error={errors.name}
            />
            <Field
              view={view}
              name="country"
              label={t("signIn.country")}
              value={value("country") ?? "KEN"}
              error={errors.country}
              maxlength={3}
            />
            <Field
              view={view}
              name="agency"
              label={t("signIn.agency")}
              value={value("agency")}
              error={errors.agency}
            />
            <Field
              view={view}
              name="ministry"
              label={t("signIn.ministry")}
              value={value("ministry")}
              error={errors.ministry}
            />
            <Field
              view={view}
              name="organisation"
              label={t("signIn.organisation")}
              value={value("organisation")}
              error={errors.organisation}
            />
            <Button>{t("signIn.submit")}</Button>
          </PostForm>
        </section>
      </div>
    ),
  });
}

function presetLabel(view: View, p: PersonaRequest): string {
  const where = [p.agency ?? p.ministry ?? p.organisation, p.country].filter(Boolean).join(", ");
  return `${p.name ?? ""} · ${view.t(`role.${p.role}`)}${where ? ` (${where})` : ""}`;
}
