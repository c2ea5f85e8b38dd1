import { beforeAll, describe, expect, it } from "vitest";
import { createHarness } from "./harness.js";

type Operation = {
  security?: Record<string, string[]>[];
  tags?: string[];
  summary?: string;
  responses: object;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme: string }>;
    schemas: Record<string, object>;
  };
};

const ROUTES = [
  "get /health",
  "delete /cycles/{cycleId}/shares/{organisation}",
  "get /cycles/{cycleId}/periods/{index}/comments",
  "get /cycles/{cycleId}/priorities",
  "get /cycles/{cycleId}/priorities/{measureId}",
  "get /cycles/{cycleId}/shares",
  "get /cycles/{cycleId}/stages/{stage}/versions",
  "get /cycles/{cycleId}/stages/{stage}/versions/{from}/diff/{to}",
  "get /cycles/{cycleId}/stages/{stage}/versions/{number}",
  "get /cycles/{cycleId}/summary",
  "get /shared/cycles",
  "post /cycles/{cycleId}/periods/{index}/comments",
  "post /cycles/{cycleId}/priorities",
  "post /cycles/{cycleId}/priorities/{measureId}/decision",
  "post /cycles/{cycleId}/shares",
  "post /cycles/{cycleId}/stages/{stage}/amendments",
  "post /cycles/{cycleId}/successor",
  "put /cycles/{cycleId}/priorities/criteria",
  "put /cycles/{cycleId}/priorities/{measureId}/ratings",
  "get /frameworks",
  "get /frameworks/{id}",
  "post /cycles",
  "get /cycles",
  "get /cycles/{cycleId}",
  "get /cycles/{cycleId}/assessment",
  "put /cycles/{cycleId}/assessment/entries/{measureId}",
  "post /cycles/{cycleId}/assessment/bulk",
  "get /cycles/{cycleId}/assessment/scores",
  "post /cycles/{cycleId}/stages/{stage}/submit",
  "post /cycles/{cycleId}/stages/{stage}/decisions",
  "get /cycles/{cycleId}/audit",
  "get /cycles/{cycleId}/plan",
  "put /cycles/{cycleId}/plan/settings",
  "post /cycles/{cycleId}/plan/objectives",
  "put /cycles/{cycleId}/plan/objectives/{id}",
  "delete /cycles/{cycleId}/plan/objectives/{id}",
  "post /cycles/{cycleId}/plan/activities",
  "put /cycles/{cycleId}/plan/activities/{id}",
  "delete /cycles/{cycleId}/plan/activities/{id}",
  "post /cycles/{cycleId}/plan/indicators",
  "put /cycles/{cycleId}/plan/indicators/{id}",
  "delete /cycles/{cycleId}/plan/indicators/{id}",
  "post /cycles/{cycleId}/periods/{index}/reports",
  "get /cycles/{cycleId}/periods",
  "get /cycles/{cycleId}/periods/{index}",
  "get /cycles/{cycleId}/monitoring",
  "get /inbox",
  "get /cycles/{cycleId}/exports/plan",
  "get /cycles/{cycleId}/exports/indicators",
  "get /cycles/{cycleId}/exports/periods/{index}/report",
  "get /cycles/{cycleId}/exports/final-report",
  "get /cycles/{cycleId}/exports/iati",
  "get /cycles/{cycleId}/exports/templates/{kind}",
  "post /cycles/{cycleId}/imports/{kind}",
];

describe("the OpenAPI document", () => {
  let doc: Document;
  beforeAll(async () => {
    const h = await createHarness();
    doc = (await h.call("GET", "/openapi.json")).body as unknown as Document;
    await h.cleanup();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, op })),
    );

  it("is OpenAPI 3.1 with a title, a version and a relative server", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({
      title: "ffa-planner API",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(doc.servers).toEqual([{ url: "/" }]);
  });

  it("describes every route of the API, and no other", () => {
    expect(
      operations()
        .map((o) => o.route)
        .sort(),
    ).toEqual([...ROUTES].sort());
  });

  it("requires bearer auth on every operation but /health", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const { route, op } of operations()) {
      if (route === "get /health") expect(op.security).toEqual([]);
      else expect(op.security, route).toEqual([{ bearerAuth: [] }]);
    }
  });

  it("gives every operation a tag, a summary and a 401 answer where auth applies", () => {
    for (const { route, op } of operations()) {
      expect(op.tags?.length, route).toBeGreaterThan(0);
      expect(op.summary, route).toBeTruthy();
      if (route !== "get /health") expect(Object.keys(op.responses), route).toContain("401");
    }
  });

  it("names the request and response schemas as components", () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "CreateCycleInput",
        "CycleView",
        "CycleSummary",
        "UpsertEntryInput",
        "BulkUpsertInput",
        "Assessment",
        "AssessmentScores",
        "SubmitStageInput",
        "DecideStageInput",
        "AuditEvent",
        "Error",
      ]),
    );
  });

  it("documents the Idempotency-Key header on every POST", () => {
    for (const { route, op } of operations().filter((o) => o.route.startsWith("post "))) {
      const params = (op as { parameters?: { in: string; name: string }[] }).parameters ?? [];
      expect(params, route).toContainEqual(
        expect.objectContaining({ in: "header", name: "idempotency-key" }),
      );
    }
  });
});
