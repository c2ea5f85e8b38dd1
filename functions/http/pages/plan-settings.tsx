import { type Context, Hono } from "hono";
import { saveSettings } from "../../core/action-plan/use-cases.js";
import type { FieldErrors } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { domainFieldErrors, issuesToErrors, type RawForm, readForm } from "./forms.js";
import { render } from "./layout.js";
import { loadPlanPage } from "./plan.js";
import { ItemFormPage } from "./plan-form-shell.js";
import { formErrors, SettingsForm } from "./plan-forms.js";
import { SettingsFields } from "./plan-settings-fields.js";

// The plan settings page, /app/cycles/{id}/plan/settings: the coordinator's (the core refuses anyone else).

type C = Context<WebEnv>;
type Posted = { raw: RawForm; errors: FieldErrors };

export function planSettingsPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  async function settingsPage(c: C, cycleId: string, posted?: Posted) {
    const { cycle, plan } = await loadPlanPage(deps, c, cycleId);
    const view = c.get("view");
    const title = view.t("plan.settings.title");
    return render(c, {
      title,
      status: posted ? 400 : 200,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="plan" title={title} />
          <ItemFormPage
            view={view}
            cycleId={cycleId}
            action={paths.planSettings(cycleId)}
            errors={posted?.errors ?? {}}
            version={plan.settings.version || undefined}
          >
            <SettingsFields
              view={view}
              raw={posted?.raw}
              errors={posted?.errors ?? {}}
              settings={plan.settings}
            />
          </ItemFormPage>
        </>
      ),
    });
  }

  router.get("/cycles/:cycleId/plan/settings", (c) => settingsPage(c, c.req.param("cycleId")));
  router.post("/cycles/:cycleId/plan/settings", async (c) => {
    const cycleId = c.req.param("cycleId");
    const raw = await readForm(c);
    const parsed = SettingsForm.safeParse(raw);
    if (!parsed.success)
      return settingsPage(c, cycleId, { raw, errors: formErrors(issuesToErrors(parsed.error)) });
    const country = await countryOf(c, deps, cycleId);
    try {
      await saveSettings(deps, c.get("principal"), country, cycleId, parsed.data);
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (!errors) throw error;
      return settingsPage(c, cycleId, { raw, errors });
    }
    return redirectWithFlash(c, `${paths.plan(cycleId)}#validation`, "success", "plan.settings.saved");
  });

  return router;
}
