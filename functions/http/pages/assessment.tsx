import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { EntryAnswer, MeasureStatus } from "../../core/assessment.js";
import { NotFoundError, VersionConflictError } from "../../core/errors.js";
import { can } from "../../core/permissions.js";
import { OrgSlug, type Principal } from "../../core/principal.js";
import {
  type AssessmentItem,
  type AssessmentView,
  getAssessment,
  upsertEntry,
} from "../../core/use-cases/assessment.js";
import { getCycle } from "../../core/use-cases/cycles.js";
import { AssessmentFilters, AssessmentGrid, PillarProgress, statusLabel } from "./assessment-grid.js";
import { Badge, Button, ErrorSummary, Field, type FieldErrors, Flash, PostForm } from "./components.js";
import { countryOf, type PageDeps, paths, type View, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { blank, issuesToErrors, type RawForm, readForm } from "./forms.js";
import { DateText, StateBadge, stageName } from "./labels.js";
import { render } from "./layout.js";

/**
 * `/app/cycles/:cycleId/assessment`: the needs assessment as a grid by pillar and objective, with filters, the
 * completeness and implementation of each pillar, and the evidence; `/assessment/:measureId`: the answer form of one
 * measure (saved with the version it was read at, so a concurrent change is a conflict, never a silent overwrite).
 */

export const FilterQuery = z.object({
  catalogue: z.preprocess(blank, z.enum(["TIP", "SOM"]).optional()).catch(undefined),
  pillar: z.preprocess(blank, z.enum(["PROS", "PROT", "PREV", "NCC", "ICC"]).optional()).catch(undefined),
  status: z.preprocess(blank, z.union([MeasureStatus, z.literal("unanswered")]).optional()).catch(undefined),
  agency: z.preprocess(blank, OrgSlug.optional()).catch(undefined),
});
export type FilterQuery = z.infer<typeof FilterQuery>;

const EntryForm = z.object({
  status: MeasureStatus,
  severity: z.coerce.number().int().min(0).max(3),
  evidence: z.string().default(""),
  source: z.string().default(""),
  agency: z.preprocess(blank, OrgSlug.optional()),
  expectedVersion: z.preprocess(blank, z.coerce.number().int().min(1).optional()),
  back: z.string().optional(),
});

export function assessmentPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  router.get("/cycles/:cycleId/assessment", async (c) => {
    const cycleId = c.req.param("cycleId");
    const country = await countryOf(c, deps, cycleId);
    const filter = FilterQuery.parse(c.req.query());
    const principal = c.get("principal");
    const [all, shown, cycle] = await Promise.all([
      getAssessment(deps, principal, country, cycleId),
      hasFilter(filter) ? getAssessment(deps, principal, country, cycleId, filter) : undefined,
      getCycle(deps, principal, country, cycleId),
    ]);
    const view = c.get("view");
    const title = view.t("assessment.title");
    const editable = mayEditStage(principal, all);
    return render(c, {
      title,
      body: (
        <div class="stack">
          <CycleHeader view={view} cycle={cycle} current="assessment" title={title}>
            <p>
              <StateBadge view={view} state={all.stage.state} />{" "}
              {view.t("assessment.answered", {
                answered: all.scores.overall.answered,
                measures: all.scores.overall.measures,
              })}
              {all.stage.submissionDueAt && editable ? (
                <>
                  {" · "}
                  {view.t("assessment.due")} <DateText view={view} iso={all.stage.submissionDueAt} />
                </>
              ) : null}
            </p>
          </CycleHeader>
          {all.stage.state === "returned" && all.stage.returnReason ? (
            <Flash tone="warning">
              <p>
                {view.t("cycle.returnedBecause", { stage: stageName(view, "assessment") })}{" "}
                {all.stage.returnReason}
              </p>
            </Flash>
          ) : null}
          <PillarProgress view={view} scores={all.scores} />
          <AssessmentFilters
            view={view}
            cycleId={cycleId}
            filter={filter}
            frameworks={all.scores.catalogues.map((k) => k.id)}
          />
          <AssessmentGrid
            view={view}
            cycleId={cycleId}
            items={(shown ?? all).items}
            canEdit={(item) => editable && mayEditItem(principal, item)}
            back={c.req.url}
          />
          {principal.role === "coordinator" && editable ? (
            <SubmitBox view={view} cycleId={cycleId} assessment={all} />
          ) : null}
        </div>
      ),
    });
  });

  router.get("/cycles/:cycleId/assessment/:measureId", async (c) => {
    const cycleId = c.req.param("cycleId");
    const country = await countryOf(c, deps, cycleId);
    const { item, assessment } = await measureItem(deps, c, country, cycleId, c.req.param("measureId"));
    const back = safeBack(c.req.query("back"), cycleId);
    const entry = item.entry;
    const values: RawForm = entry
      ? {
          status: entry.status,
          severity: String(entry.severity),
          evidence: entry.evidence,
          source: entry.source,
          agency: entry.agency ?? "",
          expectedVersion: String(entry.version),
        }
      : { status: "unknown", severity: "1", evidence: "", source: "", agency: "", expectedVersion: "" };
    return entryPage(c, cycleId, item, assessment, values, {}, back);
  });

  router.post("/cycles/:cycleId/assessment/:measureId", async (c) => {
    const cycleId = c.req.param("cycleId");
    const country = await countryOf(c, deps, cycleId);
    const principal = c.get("principal");
    const { item, assessment } = await measureItem(deps, c, country, cycleId, c.req.param("measureId"));
    const raw = await readForm(c);
    const back = safeBack(raw.back, cycleId);
    const form = EntryForm.safeParse(raw);
    if (!form.success)
      return entryPage(c, cycleId, item, assessment, raw, issuesToErrors(form.error), back, 400);
    const { expectedVersion, back: _back, ...fields } = form.data;
    const answer = EntryAnswer.safeParse({
      ...fields,
      ...(principal.role === "coordinator" && fields.agency
        ? { agency: fields.agency }
        : { agency: undefined }),
    });
    if (!answer.success)
      return entryPage(c, cycleId, item, assessment, raw, issuesToErrors(answer.error), back, 400);
    try {
      await upsertEntry(deps, principal, country, cycleId, item.measureId, {
        answer: answer.data,
        ...(expectedVersion ? { expectedVersion } : {}),
      });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Keep what the person typed, and take the current version so that saving again is a deliberate overwrite.
      const current = error.details.currentVersion;
      const kept = { ...raw, expectedVersion: typeof current === "number" ? String(current) : "" };
      return entryPage(c, cycleId, item, assessment, kept, { form: error.message }, back, 409);
    }
    return redirectWithFlash(c, `${back}#m-${item.measureId}`, "success", "assessment.saved", {
      measure: item.measureId,
    });
  });

  return router;
}

function hasFilter(f: FilterQuery): boolean {
  return Boolean(f.catalogue || f.pillar || f.status || f.agency);
}

function mayEditStage(principal: Principal, a: AssessmentView): boolean {
  return can(principal, "assessment.edit") && (a.stage.state === "draft" || a.stage.state === "returned");
}

/** Members answer for their own agency: an entry another agency owns is read-only to them (the core enforces it). */
function mayEditItem(principal: Principal, item: AssessmentItem): boolean {
  if (principal.role !== "member") return true;
  return !item.entry?.agency || item.entry.agency === principal.agency;
}

/** Only a grid URL of this cycle: the return link after saving must not lead anywhere else. */
function safeBack(back: string | undefined, cycleId: string): string {
  const base = paths.assessment(cycleId);
  if (!back) return base;
  try {
    const url = new URL(back, "http://x");
    return url.pathname === base ? `${url.pathname}${url.search}` : base;
  } catch {
    return base;
  }
}

async function measureItem(
  deps: PageDeps,
  c: Context<WebEnv>,
  country: string,
  cycleId: string,
  measureId: string,
) {
  const assessment = await getAssessment(deps, c.get("principal"), country, cycleId);
  const item = assessment.items.find((i) => i.measureId === measureId);
  if (!item) throw new NotFoundError(`measure ${measureId} is not part of this cycle's frameworks`);
  return { item, assessment };
}

function entryPage(
  c: Context<WebEnv>,
  cycleId: string,
  item: AssessmentItem,
  assessment: AssessmentView,
  values: RawForm,
  errors: FieldErrors,
  back: string,
  status: 200 | 400 | 409 = 200,
) {
  const view = c.get("view");
  const { t } = view;
  const principal = c.get("principal");
  const editable = mayEditStage(principal, assessment) && mayEditItem(principal, item);
  const fieldErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "form"));
  const labels = {
    status: t("assessment.status"),
    severity: t("assessment.severity"),
    evidence: t("assessment.evidence"),
    source: t("assessment.source"),
    agency: t("assessment.agency"),
  };
  return render(c, {
    title: `${item.measureId} · ${t("assessment.title")}`,
    status,
    body: (
      <div class="stack">
        <nav class="breadcrumbs" aria-label={t("cycleNav.breadcrumbs")}>
          <a href={paths.home()}>{t("nav.home")}</a> ›{" "}
          <a href={paths.cycle(cycleId)}>{t("cycleNav.overview")}</a> ›{" "}
          <a href={back}>{t("assessment.title")}</a>
        </nav>
        <h1>{t("assessment.editTitle", { measure: item.measureId })}</h1>
        <p class="measure-text">{item.text}</p>
        <dl class="facts">
          <dt>{t("assessment.pillar")}</dt>
          <dd>{item.pillar.title}</dd>
          <dt>{t("assessment.objective")}</dt>
          <dd>{item.objective.title}</dd>
          <dt>{t("assessment.articles")}</dt>
          <dd>{item.articles.join("; ") || t("common.none")}</dd>
          <dt>{t("assessment.obligation")}</dt>
          <dd>
            {item.mandatory ? (
              <Badge tone="warning">{t("assessment.mandatory")}</Badge>
            ) : (
              t("assessment.optional")
            )}
          </dd>
          {item.entry ? (
            <>
              <dt>{t("assessment.lastAnswered")}</dt>
              <dd>
                <DateText view={view} iso={item.entry.answeredAt} withTime /> ·{" "}
                {item.entry.answeredBy.type === "user"
                  ? (item.entry.answeredBy.name ?? item.entry.answeredBy.sub)
                  : ""}
              </dd>
            </>
          ) : null}
        </dl>
        {errors.form ? (
          <Flash tone="danger">
            <p>{t("error.conflict.body", { message: errors.form })}</p>
          </Flash>
        ) : null}
        <ErrorSummary view={view} errors={fieldErrors} labels={labels} />
        {editable ? (
          <PostForm view={view} action={paths.measure(cycleId, item.measureId)} novalidate>
            <input type="hidden" name="expectedVersion" value={values.expectedVersion ?? ""} />
            <input type="hidden" name="back" value={back} />
            <Field
              view={view}
              name="status"
              label={labels.status}
              type="select"
              value={values.status}
              options={MeasureStatus.options.map((s) => ({ value: s, label: statusLabel(view, s) }))}
              error={errors.status}
              hint={t("assessment.statusHint")}
              required
            />
            <Field
              view={view}
              name="severity"
              label={labels.severity}
              type="select"
              value={values.severity}
              options={[0, 1, 2, 3].map((n) => ({
                value: String(n),
                label: t(`severity.${n as 0 | 1 | 2 | 3}`),
              }))}
              error={errors.severity}
              hint={t("assessment.severityHint")}
              required
            />
            <Field
              view={view}
              name="evidence"
              label={labels.evidence}
              type="textarea"
              value={values.evidence}
              error={errors.evidence}
              hint={t("assessment.evidenceHint")}
              maxlength={3000}
            />
            <Field
              view={view}
              name="source"
              label={labels.source}
              value={values.source}
              error={errors.source}
              maxlength={300}
            />
            {principal.role === "coordinator" ? (
              <Field
                view={view}
                name="agency"
                label={labels.agency}
                value={values.agency}
                error={errors.agency}
                hint={t("assessment.agencyHint")}
              />
            ) : null}
            <div class="actions">
              <Button>{t("assessment.saveAnswer")}</Button>
              <a href={back}>{t("common.cancel")}</a>
            </div>
          </PostForm>
        ) : (
          <Flash tone="info">
            <p>{t("assessment.readOnly")}</p>
          </Flash>
        )}
      </div>
    ),
  });
}

function SubmitBox(props: { view: View; cycleId: string; assessment: AssessmentView }) {
  const { view } = props;
  const { t } = view;
  const { answered, measures } = props.assessment.scores.overall;
  const complete = answered === measures;
  return (
    <section aria-labelledby="submit-heading" class="card no-print">
      <h2 id="submit-heading">{t("cycle.submitHeading", { stage: stageName(view, "assessment") })}</h2>
      <p>
        {complete
          ? t("assessment.readyToSubmit")
          : t("assessment.notComplete", { missing: measures - answered })}
      </p>
      <PostForm view={view} action={paths.submitStage(props.cycleId, "assessment")}>
        <Field view={view} name="note" label={t("cycle.submitNote")} type="textarea" maxlength={1000} />
        <Button>{t("cycle.submit", { stage: stageName(view, "assessment") })}</Button>
      </PostForm>
    </section>
  );
}
