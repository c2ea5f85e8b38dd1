import { type Context, Hono } from "hono";
import { StageName } from "../../../workflows/schemas.js";
import { ValidationError } from "../../core/errors.js";
import { authorizeRole } from "../../core/permissions.js";
import type { Principal } from "../../core/principal.js";
import type { StageSnapshot } from "../../core/stage-content.js";
import { STAGE_CONTENTS } from "../../core/stage-contents.js";
import { getCycle, listCycles } from "../../core/use-cases/cycles.js";
import { loadCycle } from "../../core/use-cases/load.js";
import { DecideStageInput, decideStage } from "../../core/use-cases/stages.js";
import { diffVersions } from "../../core/versions/read.js";
import type { VersionDiff } from "../../core/versions/views.js";
import type { CycleView, StageView } from "../../core/views.js";
import {
  Badge,
  Button,
  ErrorSummary,
  Field,
  type FieldErrors,
  Flash,
  PostForm,
  Table,
} from "./components.js";
import { countryOf, type PageDeps, paths, type View, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { issuesToErrors, readForm } from "./forms.js";
import { DateText, measureTexts, StateBadge, stageName } from "./labels.js";
import { render } from "./layout.js";
import { DiffView, SnapshotView } from "./snapshot-view.js";

/**
 * For ministries: `/app/approvals` lists the stages submitted in their country that their ministry must sign;
 * `/stages/:stage/review` shows exactly what is being approved (the submitted content; for an amendment of an
 * approved stage, its difference from the last approved version) with the round it belongs to, and the two decisions:
 * approve, or return with a reason (required by the browser and by the server alike).
 */

// A country runs a few cycles at a time: reading each one's stages is a handful of reads, not a scan.
const CYCLES_SCANNED = 25;

type Pending = { cycle: CycleView; stage: StageView; decided: boolean };

async function pendingFor(deps: PageDeps, principal: Principal): Promise<Pending[]> {
  authorizeRole(principal, "stage.decide");
  const page = await listCycles(deps, principal, {}, { limit: CYCLES_SCANNED });
  const cycles = await Promise.all(
    page.items
      .filter((s) => s.status === "active")
      .map((s) => getCycle(deps, principal, s.country, s.id) as Promise<CycleView>),
  );
  const ministry = principal.ministry ?? "";
  return cycles.flatMap((cycle) =>
    cycle.stages
      .filter((s) => s.state === "submitted" && s.policy.ministries.includes(ministry))
      .map((stage) => ({ cycle, stage, decided: stage.decisions.some((d) => d.ministry === ministry) })),
  );
}

export function approvalPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  router.get("/approvals", async (c) => {
    const view = c.get("view");
    const { t } = view;
    const pending = await pendingFor(deps, c.get("principal"));
    return render(c, {
      title: t("approvals.title"),
      nav: "approvals",
      body: (
        <div class="stack">
          <h1>{t("approvals.title")}</h1>
          <p>{t("approvals.intro")}</p>
          {pending.length === 0 ? (
            <p data-testid="no-approvals">{t("approvals.none")}</p>
          ) : (
            <Table
              caption={t("approvals.caption")}
              columns={[
                { label: t("home.col.cycle") },
                { label: t("cycle.col.stage") },
                { label: t("approvals.col.submitted") },
                { label: t("cycle.decisionDue") },
                { label: t("approvals.col.yours") },
              ]}
            >
              {pending.map(({ cycle, stage, decided }) => (
                <tr>
                  <th scope="row">
                    <a href={paths.review(cycle.id, stage.stage)}>
                      {cycle.title}
                      <span class="visually-hidden">: {stageName(view, stage.stage)}</span>
                    </a>
                  </th>
                  <td>
                    {stageName(view, stage.stage)}
                    {stage.amendment ? (
                      <div class="muted">{t("approvals.amendment", { n: stage.amendment.number })}</div>
                    ) : null}
                    <div class="muted">{t("cycle.round", { n: stage.round })}</div>
                  </td>
                  <td>
                    <DateText view={view} iso={stage.submittedAt} />
                  </td>
                  <td>
                    <DateText view={view} iso={stage.decisionDueAt} />{" "}
                    {stage.overdue ? <Badge tone="danger">{t("common.overdue")}</Badge> : null}
                  </td>
                  <td>
                    {decided ? (
                      <Badge tone="success">{t("approvals.decided")}</Badge>
                    ) : (
                      <Badge tone="warning">{t("cycle.mustSign")}</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </div>
      ),
    });
  });

  router.get("/cycles/:cycleId/stages/:stage/review", (c) => reviewPage(deps, c, {}));

  router.post("/cycles/:cycleId/stages/:stage/decision", async (c) => {
    const cycleId = c.req.param("cycleId");
    const stage = stageParam(c.req.param("stage"));
    const country = await countryOf(c, deps, cycleId);
    const raw = await readForm(c);
    const input = DecideStageInput.safeParse({
      decision: raw.decision,
      ...(raw.reason?.trim() ? { reason: raw.reason } : {}),
      ...(raw.round ? { round: Number(raw.round) } : {}),
    });
    if (!input.success) return reviewPage(deps, c, issuesToErrors(input.error), raw.reason ?? "", 400);
    await decideStage(deps, c.get("principal"), country, cycleId, stage, input.data);
    return redirectWithFlash(
      c,
      paths.approvals(),
      "success",
      input.data.decision === "approve" ? "approvals.approvedFlash" : "approvals.returnedFlash",
      { stage: stageName(c.get("view"), stage) },
    );
  });

  return router;
}

function stageParam(value: string): StageName {
  const parsed = StageName.safeParse(value);
  if (!parsed.success) throw new ValidationError("stage: is not a stage of a cycle");
  return parsed.data;
}

/** What the ministries are asked to sign: the live content of a submitted stage (it cannot change while submitted). */
async function submittedContent(
  deps: PageDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  stage: StageName,
): Promise<StageSnapshot> {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  return STAGE_CONTENTS[stage].snapshot(deps, cycle);
}

async function reviewPage(
  deps: PageDeps,
  c: Context<WebEnv>,
  errors: FieldErrors,
  reason = "",
  status: 200 | 400 = 200,
) {
  const cycleId = c.req.param("cycleId") ?? "";
  const stageName_ = stageParam(c.req.param("stage") ?? "");
  const country = await countryOf(c, deps, cycleId);
  const principal = c.get("principal");
  const cycle = (await getCycle(deps, principal, country, cycleId)) as CycleView;
  const stage = cycle.stages.find((s) => s.stage === stageName_);
  if (!stage) throw new ValidationError("stage: is not a stage of a cycle");
  const [content, diff] = await Promise.all([
    submittedContent(deps, principal, country, cycleId, stage.stage),
    stage.versionNumber
      ? diffVersions(deps, principal, country, cycleId, stage.stage, stage.versionNumber, "current")
      : Promise.resolve<VersionDiff | undefined>(undefined),
  ]);
  const view = c.get("view");
  const { t } = view;
  const ministry = principal.ministry;
  const mine = stage.decisions.find((d) => d.ministry === ministry);
  const mayDecide =
    principal.role === "approver" &&
    stage.state === "submitted" &&
    ministry !== undefined &&
    stage.policy.ministries.includes(ministry) &&
    !mine;
  const title = t("review.title", { stage: stageName(view, stage.stage) });
  return render(c, {
    title,
    status,
    nav: "approvals",
    body: (
      <div class="stack">
        <CycleHeader view={view} cycle={cycle} current="none" title={title}>
          <p>
            <StateBadge view={view} state={stage.state} /> {t("cycle.round", { n: stage.round })} ·{" "}
            {t("cycle.submitted")} <DateText view={view} iso={stage.submittedAt} /> · {t("cycle.decisionDue")}{" "}
            <DateText view={view} iso={stage.decisionDueAt} />
          </p>
        </CycleHeader>
        {mine ? (
          <Flash tone="info">
            <p>
              {t("review.alreadyDecided", {
                decision: t(mine.decision === "approve" ? "cycle.signed" : "cycle.returnedBy"),
              })}
            </p>
          </Flash>
        ) : null}
        {stage.state !== "submitted" ? (
          <Flash tone="info">
            <p>{t("review.notSubmitted")}</p>
          </Flash>
        ) : null}
        <p>
          {t(stage.awaiting.length > 0 ? "review.awaiting" : "review.awaitingNone", {
            ministries: stage.awaiting.join(", "),
          })}
        </p>
        {diff && stage.versionNumber ? (
          <section aria-labelledby="diff-heading">
            <h2 id="diff-heading">{t("review.changesSince", { n: stage.versionNumber })}</h2>
            {stage.amendment ? (
              <p>{t("review.amendmentReason", { reason: stage.amendment.reason })}</p>
            ) : null}
            <DiffView view={view} diff={diff} />
            <p>
              <a href={paths.version(cycleId, stage.stage, stage.versionNumber)}>
                {t("review.lastApproved", { n: stage.versionNumber })}
              </a>
            </p>
          </section>
        ) : null}
        {mayDecide ? (
          <DecisionForms view={view} cycleId={cycleId} stage={stage} errors={errors} reason={reason} />
        ) : null}
        <section aria-labelledby="content-heading">
          <h2 id="content-heading">{t("review.content")}</h2>
          <SnapshotView
            view={view}
            stage={stage.stage}
            snapshot={content}
            caption={t("review.contentCaption", { count: Object.keys(content).length })}
            measureText={measureTexts(cycle)}
          />
        </section>
      </div>
    ),
  });
}

function DecisionForms(props: {
  view: View;
  cycleId: string;
  stage: StageView;
  errors: FieldErrors;
  reason: string;
}) {
  const { view, stage } = props;
  const { t } = view;
  const action = paths.decide(props.cycleId, stage.stage);
  return (
    <section aria-labelledby="decide-heading" class="card stack">
      <h2 id="decide-heading">{t("review.decide")}</h2>
      <ErrorSummary view={view} errors={props.errors} labels={{ reason: t("review.reason") }} />
      <div class="grid-2">
        <PostForm view={view} action={action} aria-labelledby="return-heading">
          <h3 id="return-heading">{t("review.returnHeading")}</h3>
          <input type="hidden" name="decision" value="return" />
          <input type="hidden" name="round" value={String(stage.round)} />
          <Field
            view={view}
            name="reason"
            label={t("review.reason")}
            type="textarea"
            value={props.reason}
            hint={t("review.reasonHint")}
            error={props.errors.reason}
            required
            minlength={5}
            maxlength={2000}
          />
          <Button variant="danger">{t("review.return")}</Button>
        </PostForm>
        <PostForm view={view} action={action} aria-labelledby="approve-heading">
          <h3 id="approve-heading">{t("review.approveHeading")}</h3>
          <p>{t("review.approveHint", { round: stage.round })}</p>
          <input type="hidden" name="decision" value="approve" />
          <input type="hidden" name="round" value={String(stage.round)} />
          <Button>{t("review.approve")}</Button>
        </PostForm>
      </div>
    </section>
  );
}
