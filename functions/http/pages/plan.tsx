import { type Context, Hono } from "hono";
import { deletePlanItem, type PlanItemKind } from "../../core/action-plan/deletions.js";
import type { Target } from "../../core/action-plan/editing.js";
import { getPlan, saveActivity, saveIndicator, saveObjective } from "../../core/action-plan/use-cases.js";
import type { PlanView } from "../../core/action-plan/views.js";
import { NotFoundError } from "../../core/errors.js";
import { getPriorities } from "../../core/priorities/read.js";
import { loadCycle } from "../../core/use-cases/load.js";
import type { FieldErrors } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { domainFieldErrors, issuesToErrors, type RawForm, readForm } from "./forms.js";
import { render } from "./layout.js";
import { ActivityFields } from "./plan-activity-form.js";
import { ItemFormPage } from "./plan-form-shell.js";
import { ActivityForm, expectedVersionOf, formErrors, IndicatorForm, ObjectiveForm } from "./plan-forms.js";
import { IndicatorFields, ObjectiveFields } from "./plan-item-fields.js";
import { PlanPage } from "./plan-page.js";
import type { StringId } from "./strings.js";

// The action plan editor under /app/cycles/{id}/plan: the plan page, a form page per objective, activity and
// indicator (`new` to create one), their deletion, and the plan settings. The core use cases check who may change
// what (a member only its own agency's activities) and whether the stage is still editable.

type C = Context<WebEnv>;
type Kind = PlanItemKind;
const KINDS: ReadonlySet<string> = new Set(["objective", "activity", "indicator"]);
type Posted = { raw: RawForm; errors: FieldErrors };

const TITLES: Record<Kind, { create: StringId; edit: StringId }> = {
  objective: { create: "plan.form.newObjective", edit: "plan.form.editObjective" },
  activity: { create: "plan.form.newActivity", edit: "plan.form.editActivity" },
  indicator: { create: "plan.form.newIndicator", edit: "plan.form.editIndicator" },
};

function kindOf(value: string): Kind {
  if (!KINDS.has(value)) throw new NotFoundError(`there is no plan item kind ${value}`);
  return value as Kind;
}

/** Every objective, activity and indicator of the plan, whether under its parent or left without one. */
function planItems(plan: PlanView) {
  const objectives = plan.objectives;
  const activities = [...objectives.flatMap((o) => o.activities), ...plan.unassigned.activities];
  const indicators = [
    ...objectives.flatMap((o) => o.indicators),
    ...activities.flatMap((a) => a.indicators),
    ...plan.unassigned.indicators,
  ];
  return { objectives, activities, indicators };
}

function itemOf<T extends { id: string }>(list: readonly T[], kind: Kind, id: string): T {
  const found = list.find((item) => item.id === id);
  if (!found) throw new NotFoundError(`${kind} ${id} was not found in this plan`);
  return found;
}

/** The signed-in principal, the country, the cycle and the live plan: what every plan page starts from. */
export async function loadPlanPage(deps: PageDeps, c: C, cycleId: string) {
  const principal = c.get("principal");
  const country = await countryOf(c, deps, cycleId);
  const [{ cycle }, plan] = await Promise.all([
    loadCycle(deps, principal, country, cycleId, "cycle.read"),
    getPlan(deps, principal, country, cycleId),
  ]);
  return { principal, country, cycle, plan };
}

export function planPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  router.get("/cycles/:cycleId/plan", async (c) => {
    const cycleId = c.req.param("cycleId");
    const { principal, cycle, plan } = await loadPlanPage(deps, c, cycleId);
    const view = c.get("view");
    return render(c, {
      title: view.t("plan.title"),
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="plan" title={view.t("plan.title")} />
          <PlanPage view={view} cycleId={cycleId} plan={plan} principal={principal} />
        </>
      ),
    });
  });

  async function itemPage(c: C, cycleId: string, kind: Kind, itemId: string, posted?: Posted) {
    const { principal, country, cycle, plan } = await loadPlanPage(deps, c, cycleId);
    const view = c.get("view");
    const isNew = itemId === "new";
    const { objectives, activities, indicators } = planItems(plan);
    const pick = <T extends { id: string }>(list: readonly T[], of: Kind) =>
      kind === of && !isNew ? itemOf(list, kind, itemId) : undefined;
    const [objective, activity, indicator] = [
      pick(objectives, "objective"),
      pick(activities, "activity"),
      pick(indicators, "indicator"),
    ];
    const found = objective ?? activity ?? indicator;
    const accepted =
      kind === "indicator"
        ? []
        : (await getPriorities(deps, principal, country, cycleId, { decision: "accepted" })).items.map(
            (p) => ({
              id: p.measureId,
              text: p.text,
            }),
          );
    const title = view.t(isNew ? TITLES[kind].create : TITLES[kind].edit);
    const errors = posted?.errors ?? {};
    const raw = posted?.raw;
    const mine = activities.filter((a) => principal.role !== "member" || a.leadAgency === principal.agency);
    const fields =
      kind === "objective" ? (
        <ObjectiveFields view={view} raw={raw} errors={errors} objective={objective} accepted={accepted} />
      ) : kind === "activity" ? (
        <ActivityFields
          view={view}
          principal={principal}
          activity={activity}
          data={{ objectives, activities, accepted }}
          raw={raw}
          errors={errors}
          objectiveId={c.req.query("objective")}
        />
      ) : (
        <IndicatorFields
          view={view}
          raw={raw}
          errors={errors}
          indicator={indicator}
          attachedTo={c.req.query("attachedTo")}
          objectives={objectives}
          activities={mine}
          period={plan.planPeriod}
          coordinator={principal.role === "coordinator"}
        />
      );
    return render(c, {
      title,
      status: posted ? 400 : 200,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="plan" title={title} />
          <ItemFormPage
            view={view}
            cycleId={cycleId}
            action={paths.planItem(cycleId, kind, itemId)}
            errors={errors}
            version={found?.version}
            deleteAction={found ? paths.planItemDelete(cycleId, kind, itemId) : undefined}
          >
            {fields}
          </ItemFormPage>
        </>
      ),
    });
  }

  router.get("/cycles/:cycleId/plan/:kind/:itemId", (c) => {
    const { cycleId, kind, itemId } = c.req.param();
    return itemPage(c, cycleId, kindOf(kind), itemId);
  });

  router.post("/cycles/:cycleId/plan/:kind/:itemId", async (c) => {
    const { cycleId, itemId } = c.req.param();
    const kind = kindOf(c.req.param("kind"));
    const raw = await readForm(c);
    const principal = c.get("principal");
    const country = await countryOf(c, deps, cycleId);
    const target: Target =
      itemId === "new" ? undefined : { id: itemId, expectedVersion: expectedVersionOf(raw) ?? 0 };
    const invalid = (errors: FieldErrors) => itemPage(c, cycleId, kind, itemId, { raw, errors });
    let saved: { id: string; title: string };
    try {
      if (kind === "objective") {
        const parsed = ObjectiveForm.safeParse(raw);
        if (!parsed.success) return invalid(formErrors(issuesToErrors(parsed.error)));
        saved = await saveObjective(deps, principal, country, cycleId, target, parsed.data);
      } else if (kind === "activity") {
        const parsed = ActivityForm.safeParse(raw);
        if (!parsed.success) return invalid(formErrors(issuesToErrors(parsed.error)));
        saved = await saveActivity(deps, principal, country, cycleId, target, parsed.data);
      } else {
        const parsed = IndicatorForm.safeParse(raw);
        if (!parsed.success) return invalid(formErrors(issuesToErrors(parsed.error)));
        const indicator = await saveIndicator(deps, principal, country, cycleId, target, parsed.data);
        saved = { id: indicator.id, title: indicator.name };
      }
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (!errors) throw error;
      return invalid(formErrors(errors));
    }
    return redirectWithFlash(c, `${paths.plan(cycleId)}#${kind}-${saved.id}`, "success", "plan.form.saved", {
      title: saved.title.slice(0, 120),
    });
  });

  router.post("/cycles/:cycleId/plan/:kind/:itemId/delete", async (c) => {
    const { cycleId, itemId } = c.req.param();
    const kind = kindOf(c.req.param("kind"));
    const raw = await readForm(c);
    const { principal, country, plan } = await loadPlanPage(deps, c, cycleId);
    const items = planItems(plan);
    const title =
      kind === "indicator"
        ? itemOf(items.indicators, kind, itemId).name
        : kind === "objective"
          ? itemOf(items.objectives, kind, itemId).title
          : itemOf(items.activities, kind, itemId).title;
    await deletePlanItem(deps, principal, country, cycleId, kind, itemId, expectedVersionOf(raw) ?? 0);
    return redirectWithFlash(c, paths.plan(cycleId), "success", "plan.form.deleted", {
      title: title.slice(0, 120),
    });
  });

  return router;
}
