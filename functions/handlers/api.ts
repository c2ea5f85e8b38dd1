import { handle } from "hono/aws-lambda";
import { createApiApp } from "../http/api-app.js";
import { createApiGatewayAuthenticator } from "../http/auth.js";
import { createRuntime, instrument, readEnv } from "./runtime.js";
import { sfnWorkflow } from "./sfn.js";

// The JSON API's Lambda: the Hono app of `npm start` without the pages and the exports (they run in the web
// Lambda, functions/handlers/web.ts), with identity taken from the claims API Gateway's JWT authorizer verified.
const runtime = createRuntime(readEnv(), sfnWorkflow);
const app = createApiApp({
  ...runtime.deps,
  authenticate: createApiGatewayAuthenticator(),
  logger: runtime.logger,
});

export const handler = instrument(runtime, "api", handle(app));
