import { CloseCycleInput } from "../../../workflows/schemas.js";
import { auditEvent, type CoreDeps, change, isoNow, recordChange } from "../../core/changes.js";
import type { Cycle } from "../../core/cycle.js";
import { computeSummary } from "../../core/donors/closing.js";
import { workflowActor } from "../../core/principal.js";
import { loadForTask } from "./context.js";

/**
 * The end of the cycle: its final summary is computed and stored in the same transaction as the closing, so a
 * closed cycle always has one. Idempotent: a closed cycle is left as it is, and of two racing runs the second
 * loses on the cycle's version and finds it closed when the task is retried.
 */
export async function closeCycle(deps: CoreDeps, raw: unknown): Promise<Record<string, never>> {
  const input = CloseCycleInput.parse(raw);
  const { cycle, stages } = await loadForTask(deps, input.country, input.cycleId);
  if (cycle.status === "closed") return {};
  const at = isoNow(deps);
  const closed: Cycle = {
    ...cycle,
    status: "closed",
    position: { kind: "close" },
    updatedAt: at,
    version: cycle.version + 1,
  };
  const summary = await computeSummary(deps, cycle, stages, at);
  const actor = workflowActor("closeCycle");
  const { activities, budget, indicators } = summary;
  await deps.store.commit({
    writes: [
      { entity: "record", item: summary, expectedVersion: null },
      { entity: "cycle", item: closed, expectedVersion: cycle.version },
    ],
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor,
        action: "cycle.summarised",
        summary:
          `Final summary: ${activities.completed} of ${activities.total} activities completed, ` +
          `${budget.spent} of ${budget.planned}${budget.currency ? ` ${budget.currency}` : ""} spent, ` +
          `${indicators.met} of ${indicators.total} indicators met`,
        changes: [recordChange(null, summary)],
      }),
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor,
        action: "cycle.closed",
        summary: `Cycle "${cycle.title}" closed`,
        changes: [change("cycle", cycle.id, cycle, closed)],
      }),
    ],
  });
  return {};
}
