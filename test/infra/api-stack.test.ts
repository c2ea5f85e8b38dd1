import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_PATHS } from "../../functions/http/openapi.js";
import { isWebPath } from "../../functions/http/web.js";
import type { PlannerStacks } from "../../infra/planner.js";
import { PUBLIC_ROUTES, STAGE_THROTTLE, WEB_ROUTES } from "../../infra/stacks/api-stack.js";
import { actionsOf, logicalId, plannerApp, resourcesOf, statementsOfRole } from "./planner-app.js";

type Route = { RouteKey: string; AuthorizationType: string; AuthorizerId?: unknown };

describe("api stack", () => {
  let stacks: PlannerStacks;
  let template: Template;
  let routes: Route[];
  beforeAll(() => {
    stacks = plannerApp().stacks;
    template = Template.fromStack(stacks.api);
    routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map(
      (r) => r.Properties as Route,
    );
  });

  it("verifies Cognito ID tokens of the app client: issuer the user pool, audience the client", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: Match.objectLike({ "Fn::Join": ["", Match.arrayWith(["https://cognito-idp."])] }),
      },
    });
    const [authorizer] = Object.values(template.findResources("AWS::ApiGatewayV2::Authorizer"));
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration.Audience)).toContain(
      logicalId(stacks.identity.client),
    );
  });

  it("puts the JWT authorizer on every route but the public ones", () => {
    const authorizerId = { Ref: Object.keys(template.findResources("AWS::ApiGatewayV2::Authorizer"))[0] };
    const isPublic = (route: Route) =>
      PUBLIC_ROUTES.some((path) => route.RouteKey === `GET ${path}`) ||
      WEB_ROUTES.some((path) => route.RouteKey.endsWith(` ${path}`));

    expect(routes.map((route) => route.RouteKey)).toContain("ANY /{proxy+}");
    for (const route of routes.filter((r) => !isPublic(r))) {
      expect(route, route.RouteKey).toMatchObject({ AuthorizationType: "JWT", AuthorizerId: authorizerId });
    }
    for (const route of routes.filter(isPublic)) {
      expect(route.AuthorizationType, route.RouteKey).toBe("NONE");
      expect(route.AuthorizerId, route.RouteKey).toBeUndefined();
    }
  });

  it("leaves public exactly the paths the app serves without a token (functions/http/openapi.ts)", () => {
    const publicKeys = routes.filter((r) => r.AuthorizationType === "NONE").map((r) => r.RouteKey);
    // The app treats "/docs" as the page and everything under it.
    const expected = PUBLIC_PATHS.flatMap((path) =>
      path === "/docs" ? ["GET /docs", "GET /docs/{proxy+}"] : [`GET ${path}`],
    );

    // Web pages are public to API Gateway: the app checks their session cookie (functions/http/web.ts).
    const web = publicKeys.filter((key) => WEB_ROUTES.some((path) => key.endsWith(` ${path}`)));
    for (const key of web)
      expect(isWebPath(key.split(" ")[1]?.replace("{proxy+}", "x") ?? ""), key).toBe(true);
    expect(web).toContain("POST /app/{proxy+}");
    expect(publicKeys.filter((key) => !web.includes(key)).sort()).toEqual(expected.sort());
  });

  it("throttles the default stage and logs every request as JSON, without credentials", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: STAGE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit,
      },
      AccessLogSettings: { DestinationArn: { "Fn::GetAtt": [Match.stringLikeRegexp("AccessLogs"), "Arn"] } },
    });
    const [stage] = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
    expect(JSON.stringify(format).toLowerCase()).not.toMatch(/authorization|token/);
  });

  it("keeps access logs a year, and keeps them when the stack goes", () => {
    template.hasResource("AWS::Logs::LogGroup", {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: "Retain",
    });
  });

  it("runs the Hono app on Node 22, arm64, traced, with the table, state machine and bus in its environment", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      TracingConfig: { Mode: "Active" },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp("HandlerLogs") } },
      Environment: {
        Variables: {
          TABLE_NAME: Match.anyValue(),
          STATE_MACHINE_ARN: Match.anyValue(),
          EVENT_BUS_NAME: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: "ffa-planner-api",
          NODE_OPTIONS: "--enable-source-maps",
        },
      },
    });
  });

  it("serves the pages and the exports from a web function of their own, with the sign-in settings", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Environment: {
        Variables: Match.objectLike({
          WEB_COGNITO_DOMAIN: Match.anyValue(),
          WEB_COGNITO_CLIENT_ID: Match.anyValue(),
          WEB_COGNITO_ISSUER: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: "ffa-planner-web",
        }),
      },
    });
    const webFn = logicalId(stacks.api.web.fn);
    const integrations = template.findResources("AWS::ApiGatewayV2::Integration");
    const webIntegration = Object.entries(integrations).find(([, r]) =>
      JSON.stringify(r.Properties.IntegrationUri).includes(webFn),
    )?.[0];
    expect(webIntegration).toBeDefined();
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    const toWeb = routes
      .filter((r) => JSON.stringify(r.Target).includes(String(webIntegration)))
      .map((r) => String(r.RouteKey));
    expect(toWeb).toEqual(
      expect.arrayContaining([
        "GET /cycles/{cycleId}/exports/{proxy+}",
        "POST /cycles/{cycleId}/imports/{kind}",
        "GET /app/{proxy+}",
      ]),
    );
    // Exports and imports are bearer-token routes: the JWT authorizer stays on them.
    for (const r of routes.filter(
      (r) => String(r.RouteKey).includes("/exports/") || String(r.RouteKey).includes("/imports/"),
    )) {
      expect(r.AuthorizationType, String(r.RouteKey)).toBe("JWT");
    }
  });

  it("may start, and complete the waits of, this state machine only", () => {
    const statements = statementsOfRole(template, logicalId(stacks.api.handler.role));
    const states = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("states:")));
    const stateMachineRef = stacks.api.resolve(stacks.workflow.workflow.stateMachine.stateMachineArn);

    expect(states.flatMap(actionsOf).sort()).toEqual([
      "states:SendTaskFailure",
      "states:SendTaskSuccess",
      "states:StartExecution",
    ]);
    expect(states.flatMap(resourcesOf)).toEqual([stateMachineRef]);
  });

  it("may put notification events on the product's bus only", () => {
    const statements = statementsOfRole(template, logicalId(stacks.api.handler.role));
    const puts = statements.filter((s) => actionsOf(s).includes("events:PutEvents"));

    expect(puts.flatMap(resourcesOf)).toEqual([stacks.api.resolve(stacks.events.bus.eventBusArn)]);
  });

  it("publishes the API URL", () => {
    expect(template.findOutputs("ApiUrl")).not.toEqual({});
  });
});
