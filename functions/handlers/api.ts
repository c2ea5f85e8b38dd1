import { handle } from "hono/aws-lambda";
import { createApp } from "../http/app.js";
import { createApiGatewayAuthenticator } from "../http/auth.js";
import { createRuntime, instrument, readEnv } from "./runtime.js";
import { sfnWorkflow } from "./sfn.js";

// The HTTP API's Lambda: the same Hono app as `npm start`, with identity taken from the claims API Gateway's JWT
// authorizer already verified.
const runtime = createRuntime(readEnv(), sfnWorkflow);
const app = createApp({
  ...runtime.deps,
  authenticate: createApiGatewayAuthenticator(),
  logger: runtime.logger,
});

export const handler = instrument(runtime, "api", handle(app));
