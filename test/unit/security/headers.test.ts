import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../functions/core/ports.js";
import { BODY_LIMIT_BYTES } from "../../../functions/http/app.js";
import { createHarness, type Harness, type Reply } from "../http/harness.js";
import { documentedRoutes, fillPath, type Route } from "./routes.js";

// Security headers on every answer the app gives (data, errors, the docs page and its assets), and the CORS policy:
// none by default, exactly the configured origins otherwise, preflights answered without a token.

const { routes } = await documentedRoutes();

// Any well-formed value will do: the headers do not depend on whether the thing exists.
const PARAMS: Record<string, string> = {
  cycleId: "01JD3ZQ7X4B8N6T2W5Y9C0E1F3",
  id: "01JD4A1B2C3D4E5F6G7H8J9K0M",
  measureId: "TIP.PROS.1.1",
  stage: "assessment",
  number: "1",
  from: "1",
  to: "current",
  organisation: "giz",
  index: "0",
  kind: "assessment",
};
const pathOf = (route: Route) => fillPath(route, PARAMS);

const PLANNER = "https://planner.example.org";
const FOREIGN = [
  "https://evil.example",
  "null",
  "https://planner.example.org.evil.example",
  "http://planner.example.org",
  "https://planner.example.org:8443",
];

/** What every answer must carry, page or data, success or error. */
function securityHeaderProblems(res: Reply): string[] {
  const h = res.headers;
  const expected: Record<string, RegExp> = {
    "x-content-type-options": /^nosniff$/,
    "x-frame-options": /^DENY$/,
    "referrer-policy": /^no-referrer$/,
    "strict-transport-security": /^max-age=\d{7,}; includeSubDomains$/,
    "content-security-policy": /(^|; )frame-ancestors 'none'(;|$)/,
    "cross-origin-resource-policy": /^same-origin$/,
    "cache-control": /./,
    "x-request-id": /./,
  };
  const problems = Object.entries(expected)
    .filter(([name, pattern]) => !pattern.test(h.get(name) ?? ""))
    .map(([name]) => `${name}: ${h.get(name)}`);
  if (h.has("x-powered-by")) problems.push(`x-powered-by: ${h.get("x-powered-by")}`);
  if (h.has("access-control-allow-origin")) problems.push("access-control-allow-origin without CORS");
  return problems;
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

describe("security headers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.cleanup());

  it("are on every route's answer, with and without a token, and API data is never cached", async () => {
    const problems: string[] = [];
    for (const route of routes) {
      for (const as of [undefined, "coordinator", "donor"] as const) {
        const body = route.body ? {} : undefined;
        const res = await h.call(route.method, pathOf(route), {
          ...(as ? { as } : {}),
          ...(body ? { body } : {}),
          headers: { Origin: "https://evil.example" },
        });
        const where = `${route.key} as ${as ?? "anonymous"} (${res.status})`;
        problems.push(...securityHeaderProblems(res).map((p) => `${where}: ${p}`));
        if (res.headers.get("content-security-policy") !== API_CSP) problems.push(`${where}: API CSP`);
        if (res.headers.get("cache-control") !== "no-store") problems.push(`${where}: cacheable`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("are on the errors the app answers before any route: 404, 413, malformed JSON, 500", async () => {
    const broken = await createHarness({ store: failingStore() });
    try {
      const answers = [
        await h.call("GET", "/nothing-here", { as: "coordinator" }),
        await h.call("POST", "/cycles", { as: "coordinator", raw: "x".repeat(BODY_LIMIT_BYTES + 1) }),
        await h.call("POST", "/cycles", { as: "coordinator", raw: '{"title": ' }),
        await broken.call("GET", "/cycles", { as: "coordinator" }),
      ];
      expect(answers.map((r) => r.status)).toEqual([404, 413, 400, 500]);
      for (const res of answers) {
        expect(securityHeaderProblems(res), String(res.status)).toEqual([]);
        expect(res.headers.get("content-security-policy")).toBe(API_CSP);
        expect(res.headers.get("cache-control")).toBe("no-store");
      }
    } finally {
      await broken.cleanup();
    }
  });

  it("give the docs page a policy of its own that runs only this app's scripts", async () => {
    const page = await h.call("GET", "/docs");
    expect(securityHeaderProblems(page)).toEqual([]);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);

    for (const path of ["/docs/init.js", "/docs/assets/swagger-ui.css", "/openapi.json", "/health"]) {
      const res = await h.call("GET", path);
      expect(res.status, path).toBe(200);
      expect(securityHeaderProblems(res), path).toEqual([]);
    }
  });
});

describe("CORS", () => {
  it("answers no origin at all by default, to a request or to a preflight", async () => {
    const h = await createHarness();
    try {
      for (const route of routes) {
        const preflight = await h.call("OPTIONS", pathOf(route), {
          headers: { Origin: PLANNER, "Access-Control-Request-Method": route.method },
        });
        expect(preflight.headers.get("access-control-allow-origin"), route.key).toBeNull();
        expect(preflight.status, route.key).toBeLessThan(500);
      }
      const res = await h.call("GET", "/cycles", { as: "coordinator", headers: { Origin: PLANNER } });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await h.cleanup();
    }
  });

  describe("with configured origins", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness({ corsOrigins: [PLANNER, "http://localhost:5173"] });
    });
    afterAll(() => h.cleanup());

    it("answers the preflight of every route for a configured origin, without a token", async () => {
      const problems: string[] = [];
      for (const route of routes) {
        const res = await h.call("OPTIONS", pathOf(route), {
          headers: {
            Origin: PLANNER,
            "Access-Control-Request-Method": route.method,
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
          },
        });
        const get = (name: string) => res.headers.get(name) ?? "";
        const allowed = get("access-control-allow-headers").toLowerCase().split(",");
        const where = `${route.key}:`;
        if (res.status !== 204) problems.push(`${where} ${res.status} ${res.text}`);
        if (get("access-control-allow-origin") !== PLANNER)
          problems.push(`${where} origin ${get("access-control-allow-origin")}`);
        if (!get("access-control-allow-methods").split(",").includes(route.method))
          problems.push(`${where} methods`);
        for (const header of ["authorization", "content-type", "idempotency-key"]) {
          if (!allowed.includes(header)) problems.push(`${where} header ${header} not allowed`);
        }
        if (!/\bOrigin\b/.test(get("vary"))) problems.push(`${where} no Vary: Origin`);
        if (res.headers.has("access-control-allow-credentials")) problems.push(`${where} allows credentials`);
        problems.push(...securityHeaderProblems(res).filter((p) => !p.startsWith("access-control")));
      }
      expect(problems).toEqual([]);
    });

    it("allows exactly the configured origins on a request, and exposes the headers clients read", async () => {
      const res = await h.call("GET", "/cycles", { as: "coordinator", headers: { Origin: PLANNER } });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe(PLANNER);
      expect(res.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
      expect(res.headers.get("vary")).toContain("Origin");

      for (const origin of FOREIGN) {
        const other = await h.call("GET", "/cycles", { as: "coordinator", headers: { Origin: origin } });
        expect(other.headers.get("access-control-allow-origin"), origin).toBeNull();
        const preflight = await h.call("OPTIONS", "/cycles", {
          headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
        });
        expect(preflight.headers.get("access-control-allow-origin"), origin).toBeNull();
      }
    });
  });
});

/** A store whose every read fails with an error the app does not know: the answer is a logged 500. */
function failingStore(): Store {
  return new Proxy({} as Store, {
    get: () => async () => {
      throw new Error("the disk is on fire");
    },
  });
}
