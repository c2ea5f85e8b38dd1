import { handle } from "hono/aws-lambda";
import { createApp } from "../http/app.js";
import { createApiGatewayAuthenticator } from "../http/auth.js";
import { webConfigFromEnv } from "../http/web.js";
import { createRuntime, instrument, readEnv } from "./runtime.js";
import { sfnWorkflow } from "./sfn.js";

// The web Lambda: the pages (signed in through the Cognito hosted UI, session cookie) and the exports and imports
// (bearer tokens, verified by API Gateway's JWT authorizer). The whole app of `npm start`; API Gateway routes only
// the pages' and the exports' paths here (infra/stacks/api-stack.ts).
const runtime = createRuntime(readEnv(), sfnWorkflow);
const web = webConfigFromEnv(process.env);
const app = createApp({
  ...runtime.deps,
  authenticate: createApiGatewayAuthenticator(),
  logger: runtime.logger,
  ...(web ? { web } : {}),
});

export const handler = instrument(runtime, "web", handle(app));
