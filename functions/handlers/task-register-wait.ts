import { createRuntime, createTaskHandler, readEnv } from "./runtime.js";
import { sfnWorkflow } from "./sfn.js";

// The one task that completes waits itself (a resumed execution whose awaited event already happened).
export const handler = createTaskHandler("registerWait", createRuntime(readEnv(), sfnWorkflow));
