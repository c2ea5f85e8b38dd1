import { type Context, Hono } from "hono";
import { authorizeRole } from "../../core/permissions.js";
import { CreateCycleInput, createCycle } from "../../core/use-cases/cycles.js";
import { Button, ErrorSummary, Field, type FieldErrors, PostForm } from "./components.js";
import { type PageDeps, paths, type WebEnv } from "./context.js";
import { redirectWithFlash } from "./flash.js";
import { issuesToErrors, type RawForm, readForm } from "./forms.js";
import { render } from "./layout.js";

/**
 * `/app/cycles/new`: the coordinator opens a cycle (the form of POST /cycles): title, frameworks, plan period,
 * reporting cadence, the ministries that approve every stage and their rule. The same input schema as the API.
 */

// Form field names -> the path of CreateCycleInput their errors come back on.
const FIELD_OF_PATH: Record<string, string> = {
  "planPeriod.start": "start",
  "planPeriod.end": "end",
  "approvalPolicies.assessment.ministries": "ministries",
  "approvalPolicies.assessment.rule.n": "quorum",
  frameworks: "frameworks",
};

function fieldOf(path: string): string {
  if (FIELD_OF_PATH[path]) return FIELD_OF_PATH[path];
  if (path.startsWith("approvalPolicies.assessment.ministries")) return "ministries";
  if (path.startsWith("frameworks")) return "frameworks";
  return path;
}

export function newCyclePages(deps: PageDeps) {
  const router = new Hono<WebEnv>();
  router.get("/cycles/new", (c) => {
    authorizeRole(c.get("principal"), "cycle.create");
    return form(c, { frameworks: "TIP", cadence: "quarterly", rule: "all" }, {});
  });
  router.post("/cycles/new", async (c) => {
    const raw = await readForm(c);
    const body = await c.req.parseBody({ all: true });
    const chosen = ([] as unknown[])
      .concat(body.frameworks ?? [])
      .filter((f): f is string => typeof f === "string");
    const ministries = (raw.ministries ?? "")
      .split(/[\s,;]+/)
      .map((m) => m.trim())
      .filter(Boolean);
    const quorum = raw.rule === "quorum" ? { type: "quorum", n: Number(raw.quorum) } : { type: "all" };
    const input = CreateCycleInput.safeParse({
      title: raw.title ?? "",
      frameworks: chosen.map((id) => ({ id })),
      planPeriod: { start: raw.start ?? "", end: raw.end ?? "" },
      reportingCadence: raw.cadence,
      approvalPolicies: { assessment: { ministries, rule: quorum } },
    });
    if (!input.success) {
      const errors: FieldErrors = {};
      for (const [path, message] of Object.entries(issuesToErrors(input.error)))
        errors[fieldOf(path)] ??= message;
      return form(c, { ...raw, frameworks: chosen.join(",") }, errors, 400);
    }
    const cycle = await createCycle(deps, c.get("principal"), input.data);
    return redirectWithFlash(c, paths.cycle(cycle.id), "success", "newCycle.created", { title: cycle.title });
  });
  return router;
}

function form(c: Context<WebEnv>, values: RawForm, errors: FieldErrors, status: 200 | 400 = 200) {
  const view = c.get("view");
  const { t } = view;
  const chosen = new Set((values.frameworks ?? "").split(","));
  const labels: Record<string, string> = {
    title: t("newCycle.name"),
    frameworks: t("newCycle.frameworks"),
    start: t("newCycle.start"),
    end: t("newCycle.end"),
    cadence: t("newCycle.cadence"),
    ministries: t("newCycle.ministries"),
    quorum: t("newCycle.quorum"),
  };
  return render(c, {
    title: t("nav.newCycle"),
    nav: "newCycle",
    status,
    body: (
      <div class="stack">
        <h1>{t("nav.newCycle")}</h1>
        <ErrorSummary view={view} errors={errors} labels={labels} />
        <PostForm view={view} action={paths.newCycle()} novalidate>
          <Field
            view={view}
            name="title"
            label={labels.title ?? ""}
            value={values.title}
            error={errors.title}
            required
          />
          <fieldset aria-describedby={errors.frameworks ? "f-frameworks-error" : undefined} id="f-frameworks">
            <legend>{labels.frameworks}</legend>
            {errors.frameworks ? (
              <p class="field-error" id="f-frameworks-error">
                {t("common.fieldError", { message: errors.frameworks })}
              </p>
            ) : null}
            {(["TIP", "SOM"] as const).map((id) => (
              <div>
                <input
                  type="checkbox"
                  id={`f-framework-${id}`}
                  name="frameworks"
                  value={id}
                  checked={chosen.has(id)}
                />{" "}
                <label for={`f-framework-${id}`}>{t(`framework.${id}`)}</label>
              </div>
            ))}
          </fieldset>
          <Field
            view={view}
            name="start"
            type="date"
            label={labels.start ?? ""}
            value={values.start}
            error={errors.start}
            required
          />
          <Field
            view={view}
            name="end"
            type="date"
            label={labels.end ?? ""}
            value={values.end}
            error={errors.end}
            required
          />
          <Field
            view={view}
            name="cadence"
            type="select"
            label={labels.cadence ?? ""}
            value={values.cadence}
            options={(["monthly", "quarterly", "semiannual", "annual"] as const).map((v) => ({
              value: v,
              label: t(`cadence.${v}`),
            }))}
            error={errors.reportingCadence}
          />
          <Field
            view={view}
            name="ministries"
            label={labels.ministries ?? ""}
            value={values.ministries}
            hint={t("newCycle.ministriesHint")}
            error={errors.ministries}
            required
          />
          <Field
            view={view}
            name="rule"
            type="select"
            label={t("newCycle.rule")}
            value={values.rule}
            options={[
              { value: "all", label: t("newCycle.ruleAll") },
              { value: "quorum", label: t("newCycle.ruleQuorum") },
            ]}
          />
          <Field
            view={view}
            name="quorum"
            type="number"
            min={1}
            max={20}
            label={labels.quorum ?? ""}
            value={values.quorum}
            error={errors.quorum}
          />
          <Button>{t("newCycle.create")}</Button>
        </PostForm>
      </div>
    ),
  });
}
