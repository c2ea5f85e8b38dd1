import type { Context } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Principal } from "../../core/principal.js";
import type { View, WebEnv } from "./context.js";
import { paths } from "./context.js";
import { LOCALE_NAMES, LOCALES, type StringId } from "./strings.js";
import { STYLESHEET_PATH } from "./styles.js";

/**
 * The HTML shell of every page. API (for page authors):
 * - `render(c, { title, body, status?, nav? })`: answers the page inside the shell: `lang`/`dir` from the locale,
 *   skip link, header with the signed-in persona and sign-out, navigation by role, `<main id="main">`, footer.
 *   `nav` is the id of the main navigation entry to mark as current ("home", "approvals", ...).
 * - `Layout`: the same shell as a component, for a page that needs to build its response itself.
 */
export type MainNav = "home" | "approvals" | "newCycle" | "none";

export function render(
  c: Context<WebEnv>,
  page: { title: string; body: Child; status?: ContentfulStatusCode; nav?: MainNav },
): Response | Promise<Response> {
  const shell = (
    <Layout view={c.get("view")} title={page.title} nav={page.nav ?? "none"}>
      {page.body}
    </Layout>
  );
  return c.html(html`<!DOCTYPE html>${shell}`, page.status ?? 200);
}

export function Layout(props: { view: View; title: string; nav: MainNav; children?: Child }) {
  const { view } = props;
  const { t } = view;
  return (
    <html lang={view.locale} dir={view.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t("app.name")}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t("layout.skip")}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href={view.principal ? paths.home() : paths.signIn()}>
              {t("app.name")}
            </a>
            <div class="who">
              <LanguageSwitch view={view} />
              {view.principal ? (
                <>
                  <span data-testid="signed-in-as">
                    {t("layout.signedInAs", { who: personaLabel(view, view.principal) })}
                  </span>
                  <form method="post" action={paths.signOut()}>
                    <input type="hidden" name="_csrf" value={view.csrf ?? ""} />
                    <button class="button" type="submit">
                      {t("layout.signOut")}
                    </button>
                  </form>
                </>
              ) : null}
            </div>
          </div>
        </header>
        {view.principal ? (
          <MainNavigation view={view} principal={view.principal} current={props.nav} />
        ) : null}
        <main id="main" tabindex={-1}>
          {view.flash ? (
            <div class={`flash flash-${view.flash.tone}`} role="status">
              <p>{view.flash.text}</p>
            </div>
          ) : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{t("layout.footer")}</p>
        </footer>
      </body>
    </html>
  );
}

/** "Amina Otieno (National coordinator, KEN)": who the session acts as, in the words of the role. */
export function personaLabel(view: View, p: Principal): string {
  const role = view.t(`role.${p.role}` as StringId);
  const where = [p.agency ?? p.ministry ?? p.organisation, p.country].filter(Boolean).join(", ");
  const name = p.name ?? p.sub;
  return `${name} (${role}${where ? `, ${where}` : ""})`;
}

function MainNavigation(props: { view: View; principal: Principal; current: MainNav }) {
  const { t } = props.view;
  const role = props.principal.role;
  const items: { id: MainNav; href: string; label: string }[] = [
    { id: "home", href: paths.home(), label: t("nav.home") },
  ];
  if (role === "approver")
    items.push({ id: "approvals", href: paths.approvals(), label: t("nav.approvals") });
  if (role === "coordinator")
    items.push({ id: "newCycle", href: paths.newCycle(), label: t("nav.newCycle") });
  return (
    <nav class="main-nav" aria-label={t("layout.mainNav")}>
      <ul>
        {items.map((item) => (
          <li>
            <a href={item.href} aria-current={item.id === props.current ? "page" : undefined}>
              {item.label}
            </a>
          </li>
        ))}
        <li>
          <a href="/docs">{t("nav.apiDocs")}</a>
        </li>
      </ul>
    </nav>
  );
}

function LanguageSwitch(props: { view: View }) {
  const { view } = props;
  return (
    <nav class="lang" aria-label={view.t("layout.language")}>
      {LOCALES.filter((l) => l !== view.locale).map((l) => (
        <a href={withLang(view.url, l)} lang={l} hreflang={l}>
          {LOCALE_NAMES[l]}
        </a>
      ))}
    </nav>
  );
}

function withLang(url: string, locale: string): string {
  const u = new URL(url, "http://x");
  u.searchParams.set("lang", locale);
  return `${u.pathname}${u.search}`;
}
