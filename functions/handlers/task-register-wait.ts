import { createTaskHandler } from "./runtime.js";

export const handler = createTaskHandler("registerWait");
