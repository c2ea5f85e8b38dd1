import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { ensureWorkflows, reconcileDeliveries } from "../core/use-cases/resume.js";
import { createRuntime, instrument, readEnv } from "./runtime.js";
import { sfnWorkflow } from "./sfn.js";

// Runs on a schedule: re-sends stored outcomes the workflow never confirmed (outbox markers) and starts, by their
// deterministic names, executions that should be running but never started. Both are idempotent.
const runtime = createRuntime(readEnv(), sfnWorkflow);

export const handler = instrument(runtime, "reconcile", async () => {
  const deliveries = await reconcileDeliveries(runtime.deps);
  const workflows = await ensureWorkflows(runtime.deps);
  runtime.metrics.addMetric("OutcomesDelivered", MetricUnit.Count, deliveries.delivered);
  runtime.metrics.addMetric(
    "ReconcileFailures",
    MetricUnit.Count,
    deliveries.failed.length + workflows.failed,
  );
  if (deliveries.failed.length > 0)
    runtime.logger.warn("some outcomes could not be delivered", { failed: deliveries.failed });
  return { deliveries, workflows };
});
