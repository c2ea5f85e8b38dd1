import { monotonicFactory } from "ulid";
import type { Store, WorkflowPort } from "../../functions/core/ports.js";
import { type AppDeps, createApp } from "../../functions/http/app.js";
import { createApiGatewayAuthenticator } from "../../functions/http/auth.js";

// The app as the API Lambda builds it (identity from the claims API Gateway's JWT authorizer verified), over a store
// of the bench's choosing, with a workflow that accepts everything: the bench measures the API, not Step Functions.

export const COUNTRY = "KEN";
export const MINISTRIES = ["ministry-of-justice", "ministry-of-interior"] as const;
export const DONOR = "bench-donor";

/** Claims as API Gateway hands them over for a Cognito ID token. */
export const PERSONAS = {
  coordinator: {
    sub: "bench-coordinator",
    token_use: "id",
    name: "Amina Odhiambo",
    "cognito:groups": "[coordinator]",
    "custom:country": COUNTRY,
  },
  justice: {
    sub: "bench-justice",
    token_use: "id",
    "cognito:groups": "[approver]",
    "custom:country": COUNTRY,
    "custom:ministry": MINISTRIES[0],
  },
  interior: {
    sub: "bench-interior",
    token_use: "id",
    "cognito:groups": "[approver]",
    "custom:country": COUNTRY,
    "custom:ministry": MINISTRIES[1],
  },
  donor: {
    sub: "bench-donor-officer",
    token_use: "id",
    "cognito:groups": "[donor]",
    "custom:organisation": DONOR,
  },
} as const;
export type Persona = keyof typeof PERSONAS;

export const acceptingWorkflow: WorkflowPort = {
  async startExecution() {},
  async sendTaskSuccess() {},
  async sendTaskFailure() {},
};

export function benchApp(store: Store, overrides: Partial<AppDeps> = {}) {
  return createApp({
    store,
    workflow: acceptingWorkflow,
    now: () => new Date(),
    newId: monotonicFactory(),
    authenticate: createApiGatewayAuthenticator(),
    logger: { error: (message, attributes) => console.error(message, attributes) },
    ...overrides,
  });
}

/** What hono/aws-lambda passes as `c.env` for an HTTP API request that passed the JWT authorizer. */
export function lambdaEnv(persona: Persona) {
  return { event: { requestContext: { authorizer: { jwt: { claims: PERSONAS[persona] } } } } };
}

export type BenchRequest = {
  method: string;
  path: string;
  as: Persona;
  body?: unknown;
  headers?: Record<string, string>;
};

/** A fresh Request each time: a Request's body can be read once. */
export function toRequest(request: BenchRequest): Request {
  const hasBody = request.body !== undefined;
  return new Request(`https://api.bench.local${request.path}`, {
    method: request.method,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...request.headers },
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
  });
}
