import { RegisterWaitInput } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import { ServiceUnavailableError, WorkflowTaskGoneError } from "../../core/errors.js";
import { registerReportsWait } from "../../core/monitoring/reports-wait.js";
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
  try {
    if (input.wait === "reports") {
      if (input.periodIndex === undefined) throw new Error("a reports wait needs periodIndex");
      const ref = { country: input.country, cycleId: input.cycleId, periodIndex: input.periodIndex };
      return await registerReportsWait(deps, ref, input.token);
    }
    if (!input.stage) throw new Error(`a ${input.wait} wait needs a stage`);
    return await registerStageWait(
      deps,
      { country: input.country, cycleId: input.cycleId, stage: input.stage },
      input.wait,
      input.token,
    );
  } catch (error) {
    // The token is stored; a delivery that failed now is retried (a stage's by the reconciler, a period's when its
    // deadline passes and remindReports finds the round complete), so the wait itself stands.
    if (error instanceof ServiceUnavailableError || error instanceof WorkflowTaskGoneError) {
      logger?.warn("wait registered, immediate delivery deferred", {
        error: error.name,
        ...(input.stage ? { stage: input.stage } : { periodIndex: input.periodIndex }),
      });
      return { registered: true };
    }
    throw error;
  }
}
