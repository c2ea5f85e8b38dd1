import type { CoreDeps } from "../../../functions/core/changes.js";
import { submitReport } from "../../../functions/core/monitoring/submit-report.js";
import type { Principal } from "../../../functions/core/principal.js";
import { freezeStage } from "../../../functions/core/versions/freeze.js";
import { openPeriod } from "../../../functions/workflow/tasks/period-tasks.js";
import { registerWait } from "../../../functions/workflow/tasks/register-wait.js";
import { type CycleRef, coordinator, FIXTURE_TIME } from "../../support/fixtures.js";
import { seedMonitoredCycle } from "../core/monitoring-fixtures.js";

// A cycle being monitored and shared with a donor, for the donor and monitoring page tests: the plan of
// monitoring-fixtures.ts approved and frozen as version 1, shared with "giz", its first period (Q3 2026) open, and
// the police's report for it in, with 3 victims identified (a count under the threshold of 5) and 60 trained.

export const DONOR_ORG = "giz";

export const POLICE: Principal = {
  role: "member",
  sub: "police-1",
  country: "KEN",
  agency: "national-police",
};

export async function seedSharedCycle(
  deps: CoreDeps,
  ref: CycleRef,
  options: { report?: boolean; organisation?: string } = {},
) {
  const organisation = options.organisation ?? DONOR_ORG;
  await seedMonitoredCycle(deps.store, ref);
  const loaded = await deps.store.getCycle(ref.country, ref.cycleId);
  const stage = loaded?.stages.find((s) => s.stage === "action_plan");
  if (!loaded || !stage) throw new Error("the monitored cycle was not stored");
  const frozen = await freezeStage(deps, loaded.cycle, stage, 1, FIXTURE_TIME);
  await deps.store.commit({
    writes: [
      frozen.write,
      {
        entity: "stage",
        item: { ...stage, versionNumber: 1, version: stage.version + 1 },
        expectedVersion: stage.version,
      },
      {
        entity: "record",
        item: {
          kind: "share",
          id: organisation,
          country: ref.country,
          cycleId: ref.cycleId,
          organisation,
          sharedBy: coordinator,
          sharedAt: FIXTURE_TIME,
          updatedAt: FIXTURE_TIME,
          version: 1,
        },
        expectedVersion: null,
      },
    ],
    events: [],
  });
  const task = { country: ref.country, cycleId: ref.cycleId, periodIndex: 0 };
  await openPeriod(deps, task);
  await registerWait(deps, { ...task, wait: "reports", token: "token-q3" });
  if (options.report !== false) {
    await submitReport(deps, POLICE, ref.country, ref.cycleId, 0, {
      activities: [
        { activityId: "act-train", status: "on_track", percentComplete: 40, spend: 2500, narrative: "" },
        { activityId: "act-border", status: "delayed", percentComplete: 10, spend: 500, narrative: "" },
      ],
      indicatorActuals: [
        { indicatorId: "ind-victims", value: 3, disaggregation: { sex: { female: 2, male: 1 } } },
        { indicatorId: "ind-trained", value: 60, disaggregation: {} },
      ],
      narrative: "Two trainings held in Mombasa.",
    });
  }
}
