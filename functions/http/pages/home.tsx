import { Hono } from "hono";
import type { DonorCycleSummary } from "../../core/donors/donor-views.js";
import type { Notification } from "../../core/notifications.js";
import { can } from "../../core/permissions.js";
import type { Principal } from "../../core/principal.js";
import { getCycle, listCycles } from "../../core/use-cases/cycles.js";
import { readInbox } from "../../core/use-cases/inbox.js";
import type { CycleView, StageView } from "../../core/views.js";
import { Badge, LinkButton, Table } from "./components.js";
import { type PageDeps, paths, type View, type WebEnv } from "./context.js";
import { DateText, positionText, StateBadge } from "./labels.js";
import { render } from "./layout.js";

/**
 * `/app`: the signed-in person's cycles with where each stands, its deadline and whom it waits on, and their inbox.
 * Donors see the cycles shared with their organisation.
 */

// A working group runs one cycle at a time, a handful over the years: the first page is all a home page needs.
const CYCLES_SHOWN = 25;
const NOTIFICATIONS_SHOWN = 10;

export function homePages(deps: PageDeps) {
  const router = new Hono<WebEnv>();
  router.get("/", async (c) => {
    const view = c.get("view");
    const principal = c.get("principal");
    const country = principal.role === "admin" ? c.req.query("country") : undefined;
    if (principal.role === "admin" && !country) {
      return render(c, { title: view.t("home.title"), nav: "home", body: <AdminChooser view={view} /> });
    }
    const page = await listCycles(deps, principal, { country }, { limit: CYCLES_SHOWN });
    const inbox = can(principal, "inbox.read")
      ? await readInbox(deps, principal, { limit: NOTIFICATIONS_SHOWN })
      : undefined;
    let body: unknown;
    if (principal.role === "donor") {
      body = <DonorCycles view={view} cycles={page.items as DonorCycleSummary[]} />;
    } else {
      const cycles = await Promise.all(
        page.items.map((s) => getCycle(deps, principal, s.country, s.id) as Promise<CycleView>),
      );
      body = <Cycles view={view} principal={principal} cycles={cycles} />;
    }
    return render(c, {
      title: view.t("home.title"),
      nav: "home",
      body: (
        <div class="stack">
          <h1>{view.t("home.heading", { name: principal.name ?? principal.sub })}</h1>
          {body}
          {inbox ? <Inbox view={view} items={inbox.items} /> : null}
        </div>
      ),
    });
  });
  return router;
}

function deadlineOf(stage: StageView | undefined): {
  iso: string | undefined;
  kind: "submission" | "decision";
} {
  if (stage?.state === "submitted") return { iso: stage.decisionDueAt, kind: "decision" };
  return { iso: stage?.submissionDueAt, kind: "submission" };
}

function Cycles(props: { view: View; principal: Principal; cycles: CycleView[] }) {
  const { view } = props;
  const { t } = view;
  return (
    <section aria-labelledby="cycles-heading">
      <div class="cluster">
        <h2 id="cycles-heading">{t("home.cycles")}</h2>
        {props.principal.role === "coordinator" ? (
          <LinkButton href={paths.newCycle()} variant="secondary">
            {t("nav.newCycle")}
          </LinkButton>
        ) : null}
      </div>
      {props.cycles.length === 0 ? (
        <p>{t("home.noCycles")}</p>
      ) : (
        <Table
          caption={t("home.cyclesCaption")}
          columns={[
            { label: t("home.col.cycle") },
            { label: t("home.col.stage") },
            { label: t("home.col.deadline") },
            { label: t("home.col.waitingOn") },
          ]}
        >
          {props.cycles.map((cycle) => {
            const stage = cycle.stages.find((s) => s.stage === cycle.currentStage);
            const due = deadlineOf(stage);
            return (
              <tr>
                <th scope="row">
                  <a href={paths.cycle(cycle.id)}>{cycle.title}</a>
                  <div class="muted">
                    {cycle.frameworks.map((f) => `${f.id} ${f.version}`).join(", ")} ·{" "}
                    {cycle.planPeriod.start} – {cycle.planPeriod.end}
                  </div>
                </th>
                <td>
                  <div>{positionText(view, cycle)}</div>
                  {stage ? <StateBadge view={view} state={stage.state} /> : null}
                </td>
                <td>
                  {stage && due.iso ? (
                    <>
                      <span class="muted">
                        {t(due.kind === "decision" ? "home.decisionDue" : "home.submissionDue")}
                      </span>{" "}
                      <DateText view={view} iso={due.iso} />{" "}
                      {stage.overdue ? <Badge tone="danger">{t("common.overdue")}</Badge> : null}
                    </>
                  ) : (
                    <span class="muted">{t("common.none")}</span>
                  )}
                </td>
                <td>{cycle.waitingOn}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}

function DonorCycles(props: { view: View; cycles: DonorCycleSummary[] }) {
  const { view } = props;
  const { t } = view;
  return (
    <section aria-labelledby="shared-heading">
      <h2 id="shared-heading">{t("nav.shared")}</h2>
      {props.cycles.length === 0 ? (
        <p>{t("home.noShared")}</p>
      ) : (
        <Table
          caption={t("home.sharedCaption")}
          columns={[
            { label: t("home.col.cycle") },
            { label: t("home.col.country") },
            { label: t("home.col.stage") },
          ]}
        >
          {props.cycles.map((cycle) => (
            <tr>
              <th scope="row">
                <a href={paths.cycle(cycle.id)}>{cycle.title}</a>
              </th>
              <td>{cycle.country}</td>
              <td>{positionText(view, cycle)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function Inbox(props: { view: View; items: Notification[] }) {
  const { view } = props;
  const { t } = view;
  return (
    <section aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">{t("home.inbox")}</h2>
      {props.items.length === 0 ? (
        <p>{t("home.noInbox")}</p>
      ) : (
        <ul class="stack" data-testid="inbox">
          {props.items.map((n) => (
            <li>
              <a href={paths.cycle(n.cycleId)}>{n.subject}</a>{" "}
              <span class="muted">
                · <DateText view={view} iso={n.at} withTime />
              </span>
              <div>{n.body}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AdminChooser(props: { view: View }) {
  const { t } = props.view;
  return (
    <div class="stack">
      <h1>{t("home.title")}</h1>
      <form method="get" action={paths.home()}>
        <div class="field">
          <label for="admin-country">{t("home.adminCountry")}</label>
          <input id="admin-country" name="country" pattern="[A-Z]{3}" required />
        </div>
        <button class="button" type="submit">
          {t("common.filter")}
        </button>
      </form>
    </div>
  );
}
