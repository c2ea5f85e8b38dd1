import { nextExecution } from "../../../workflows/schemas.js";
import { auditEvent, type CoreDeps, change, isoNow } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { DomainError, VersionConflictError } from "../errors.js";
import type { CycleRef } from "../ports.js";
import { workflowActor } from "../principal.js";
import { amendmentExecutions } from "../versions/amendment-workflow.js";
import { type DeliveryResult, deliver } from "./delivery.js";

export type ResumeReport = {
  resumed: (CycleRef & { execution: string })[];
  failed: (CycleRef & { error: string })[];
};

/**
 * Starts a fresh execution for every active cycle at the position its data says it stands at. For an engine that
 * has no executions (the local engine after a restart): each cycle's generation is bumped so the new execution has
 * a name of its own, and its first tasks find out from the data what already happened.
 */
export async function resumeAllCycles(deps: CoreDeps): Promise<ResumeReport> {
  const report: ResumeReport = { resumed: [], failed: [] };
  for (const ref of await deps.store.listActiveCycles()) {
    try {
      const execution = await resumeCycle(deps, ref);
      if (execution) report.resumed.push({ ...ref, execution });
    } catch (error) {
      report.failed.push({ ...ref, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

async function resumeCycle(deps: CoreDeps, ref: CycleRef): Promise<string | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await deps.store.getCycle(ref.country, ref.cycleId);
    if (found?.cycle.status !== "active") return undefined;
    const { cycle } = found;
    const at = isoNow(deps);
    const next: Cycle = {
      ...cycle,
      generation: cycle.generation + 1,
      updatedAt: at,
      version: cycle.version + 1,
    };
    try {
      await deps.store.commit({
        writes: [{ entity: "cycle", item: next, expectedVersion: cycle.version }],
        events: [
          auditEvent(deps, at, {
            country: cycle.country,
            cycleId: cycle.id,
            actor: workflowActor("resume"),
            action: "cycle.resumed",
            summary: "The workflow was resumed where the cycle's data stands, after a restart",
            changes: [change("cycle", cycle.id, cycle, next)],
          }),
        ],
      });
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    const execution = nextExecution({
      country: next.country,
      cycleId: next.id,
      position: next.position,
      generation: next.generation,
    });
    await deps.workflow.startExecution(execution);
    // Amendments in progress run executions of their own, started again at their stored generation.
    for (const amendment of amendmentExecutions(next, found.stages))
      await deps.workflow.startExecution(amendment);
    return execution.name;
  }
  throw new VersionConflictError(`cycle ${ref.cycleId} kept changing while being resumed`);
}

export type ReconcileReport = {
  delivered: number;
  pending: number;
  failed: { ref: string; error: string }[];
};

/** Re-sends every stored outcome the workflow has not confirmed yet (outbox markers). Safe to run at any time. */
export async function reconcileDeliveries(deps: CoreDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { delivered: 0, pending: 0, failed: [] };
  for (const ref of await deps.store.listPendingDeliveries()) {
    let result: DeliveryResult;
    try {
      result = await deliver(deps, ref);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.failed.push({ ref: `${ref.country}/${ref.cycleId}/${ref.stage}`, error: error.message });
      continue;
    }
    if (result.delivered) report.delivered++;
    else report.pending++;
  }
  return report;
}

/**
 * Starts, for every active cycle, the execution its data says should run (the cycle's position and generation).
 * StartExecution is idempotent per name, so a running execution is left alone; one that never started (its start
 * failed after the cycle was stored) is started now.
 */
export async function ensureWorkflows(deps: CoreDeps): Promise<{ started: number; failed: number }> {
  let started = 0;
  let failed = 0;
  for (const ref of await deps.store.listActiveCycles()) {
    const found = await deps.store.getCycle(ref.country, ref.cycleId);
    if (found?.cycle.status !== "active") continue;
    const { cycle } = found;
    try {
      await deps.workflow.startExecution(
        nextExecution({
          country: cycle.country,
          cycleId: cycle.id,
          position: cycle.position,
          generation: cycle.generation,
        }),
      );
      for (const amendment of amendmentExecutions(cycle, found.stages))
        await deps.workflow.startExecution(amendment);
      started++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failed++;
    }
  }
  return { started, failed };
}
