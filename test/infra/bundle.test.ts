import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ESM_REQUIRE_BANNER } from "../../infra/constructs/esbuild-bundle.js";
import { PROJECT_ROOT } from "../../infra/constructs/planner-function.js";
import { logicalId, plannerApp } from "./planner-app.js";

// The one test that bundles for real: the API function, through the same construct `cdk synth` uses. The output
// stays inside the repository so that the bundle, run here, resolves the AWS SDK clients it leaves to the runtime.

const BUDGET_BYTES = 600 * 1024;

const lambdaContext = {
  functionName: "ffa-planner-api",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:ffa-planner-api",
  memoryLimitInMB: "512",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
};

function httpEvent(path: string, claims?: Record<string, string>) {
  return {
    version: "2.0",
    routeKey: claims ? "ANY /{proxy+}" : `GET ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { host: "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "vitest" },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "vitest" },
      requestId: "req-1",
      routeKey: claims ? "ANY /{proxy+}" : `GET ${path}`,
      stage: "$default",
      time: "29/Nov/2025:10:00:00 +0000",
      timeEpoch: 1764410400000,
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: false,
  };
}

/** Imports the bundle in a fresh Node process, as Lambda would, and invokes its handler once. */
function invoke(bundle: string, event: unknown): { statusCode: number; body: string } {
  const script = `
    const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
    const context = { ...${JSON.stringify(lambdaContext)}, getRemainingTimeInMillis: () => 29000 };
    const result = await handler(${JSON.stringify(event)}, context);
    process.stdout.write("\\nRESULT " + JSON.stringify(result) + "\\n");`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      TABLE_NAME: "ffa-planner",
      STATE_MACHINE_ARN:
        "arn:aws:states:eu-west-1:123456789012:stateMachine:FfaPlanner-Workflow-PlanningCycle",
      EVENT_BUS_NAME: "ffa-planner-notifications",
      POWERTOOLS_SERVICE_NAME: "ffa-planner-api",
      POWERTOOLS_DEV: "true",
    },
  });
  const line = output.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`the handler printed no result:\n${output}`);
  return JSON.parse(line.slice("RESULT ".length));
}

describe("the API function's bundle", () => {
  let outdir: string;
  let assetDir: string;
  let code: string;
  beforeAll(() => {
    const cache = join(PROJECT_ROOT, "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    outdir = mkdtempSync(join(cache, "ffa-infra-bundle-"));
    const { stacks } = plannerApp({ bundlingStacks: ["FfaPlanner-Api"], outdir });
    const template = Template.fromStack(stacks.api);
    const fn = template.findResources("AWS::Lambda::Function")[logicalId(stacks.api.handler.fn)];
    const key = String(fn?.Properties.Code.S3Key);
    assetDir = join(outdir, `asset.${key.replace(/\.zip$/, "")}`);
    code = readFileSync(join(assetDir, "index.mjs"), "utf8");
  }, 60_000);
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it("is one minified ES module under the 600 KB budget, with its source map", () => {
    const size = statSync(join(assetDir, "index.mjs")).size;

    expect(size).toBeLessThan(BUDGET_BYTES);
    expect(code).toMatch(/export\{[^}]*\bas handler\}/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(existsSync(join(assetDir, "index.mjs.map"))).toBe(true);
  });

  it("starts with the createRequire banner, without which the bundled CommonJS code cannot load", () => {
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);

    const bare = join(assetDir, "without-banner.mjs");
    writeFileSync(bare, code.slice(ESM_REQUIRE_BANNER.length));
    expect(() => invoke(bare, httpEvent("/health"))).toThrow(/Dynamic require of .* is not supported/);
  });

  it("leaves zod's locales out but keeps English messages", () => {
    expect(code).not.toContain("Input tidak valid");
    expect(code).toContain("Invalid input");
  });

  it("imports the SDK clients from the Lambda runtime instead of bundling them", () => {
    expect(code).toMatch(/from"@aws-sdk\/client-dynamodb"/);
    expect(code).toMatch(/from"@aws-sdk\/client-sfn"/);
  });

  it("carries the Swagger UI files the /docs routes read at run time", () => {
    for (const file of ["package.json", "swagger-ui.css", "swagger-ui-bundle.js"]) {
      expect(existsSync(join(assetDir, "node_modules", "swagger-ui-dist", file)), file).toBe(true);
    }
  });

  it("loads as Lambda loads it and answers /health through hono/aws-lambda", () => {
    const response = invoke(join(assetDir, "index.mjs"), httpEvent("/health"));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: "ok" });
  });

  it("reads identity from the authorizer's claims and explains a bad one in English", () => {
    const response = invoke(
      join(assetDir, "index.mjs"),
      httpEvent("/cycles", {
        sub: "u-1",
        token_use: "id",
        "cognito:groups": "[coordinator]",
        "custom:country": "kenya",
      }),
    );

    expect(response.statusCode).toBe(401);
    expect(response.body).toMatch(/custom:country: Invalid/);
  });

  it("reads the framework catalogues shipped beside it", () => {
    const response = invoke(
      join(assetDir, "index.mjs"),
      httpEvent("/frameworks", {
        sub: "u-1",
        token_use: "id",
        "cognito:groups": "[coordinator]",
        "custom:country": "KEN",
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).items.map((c: { id: string }) => c.id)).toEqual(["TIP", "SOM"]);
  });
});
