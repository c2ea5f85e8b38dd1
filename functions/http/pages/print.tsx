import { type Context, Hono } from "hono";
import { getPlan } from "../../core/action-plan/use-cases.js";
import type { DonorCycleView } from "../../core/donors/donor-views.js";
import { NotFoundError } from "../../core/errors.js";
import { getCycle } from "../../core/use-cases/cycles.js";
import { loadCycle } from "../../core/use-cases/load.js";
import { getVersion } from "../../core/versions/read.js";
import { countryOf, type PageDeps, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { latestApprovedPlan } from "./donor.js";
import { render } from "./layout.js";
import { timelineModel } from "./plan-timeline-model.js";
import { type ApprovedPlan, approvedPlan } from "./plan-version-model.js";
import { type PrintablePlan, PrintPlan } from "./print-plan.js";

// The printable action plan, /app/cycles/{id}/plan/print: the government prints the live plan, or an approved
// version with ?version=N; a donor prints the latest approved version (or an earlier one), never the draft.

type C = Context<WebEnv>;

function versionAsked(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1) throw new NotFoundError(`there is no version ${value}`);
  return Number(value);
}

export function printPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  async function printable(c: C, cycleId: string, asked: number | undefined): Promise<PrintablePlan> {
    const principal = c.get("principal");
    const country = await countryOf(c, deps, cycleId);
    const printedAt = deps.now().toISOString();
    const versionOf = async (cycle: Parameters<typeof approvedPlan>[1], n: number) =>
      approvedPlan(await getVersion(deps, principal, country, cycleId, "action_plan", n), cycle);
    const printed = (cycle: PrintablePlan["cycle"], plan: ApprovedPlan): PrintablePlan => ({
      cycle,
      status: { kind: "version", number: plan.number, approvedAt: plan.approvedAt },
      objectives: plan.objectives,
      totals: plan.totals,
      timeline: plan.timeline,
      threshold: plan.threshold,
      printedAt,
    });
    if (principal.role === "donor") {
      const cycle = (await getCycle(deps, principal, country, cycleId)) as DonorCycleView;
      const plan =
        asked === undefined
          ? await latestApprovedPlan(deps, c, country, cycle)
          : await versionOf(cycle, asked);
      if (!plan) throw new NotFoundError(`cycle ${cycleId} has no approved action plan yet`);
      return printed(cycle, plan);
    }
    const { cycle } = await loadCycle(deps, principal, country, cycleId, "cycle.read");
    if (asked !== undefined) return printed(cycle, await versionOf(cycle, asked));
    const plan = await getPlan(deps, principal, country, cycleId);
    // An approved plan not being amended is its latest version: printed as such, with its number and date.
    if (plan.stage.state === "approved" && plan.stage.versionNumber) {
      return printed(cycle, await versionOf(cycle, plan.stage.versionNumber));
    }
    return {
      cycle,
      status: { kind: "live", state: plan.stage.state },
      objectives: plan.objectives,
      totals: plan.totals,
      timeline: timelineModel(plan),
      threshold: plan.settings.suppressionThreshold,
      printedAt,
    };
  }

  router.get("/cycles/:cycleId/plan/print", async (c) => {
    const cycleId = c.req.param("cycleId");
    const plan = await printable(c, cycleId, versionAsked(c.req.query("version")));
    const view = c.get("view");
    const title = view.t("print.title");
    const donor = c.get("principal").role === "donor";
    return render(c, {
      title,
      body: (
        <>
          <CycleHeader
            view={view}
            cycle={{ id: cycleId, title: plan.cycle.title }}
            current={donor ? "donor" : "plan"}
            title={title}
          />
          <PrintPlan view={view} plan={plan} />
        </>
      ),
    });
  });

  return router;
}
