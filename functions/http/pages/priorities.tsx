import { type Context, Hono } from "hono";
import { NotFoundError } from "../../core/errors.js";
import { PriorityFilter } from "../../core/priorities/inputs.js";
import { getPriorities } from "../../core/priorities/read.js";
import {
  addCandidate,
  decideCandidate,
  rateCandidate,
  updateCriteria,
} from "../../core/priorities/use-cases.js";
import type { StageState } from "../../core/stage.js";
import { loadCycle } from "../../core/use-cases/load.js";
import type { FieldErrors } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { domainFieldErrors, parseForm, type RawForm } from "./forms.js";
import { render } from "./layout.js";
import { CandidatePage } from "./priorities-candidate.js";
import { AddCandidateForm, CriteriaForm, DecisionForm, ratingForm } from "./priorities-forms.js";
import { PrioritiesPage, type PrioritiesPageProps } from "./priorities-page.js";

// The priorities pages under /app/cycles/{id}/priorities: read by the government roles, changed by the coordinator
// while the stage is editable. Each form posts, is parsed into the core's input, and redirects back with a message
// (or shows the page again with the errors next to their fields).

type Form = { raw: RawForm; errors: FieldErrors };
type C = Context<WebEnv>;

const EDITABLE: ReadonlySet<StageState> = new Set(["draft", "returned"]);

/** The filter of the ranked list from the query; an unknown value is ignored rather than refused. */
function filterOf(c: C): PriorityFilter {
  const q = c.req.query();
  const parsed = PriorityFilter.safeParse({
    ...(q.decision ? { decision: q.decision } : {}),
    ...(q.pillar ? { pillar: q.pillar } : {}),
    ...(q.mandatory ? { mandatory: q.mandatory } : {}),
    ...(q.catalogue ? { catalogue: q.catalogue } : {}),
  });
  return parsed.success ? parsed.data : {};
}

export function priorityPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  async function context(c: C, cycleId: string) {
    const principal = c.get("principal");
    const country = await countryOf(c, deps, cycleId);
    const { cycle } = await loadCycle(deps, principal, country, cycleId, "cycle.read");
    return { principal, country, cycle };
  }

  async function listPage(
    c: C,
    cycleId: string,
    forms: Pick<PrioritiesPageProps, "criteriaForm" | "addForm"> = {},
    status: 200 | 400 | 409 | 422 = 200,
  ) {
    const { principal, country, cycle } = await context(c, cycleId);
    const view = c.get("view");
    const filter = filterOf(c);
    const priorities = await getPriorities(deps, principal, country, cycleId, filter);
    const editable = principal.role === "coordinator" && EDITABLE.has(priorities.stage.state);
    return render(c, {
      title: view.t("priorities.title"),
      status,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="priorities" title={view.t("priorities.title")} />
          <PrioritiesPage
            view={view}
            cycleId={cycleId}
            priorities={priorities}
            filter={filter}
            editable={editable}
            {...forms}
          />
        </>
      ),
    });
  }

  async function candidatePage(
    c: C,
    cycleId: string,
    measureId: string,
    forms: { ratingsForm?: Form; decisionForm?: Form } = {},
    status: 200 | 400 | 409 | 422 = 200,
  ) {
    const { principal, country, cycle } = await context(c, cycleId);
    const view = c.get("view");
    const all = await getPriorities(deps, principal, country, cycleId);
    const item = all.items.find((p) => p.measureId === measureId);
    if (!item) throw new NotFoundError(`${measureId} is not a candidate priority of cycle ${cycleId}`);
    const editable = principal.role === "coordinator" && EDITABLE.has(all.stage.state);
    const title = view.t("priorities.candidate.title", { measure: measureId });
    return render(c, {
      title,
      status,
      body: (
        <>
          <CycleHeader view={view} cycle={cycle} current="priorities" title={title} />
          <CandidatePage
            view={view}
            cycleId={cycleId}
            item={item}
            criteria={all.criteria.criteria}
            editable={editable}
            {...forms}
          />
        </>
      ),
    });
  }

  router.get("/cycles/:cycleId/priorities", (c) => listPage(c, c.req.param("cycleId")));

  router.post("/cycles/:cycleId/priorities/criteria", async (c) => {
    const cycleId = c.req.param("cycleId");
    const form = await parseForm(c, CriteriaForm);
    if (!form.ok) return listPage(c, cycleId, { criteriaForm: form }, 400);
    const { principal, country } = await context(c, cycleId);
    try {
      await updateCriteria(deps, principal, country, cycleId, form.data);
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (!errors) throw error;
      return listPage(c, cycleId, { criteriaForm: { raw: form.raw, errors } }, 422);
    }
    return redirectWithFlash(
      c,
      `${paths.priorities(cycleId)}#criteria-title`,
      "success",
      "priorities.criteria.saved",
    );
  });

  router.post("/cycles/:cycleId/priorities/candidates", async (c) => {
    const cycleId = c.req.param("cycleId");
    const form = await parseForm(c, AddCandidateForm);
    if (!form.ok) return listPage(c, cycleId, { addForm: form }, 400);
    const { principal, country } = await context(c, cycleId);
    try {
      await addCandidate(deps, principal, country, cycleId, form.data);
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (!errors) throw error;
      return listPage(c, cycleId, { addForm: { raw: form.raw, errors } }, 422);
    }
    const measure = form.data.measureId;
    return redirectWithFlash(c, paths.priority(cycleId, measure), "success", "priorities.add.done", {
      measure,
    });
  });

  router.get("/cycles/:cycleId/priorities/:measureId", (c) =>
    candidatePage(c, c.req.param("cycleId"), c.req.param("measureId")),
  );

  router.post("/cycles/:cycleId/priorities/:measureId/ratings", async (c) => {
    const { cycleId, measureId } = c.req.param();
    const { principal, country } = await context(c, cycleId);
    const { criteria } = (await getPriorities(deps, principal, country, cycleId)).criteria;
    const form = await parseForm(c, ratingForm(criteria));
    if (!form.ok) return candidatePage(c, cycleId, measureId, { ratingsForm: form }, 400);
    let saved: Awaited<ReturnType<typeof rateCandidate>>;
    try {
      saved = await rateCandidate(deps, principal, country, cycleId, measureId, form.data);
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (!errors) throw error;
      return candidatePage(c, cycleId, measureId, { ratingsForm: { raw: form.raw, errors } }, 422);
    }
    return redirectWithFlash(c, paths.priority(cycleId, measureId), "success", "priorities.ratings.saved", {
      measure: measureId,
      score: saved.score,
      rank: saved.rank,
    });
  });

  router.post("/cycles/:cycleId/priorities/:measureId/decision", async (c) => {
    const { cycleId, measureId } = c.req.param();
    const form = await parseForm(c, DecisionForm);
    if (!form.ok) return candidatePage(c, cycleId, measureId, { decisionForm: form }, 400);
    const { principal, country } = await context(c, cycleId);
    try {
      await decideCandidate(deps, principal, country, cycleId, measureId, form.data);
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (!errors) throw error;
      return candidatePage(c, cycleId, measureId, { decisionForm: { raw: form.raw, errors } }, 422);
    }
    const outcome = c.get("view").t(`priorities.outcome.${form.data.outcome}`);
    return redirectWithFlash(
      c,
      `${paths.priorities(cycleId)}#candidate-${measureId}`,
      "success",
      "priorities.decision.saved",
      { measure: measureId, outcome },
    );
  });

  return router;
}
