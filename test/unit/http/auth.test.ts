import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsToPrincipal, createApiGatewayAuthenticator } from "../../../functions/http/auth.js";
import { onError } from "../../../functions/http/errors.js";
import { loadOrCreateDevIssuer } from "../../../functions/local/dev-issuer.js";
import { createCycle, createHarness, type Harness } from "./harness.js";

const PUBLIC = new Set(["/health"]);
const bodyFor = (method: string) => (method === "GET" ? undefined : {});

describe("authentication", () => {
  let h: Harness;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    h = await createHarness();
    const cycleId = await createCycle(h);
    const doc = await h.call("GET", "/openapi.json");
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    routes = Object.entries(paths)
      .filter(([path]) => !PUBLIC.has(path))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => ({
          method: method.toUpperCase(),
          path: path
            .replace("{cycleId}", cycleId)
            .replace("{measureId}", "TIP.PROS.1.1")
            .replace("{stage}", "assessment")
            .replace("{id}", "TIP"),
        })),
      );
  });
  afterAll(() => h.cleanup());

  it("covers every non-public route of the document", () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
  });

  it("answers 401 missing_token with a Bearer challenge on every route without a token", async () => {
    for (const { method, path } of routes) {
      const res = await h.call(method, path, { body: bodyFor(method) });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.code).toBe("missing_token");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("answers 401 token_expired on every route with an expired token", async () => {
    const expired = await h.issuer.mint({ role: "coordinator", country: "KEN" }, -60);
    for (const { method, path } of routes) {
      const res = await h.call(method, path, { token: expired, body: bodyFor(method) });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.code).toBe("token_expired");
    }
  });

  it("answers 401 invalid_token on every route with a token signed by another key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ffa-other-"));
    try {
      const forger = await loadOrCreateDevIssuer(dir);
      const forged = await forger.mint({ role: "coordinator", country: "KEN" });
      for (const { method, path } of routes) {
        const res = await h.call(method, path, { token: forged, body: bodyFor(method) });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.code).toBe("invalid_token");
        expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a token that is not a bearer token, or whose claims do not make a valid user", async () => {
    const basic = await h.call("GET", "/cycles", { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);
    expect(basic.body.code).toBe("invalid_token");

    // A coordinator must belong to a country: the issuer signs it, the API still refuses it.
    const stateless = await h.issuer.mint({ role: "coordinator" });
    const res = await h.call("GET", "/cycles", { token: stateless });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_token");
    expect(res.body.message).toContain("custom:country: a coordinator needs a country");
  });
});

describe("claimsToPrincipal", () => {
  it("reads the role from cognito:groups as an array or in API Gateway's string forms", () => {
    const base = { sub: "u-1", "custom:country": "KEN" };
    for (const groups of [["coordinator"], "[coordinator]", "coordinator", ["beta-testers", "coordinator"]]) {
      expect(claimsToPrincipal({ ...base, "cognito:groups": groups }).role).toBe("coordinator");
    }
  });

  it("maps the custom claims to the principal", () => {
    const principal = claimsToPrincipal({
      sub: "u-2",
      name: "Grace Wanjiku",
      "cognito:groups": "[approver]",
      "custom:country": "KEN",
      "custom:ministry": "ministry-of-justice",
      token_use: "id",
    });
    expect(principal).toEqual({
      sub: "u-2",
      name: "Grace Wanjiku",
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-justice",
    });
  });

  it("refuses no role, several roles, and a principal the schema rejects, naming the claim", () => {
    const refusal = (claims: Record<string, unknown>) => {
      try {
        claimsToPrincipal(claims);
      } catch (error) {
        return String((error as Error).message);
      }
      return "accepted";
    };
    expect(refusal({ sub: "u", "cognito:groups": ["beta"] })).toMatch(/^cognito:groups: names no role/);
    expect(refusal({ sub: "u", "cognito:groups": "[admin coordinator]", "custom:country": "KEN" })).toMatch(
      /several roles/,
    );
    expect(refusal({ sub: "u", "cognito:groups": ["member"], "custom:country": "KEN" })).toContain(
      "custom:agency: a member needs an agency",
    );
  });
});

describe("the API Gateway authenticator", () => {
  const app = new Hono()
    .use(async (c, next) => {
      c.set("principal" as never, (await createApiGatewayAuthenticator()(c)) as never);
      await next();
    })
    .get("/who", (c) => c.json(c.get("principal" as never)))
    .onError(onError({ error: () => {} }));

  it("reads the claims the JWT authorizer verified from the Lambda event", async () => {
    const env = {
      event: {
        requestContext: {
          authorizer: {
            jwt: {
              claims: {
                sub: "u-9",
                token_use: "id",
                "cognito:groups": "[coordinator]",
                "custom:country": "KEN",
              },
              scopes: [],
            },
          },
        },
      },
    };
    const res = await app.request("/who", {}, env);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: "u-9", role: "coordinator", country: "KEN" });
  });

  it("refuses an access token: only ID tokens say a user's country and ministry", async () => {
    const claims = {
      sub: "u-9",
      token_use: "access",
      "cognito:groups": "[coordinator]",
      "custom:country": "KEN",
    };
    const res = await app.request(
      "/who",
      {},
      { event: { requestContext: { authorizer: { jwt: { claims } } } } },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: "invalid_token",
      message: expect.stringContaining("token_use"),
    });
  });

  it("answers 401 when the event carries no verified claims", async () => {
    const res = await app.request("/who", {}, { event: { requestContext: {} } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("missing_token");
  });
});
