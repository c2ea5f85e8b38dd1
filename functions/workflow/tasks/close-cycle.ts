import { CloseCycleInput } from "../../../workflows/schemas.js";
import { auditEvent, type CoreDeps, change, isoNow } from "../../core/changes.js";
import type { Cycle } from "../../core/cycle.js";
import { workflowActor } from "../../core/principal.js";
import { loadForTask } from "./context.js";

/** The end of the cycle: it becomes read-only history. */
export async function closeCycle(deps: CoreDeps, raw: unknown): Promise<Record<string, never>> {
  const input = CloseCycleInput.parse(raw);
  const { cycle } = await loadForTask(deps, input.country, input.cycleId);
  if (cycle.status === "closed") return {};
  const at = isoNow(deps);
  const closed: Cycle = {
    ...cycle,
    status: "closed",
    position: { kind: "close" },
    updatedAt: at,
    version: cycle.version + 1,
  };
  await deps.store.commit({
    writes: [{ entity: "cycle", item: closed, expectedVersion: cycle.version }],
    events: [
      auditEvent(deps, at, {
        country: cycle.country,
        cycleId: cycle.id,
        actor: workflowActor("closeCycle"),
        action: "cycle.closed",
        summary: `Cycle "${cycle.title}" closed`,
        changes: [change("cycle", cycle.id, cycle, closed)],
      }),
    ],
  });
  return {};
}
