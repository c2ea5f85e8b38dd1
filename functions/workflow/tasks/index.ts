import type { TaskName } from "../../../workflows/schemas.js";
import type { CoreDeps } from "../../core/changes.js";
import { closeCycle } from "./close-cycle.js";
import { closePeriod, openPeriod, planPeriod, remindReports } from "./period-tasks.js";
import { registerWait, type WaitLogger } from "./register-wait.js";
import { closeStage, openStage, stageOverdue } from "./stage-tasks.js";

export type TaskHandler = (input: unknown) => Promise<unknown>;
export type TaskHandlers = Record<TaskName, TaskHandler>;

/** Every task of the planning-cycle workflow, bound to its dependencies: the local engine's and Lambda's handlers. */
export function createTaskHandlers(deps: CoreDeps, logger?: WaitLogger): TaskHandlers {
  return {
    openStage: (input) => openStage(deps, input),
    registerWait: (input) => registerWait(deps, input, logger),
    stageOverdue: (input) => stageOverdue(deps, input),
    closeStage: (input) => closeStage(deps, input),
    planPeriod: (input) => planPeriod(deps, input),
    openPeriod: (input) => openPeriod(deps, input),
    remindReports: (input) => remindReports(deps, input),
    closePeriod: (input) => closePeriod(deps, input),
    closeCycle: (input) => closeCycle(deps, input),
  };
}
