import { type Context, Hono } from "hono";
import { addComment, CommentInput, listComments } from "../../core/donors/comments.js";
import type { DonorCycleView } from "../../core/donors/donor-views.js";
import { ForbiddenError } from "../../core/errors.js";
import { getMonitoring, getPeriod, listPeriods } from "../../core/monitoring/queries.js";
import { getCycle } from "../../core/use-cases/cycles.js";
import { getVersion } from "../../core/versions/read.js";
import type { FieldErrors } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { DonorPage } from "./donor-page.js";
import { redirectWithFlash } from "./flash.js";
import { parseForm, type RawForm } from "./forms.js";
import { render } from "./layout.js";
import { indexOf, namesOf } from "./monitoring.js";
import { Comments, PeriodFacts, Reports } from "./monitoring-period.js";
import { approvedPlan } from "./plan-version-model.js";

// The donors' view of a shared cycle under /app/cycles/{id}/donor: the approved plan, progress and spending (the
// core suppresses small counts for them), a period's reports and its comments, with a form to comment. Everything
// is read as the donor: a cycle not shared with its organisation is a 404, a draft is never read.

type C = Context<WebEnv>;

/** The latest approved version of the action plan, read as the donor may (never the live draft). */
export async function latestApprovedPlan(deps: PageDeps, c: C, country: string, cycle: DonorCycleView) {
  const stage = cycle.stages.find((s) => s.stage === "action_plan");
  if (!stage?.approved) return undefined;
  const version = await getVersion(
    deps,
    c.get("principal"),
    country,
    cycle.id,
    "action_plan",
    stage.approved.number,
  );
  return approvedPlan(version, cycle);
}

export function donorPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();
  const now = () => deps.now().toISOString();

  async function shared(c: C, cycleId: string) {
    const principal = c.get("principal");
    if (principal.role !== "donor") {
      throw new ForbiddenError(
        "this view is the donors' own; the government reads the plan and monitoring pages",
      );
    }
    const country = await countryOf(c, deps, cycleId);
    const cycle = (await getCycle(deps, principal, country, cycleId)) as DonorCycleView;
    return { principal, country, cycle };
  }

  router.get("/cycles/:cycleId/donor", async (c) => {
    const cycleId = c.req.param("cycleId");
    const { principal, country, cycle } = await shared(c, cycleId);
    const view = c.get("view");
    const [plan, monitoring, periods] = await Promise.all([
      latestApprovedPlan(deps, c, country, cycle),
      getMonitoring(deps, principal, country, cycleId),
      listPeriods(deps, principal, country, cycleId),
    ]);
    const title = view.t("donor.title");
    return render(c, {
      title,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="donor" title={title}>
            <p>{`${cycle.title} · ${cycle.country}`}</p>
          </CycleHeader>
          <DonorPage
            view={view}
            cycle={cycle}
            plan={plan}
            monitoring={monitoring}
            periods={periods.items}
            now={now()}
          />
        </>
      ),
    });
  });

  async function periodPage(
    c: C,
    cycleId: string,
    index: number,
    form?: { raw: RawForm; errors: FieldErrors },
  ) {
    const { principal, country, cycle } = await shared(c, cycleId);
    const view = c.get("view");
    const [detail, comments, monitoring] = await Promise.all([
      getPeriod(deps, principal, country, cycleId, index),
      listComments(deps, principal, country, cycleId, index),
      getMonitoring(deps, principal, country, cycleId),
    ]);
    const title = view.t("monitoring.periodTitle", { period: detail.period.label });
    return render(c, {
      title,
      status: form ? 400 : 200,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="donor" title={title} />
          <p class="no-print">
            <a href={paths.donor(cycleId)}>{view.t("donor.back")}</a>
          </p>
          <PeriodFacts view={view} detail={detail} now={now()} />
          <p class="muted">
            {view.t("donor.periodSuppression", { threshold: monitoring.suppression.threshold })}
          </p>
          <section aria-labelledby="reports-title" class="stack">
            <h2 id="reports-title">{view.t("monitoring.reports")}</h2>
            <Reports
              view={view}
              reports={detail.reports}
              names={namesOf(monitoring)}
              threshold={monitoring.suppression.threshold}
            />
          </section>
          <Comments
            view={view}
            comments={comments.items}
            action={paths.donorComments(cycleId, index)}
            form={form}
          />
        </>
      ),
    });
  }

  router.get("/cycles/:cycleId/donor/periods/:index", (c) =>
    periodPage(c, c.req.param("cycleId"), indexOf(c.req.param("index"))),
  );

  router.post("/cycles/:cycleId/donor/periods/:index/comments", async (c) => {
    const cycleId = c.req.param("cycleId");
    const index = indexOf(c.req.param("index"));
    const form = await parseForm(c, CommentInput);
    if (!form.ok) return periodPage(c, cycleId, index, form);
    const { principal, country } = await shared(c, cycleId);
    await addComment(deps, principal, country, cycleId, index, form.data);
    return redirectWithFlash(
      c,
      `${paths.donorPeriod(cycleId, index)}#comments`,
      "success",
      "monitoring.commentAdded",
    );
  });

  return router;
}
