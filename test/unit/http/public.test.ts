import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness.js";

describe("public endpoints", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.cleanup());

  it("answers /health without a token", async () => {
    const res = await h.call("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("serves the OpenAPI document without a token", async () => {
    const res = await h.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
  });

  it("serves the Swagger UI page with its assets from this app, under a CSP that allows only 'self'", async () => {
    const page = await h.call("GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).toContain('href="/docs/assets/swagger-ui.css"');
    expect(page.text).toContain('src="/docs/assets/swagger-ui-bundle.js"');
    expect(page.text).not.toMatch(/https?:\/\//);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-eval");

    const init = await h.call("GET", "/docs/init.js");
    expect(init.status).toBe(200);
    expect(init.text).toContain('url: "/openapi.json"');

    const css = await h.call("GET", "/docs/assets/swagger-ui.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(css.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(css.text).toContain(".swagger-ui");

    const js = await h.call("GET", "/docs/assets/swagger-ui-bundle.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.text).toContain("SwaggerUIBundle");
  });

  it("serves only the allow-listed docs assets", async () => {
    for (const file of ["package.json", "index.html", "..%2F..%2Fpackage.json", "__proto__"]) {
      const res = await h.call("GET", `/docs/assets/${file}`);
      expect(res.status, file).toBe(404);
      expect(res.body.code).toBe("not_found");
    }
  });

  it("loads the docs assets from docsAssetsBaseUrl when one is configured, and allows it in the CSP", async () => {
    const cdn = await createHarness({ docsAssetsBaseUrl: "https://assets.example.org/swagger/" });
    try {
      const page = await cdn.call("GET", "/docs");
      expect(page.text).toContain('href="https://assets.example.org/swagger/swagger-ui.css"');
      expect(page.headers.get("content-security-policy")).toContain(
        "script-src 'self' https://assets.example.org",
      );
    } finally {
      await cdn.cleanup();
    }
  });

  it("sets security headers and a request id on every answer, with a deny-all CSP on API data", async () => {
    const res = await h.call("GET", "/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-request-id")).toMatch(/.{8,}/);
  });

  it("answers an unknown route with a JSON 404", async () => {
    const res = await h.call("GET", "/nothing-here", { as: "coordinator" });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: "not_found", message: "no route for GET /nothing-here", details: {} });
  });

  it("sends no CORS headers unless origins are configured, and only for those origins", async () => {
    const none = await h.call("GET", "/health", { headers: { Origin: "https://evil.example" } });
    expect(none.headers.get("access-control-allow-origin")).toBeNull();

    const cors = await createHarness({ corsOrigins: ["https://planner.example.org"] });
    try {
      const allowed = await cors.call("OPTIONS", "/cycles", {
        headers: { Origin: "https://planner.example.org", "Access-Control-Request-Method": "POST" },
      });
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://planner.example.org");
      const other = await cors.call("GET", "/health", { headers: { Origin: "https://evil.example" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await cors.cleanup();
    }
  });
});
