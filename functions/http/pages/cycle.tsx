import { Hono } from "hono";
import { z } from "zod";
import { StageName } from "../../../workflows/schemas.js";
import type { DonorCycleView } from "../../core/donors/donor-views.js";
import { shareCycle } from "../../core/donors/shares.js";
import { ValidationError } from "../../core/errors.js";
import { OrgSlug } from "../../core/principal.js";
import { getCycle } from "../../core/use-cases/cycles.js";
import { submitStage } from "../../core/use-cases/stages.js";
import type { CycleView, StageView } from "../../core/views.js";
import { Badge, Button, Field, PostForm, Table } from "./components.js";
import { countryOf, type PageDeps, paths, type View, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { redirectWithFlash } from "./flash.js";
import { parseForm } from "./forms.js";
import { DateText, positionText, StateBadge, stageName } from "./labels.js";
import { render } from "./layout.js";

/**
 * `/app/cycles/:cycleId`: where a cycle stands (the stage timeline with each stage's state and deadlines, who must
 * still sign, the approved versions), and the actions the reader may take now: the coordinator submits the current
 * stage or shares the cycle with a donor; a ministry goes to the review of a stage awaiting its signature.
 */
export function cyclePages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  router.get("/cycles/:cycleId", async (c) => {
    const cycleId = c.req.param("cycleId");
    const country = await countryOf(c, deps, cycleId);
    const principal = c.get("principal");
    const cycle = await getCycle(deps, principal, country, cycleId);
    const view = c.get("view");
    const body =
      "stages" in cycle && "waitingOn" in cycle ? (
        <Overview view={view} cycle={cycle} />
      ) : (
        <DonorOverview view={view} cycle={cycle as DonorCycleView} />
      );
    return render(c, { title: cycle.title, body });
  });

  router.post("/cycles/:cycleId/stages/:stage/submit", async (c) => {
    const cycleId = c.req.param("cycleId");
    const stage = StageName.safeParse(c.req.param("stage"));
    if (!stage.success) throw new ValidationError("stage: is not a stage of a cycle");
    const country = await countryOf(c, deps, cycleId);
    const form = await parseForm(c, z.object({ note: z.string().trim().max(1000).optional() }));
    const note = form.ok && form.data.note ? { note: form.data.note } : {};
    await submitStage(deps, c.get("principal"), country, cycleId, stage.data, note);
    return redirectWithFlash(c, paths.cycle(cycleId), "success", "cycle.submittedFlash", {
      stage: stageName(c.get("view"), stage.data),
    });
  });

  router.post("/cycles/:cycleId/shares", async (c) => {
    const cycleId = c.req.param("cycleId");
    const country = await countryOf(c, deps, cycleId);
    const form = await parseForm(c, z.object({ organisation: OrgSlug }));
    if (!form.ok) throw new ValidationError(`organisation: ${form.errors.organisation ?? "is required"}`);
    await shareCycle(deps, c.get("principal"), country, cycleId, { organisation: form.data.organisation });
    return redirectWithFlash(c, paths.cycle(cycleId), "success", "cycle.shared", {
      organisation: form.data.organisation,
    });
  });

  return router;
}

type Step = { key: string; name: string; status: "done" | "current" | "upcoming"; stage?: StageView };

function steps(view: View, cycle: CycleView): Step[] {
  const pos = cycle.position;
  const closed = cycle.status === "closed";
  const stageSteps: Step[] = cycle.stages.map((s) => ({
    key: s.stage,
    name: stageName(view, s.stage),
    status: cycle.currentStage === s.stage ? "current" : s.state === "approved" ? "done" : "upcoming",
    stage: s,
  }));
  const monitoring: Step = {
    key: "monitoring",
    name: view.t("stage.monitoring"),
    status: pos.kind === "period" ? "current" : pos.kind === "close" || closed ? "done" : "upcoming",
  };
  const closing: Step = {
    key: "closed",
    name: view.t("stage.closed"),
    status: closed ? "done" : pos.kind === "close" ? "current" : "upcoming",
  };
  return [...stageSteps, monitoring, closing];
}

function Timeline(props: { view: View; cycle: CycleView }) {
  const { view } = props;
  const { t } = view;
  return (
    <ol class="timeline" aria-label={t("cycle.timeline")}>
      {steps(view, props.cycle).map((step) => (
        <li class={`is-${step.status}`} aria-current={step.status === "current" ? "step" : undefined}>
          <span class="name">{step.name}</span>
          <span class="visually-hidden">: </span>
          {step.stage ? (
            <StateBadge view={view} state={step.stage.state} />
          ) : (
            <Badge tone={step.status === "current" ? "info" : step.status === "done" ? "success" : "neutral"}>
              {t(`state.${step.status}`)}
            </Badge>
          )}
          {step.stage?.versionNumber ? (
            <div>
              <a href={paths.version(props.cycle.id, step.stage.stage, step.stage.versionNumber)}>
                {t("cycle.versionN", { n: step.stage.versionNumber })}
              </a>
            </div>
          ) : null}
          {step.key === "monitoring" && props.cycle.position.kind === "period" ? (
            <div class="muted">{positionText(view, props.cycle)}</div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Overview(props: { view: View; cycle: CycleView }) {
  const { view, cycle } = props;
  const { t } = view;
  const principal = view.principal;
  // The stage being worked on, and any approved stage reopened for an amendment: each can be submitted or decided.
  const live = cycle.stages.filter((s) => s.stage === cycle.currentStage || s.amendment);
  const toDecide = live.filter(
    (s) =>
      principal?.role === "approver" &&
      s.state === "submitted" &&
      principal.ministry !== undefined &&
      s.awaiting.includes(principal.ministry),
  );
  const toSubmit = live.filter(
    (s) => principal?.role === "coordinator" && (s.state === "draft" || s.state === "returned"),
  );
  const returned = live.filter((s) => s.state === "returned" && s.returnReason);
  return (
    <div class="stack">
      <CycleHeader view={view} cycle={cycle} current="overview" title={cycle.title}>
        <p>
          <strong>{t("cycle.now")}</strong> {positionText(view, cycle)} ·{" "}
          <strong>{t("cycle.waitingOn")}</strong> <bdi data-testid="waiting-on">{cycle.waitingOn}</bdi>
        </p>
      </CycleHeader>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("cycle.timeline")}</h2>
        <Timeline view={view} cycle={cycle} />
      </section>
      {returned.map((stage) => (
        <div class="flash flash-warning" role="note">
          <p>
            <strong>{t("cycle.returnedBecause", { stage: stageName(view, stage.stage) })}</strong>{" "}
            <span data-testid="return-reason">{stage.returnReason}</span>
          </p>
        </div>
      ))}
      {toDecide.map((stage) => (
        <p>
          <a class="button" href={paths.review(cycle.id, stage.stage)}>
            {t("cycle.reviewAndDecide", { stage: stageName(view, stage.stage) })}
          </a>
        </p>
      ))}
      {toSubmit.map((stage) => (
        <section aria-labelledby={`submit-${stage.stage}`} class="card no-print">
          <h2 id={`submit-${stage.stage}`}>
            {t("cycle.submitHeading", { stage: stageName(view, stage.stage) })}
          </h2>
          <p>{t("cycle.submitHint")}</p>
          <PostForm view={view} action={paths.submitStage(cycle.id, stage.stage)}>
            <Field
              view={view}
              name="note"
              id={`note-${stage.stage}`}
              label={t("cycle.submitNote")}
              type="textarea"
              maxlength={1000}
            />
            <Button>{t("cycle.submit", { stage: stageName(view, stage.stage) })}</Button>
          </PostForm>
        </section>
      ))}
      <StageTable view={view} cycle={cycle} />
      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("cycle.facts")}</h2>
        <dl class="facts">
          <dt>{t("cycle.frameworks")}</dt>
          <dd>{cycle.frameworks.map((f) => `${f.id} ${f.version}`).join(", ")}</dd>
          <dt>{t("cycle.planPeriod")}</dt>
          <dd>
            <DateText view={view} iso={cycle.planPeriod.start} /> –{" "}
            <DateText view={view} iso={cycle.planPeriod.end} />
          </dd>
          <dt>{t("cycle.cadence")}</dt>
          <dd>{t(`cadence.${cycle.reportingCadence}`)}</dd>
          <dt>{t("cycle.created")}</dt>
          <dd>
            <DateText view={view} iso={cycle.createdAt} />
          </dd>
        </dl>
      </section>
      {principal?.role === "coordinator" ? (
        <section aria-labelledby="share-heading" class="card no-print">
          <h2 id="share-heading">{t("cycle.shareHeading")}</h2>
          <p class="hint">{t("cycle.shareHint")}</p>
          <PostForm view={view} action={`${paths.cycle(cycle.id)}/shares`}>
            <Field
              view={view}
              name="organisation"
              label={t("cycle.shareOrganisation")}
              required
              minlength={3}
            />
            <Button variant="secondary">{t("cycle.share")}</Button>
          </PostForm>
        </section>
      ) : null}
    </div>
  );
}

function StageTable(props: { view: View; cycle: CycleView }) {
  const { view, cycle } = props;
  const { t } = view;
  return (
    <section aria-labelledby="stages-heading">
      <h2 id="stages-heading">{t("cycle.stages")}</h2>
      <Table
        caption={t("cycle.stagesCaption")}
        columns={[
          { label: t("cycle.col.stage") },
          { label: t("cycle.col.state") },
          { label: t("cycle.col.deadlines") },
          { label: t("cycle.col.signatures") },
          { label: t("cycle.col.versions") },
        ]}
      >
        {cycle.stages.map((s) => (
          <tr>
            <th scope="row">{stageName(view, s.stage)}</th>
            <td>
              <StateBadge view={view} state={s.state} />
              {s.round > 0 ? <div class="muted">{t("cycle.round", { n: s.round })}</div> : null}
              {s.amendment ? (
                <div>{t("cycle.amending", { n: s.amendment.number, reason: s.amendment.reason })}</div>
              ) : null}
            </td>
            <td>
              <Deadlines view={view} stage={s} />
            </td>
            <td>
              <div class="muted">
                {t(s.policy.rule.type === "all" ? "cycle.ruleAll" : "cycle.ruleQuorum", {
                  n: s.policy.rule.type === "quorum" ? s.policy.rule.n : s.policy.ministries.length,
                })}
              </div>
              <ul>
                {s.policy.ministries.map((m) => {
                  const decision = s.decisions.find((d) => d.ministry === m);
                  const awaiting = s.awaiting.includes(m);
                  return (
                    <li>
                      {m}
                      {decision ? (
                        <>
                          {" "}
                          <Badge tone={decision.decision === "approve" ? "success" : "danger"}>
                            {t(decision.decision === "approve" ? "cycle.signed" : "cycle.returnedBy")}
                          </Badge>
                        </>
                      ) : awaiting ? (
                        <>
                          {" "}
                          <Badge tone="warning">{t("cycle.mustSign")}</Badge>
                        </>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </td>
            <td>
              {s.versionNumber ? (
                <a href={paths.versions(cycle.id, s.stage)}>
                  {t("cycle.versionsOf", { n: s.versionNumber })}
                </a>
              ) : (
                <span class="muted">{t("common.none")}</span>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function Deadlines(props: { view: View; stage: StageView }) {
  const { view, stage } = props;
  const { t } = view;
  const rows: [string, string | undefined][] = [
    [t("cycle.opened"), stage.openedAt],
    [
      t("cycle.submissionDue"),
      stage.state === "draft" || stage.state === "returned" ? stage.submissionDueAt : undefined,
    ],
    [t("cycle.submitted"), stage.submittedAt],
    [t("cycle.decisionDue"), stage.state === "submitted" ? stage.decisionDueAt : undefined],
    [t("cycle.approved"), stage.approvedAt],
  ];
  const shown = rows.filter((r) => r[1]);
  if (shown.length === 0) return <span class="muted">{t("common.none")}</span>;
  return (
    <dl class="facts">
      {shown.map(([label, iso]) => (
        <>
          <dt>{label}</dt>
          <dd>
            <DateText view={view} iso={iso} />
          </dd>
        </>
      ))}
      {stage.overdue ? (
        <>
          <dt>{t("common.overdue")}</dt>
          <dd>
            <Badge tone="danger">
              {t(stage.overdue === "submission" ? "cycle.overdueSubmission" : "cycle.overdueDecision")}
            </Badge>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function DonorOverview(props: { view: View; cycle: DonorCycleView }) {
  const { view, cycle } = props;
  const { t } = view;
  return (
    <div class="stack">
      <CycleHeader view={view} cycle={cycle} current="overview" title={cycle.title}>
        <p>
          {cycle.country} · {positionText(view, cycle)}
        </p>
      </CycleHeader>
      <Table
        caption={t("cycle.approvedVersions")}
        columns={[
          { label: t("cycle.col.stage") },
          { label: t("cycle.col.approved") },
          { label: t("cycle.col.signatures") },
        ]}
      >
        {cycle.stages.map((s) => (
          <tr>
            <th scope="row">{stageName(view, s.stage)}</th>
            <td>
              {s.approved ? (
                <a href={paths.version(cycle.id, s.stage, s.approved.number)}>
                  {t("cycle.versionApprovedOn", { n: s.approved.number })}{" "}
                  <DateText view={view} iso={s.approved.approvedAt} />
                </a>
              ) : (
                <span class="muted">{t("cycle.notYetApproved")}</span>
              )}
            </td>
            <td>{s.approved ? s.approved.ministries.join(", ") : ""}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
