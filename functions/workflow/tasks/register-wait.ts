import { RegisterWaitInput } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import { ServiceUnavailableError, VersionConflictError, WorkflowTaskGoneError } from "../../core/errors.js";
import type { ReportingPeriod } from "../../core/period.js";
import { type DeliveryResult, registerStageWait } from "../../core/use-cases/delivery.js";

export type WaitLogger = { warn(message: string, data?: Record<string, unknown>): void };

/**
 * The Lambda behind every callback state: it stores the task token where the API will find it, and completes the
 * wait at once when the awaited thing already happened (a resumed execution). Returning does not end the state;
 * only SendTaskSuccess with this token does.
 */
export async function registerWait(
  deps: CoreDeps,
  raw: unknown,
  logger?: WaitLogger,
): Promise<DeliveryResult | { registered: true }> {
  const input = RegisterWaitInput.parse(raw);
  if (input.wait === "reports") {
    if (input.periodIndex === undefined) throw new Error("a reports wait needs periodIndex");
    return registerReportsWait(deps, { ...input, periodIndex: input.periodIndex });
  }
  if (!input.stage) throw new Error(`a ${input.wait} wait needs a stage`);
  try {
    return await registerStageWait(
      deps,
      { country: input.country, cycleId: input.cycleId, stage: input.stage },
      input.wait,
      input.token,
    );
  } catch (error) {
    // The token is stored; a delivery that failed now is retried by the reconciler, so the wait itself stands.
    if (error instanceof ServiceUnavailableError || error instanceof WorkflowTaskGoneError) {
      logger?.warn("wait registered, immediate delivery deferred", { error: error.name, stage: input.stage });
      return { registered: true };
    }
    throw error;
  }
}

async function registerReportsWait(
  deps: CoreDeps,
  input: { country: string; cycleId: string; periodIndex: number; token: string },
): Promise<{ registered: true }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const period = await deps.store.getPeriod(input.country, input.cycleId, input.periodIndex);
    if (!period) throw new Error(`period ${input.periodIndex} of cycle ${input.cycleId} was never opened`);
    const next: ReportingPeriod = {
      ...period,
      wait: { token: input.token, registeredAt: deps.now().toISOString() },
      version: period.version + 1,
    };
    try {
      await deps.store.commit({
        writes: [{ entity: "period", item: next, expectedVersion: period.version }],
        events: [],
      });
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    if (period.reportsComplete) await deps.workflow.sendTaskSuccess(input.token, { complete: true });
    return { registered: true };
  }
  throw new VersionConflictError(`could not register the reports wait on period ${input.periodIndex}`);
}
