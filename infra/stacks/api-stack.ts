import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { PlannerFunction } from "../constructs/planner-function.js";
import type { PlannerTable } from "../constructs/planner-table.js";

/** The only routes without the JWT authorizer: liveness and the API's own documentation (functions/http/openapi.ts). */
export const PUBLIC_ROUTES = ["/health", "/docs", "/docs/{proxy+}", "/openapi.json"] as const;

/**
 * The web pages (functions/http/web.ts WEB_PREFIXES): no JWT authorizer, because a browser sends a session cookie,
 * not a bearer token; the app verifies that cookie (the same Cognito ID token, against the pool's keys) on every page
 * and its CSRF token on every form post, and answers a page without a session with a redirect to /sign-in.
 */
export const WEB_ROUTES = [
  "/",
  "/app",
  "/app/{proxy+}",
  "/sign-in",
  "/sign-in/{proxy+}",
  "/sign-out",
  "/auth/callback",
  "/assets/{proxy+}",
] as const;

/**
 * The exports and imports (spreadsheets, IATI XML): bearer-token routes like the rest of the API, served by the web
 * Lambda because the spreadsheet library is most of its bundle and the API's cold start should not carry it.
 */
export const EXPORT_ROUTES = [
  "/cycles/{cycleId}/exports/{proxy+}",
  "/cycles/{cycleId}/imports/{kind}",
] as const;

/** Swagger UI's files, read by the /docs routes at run time from the swagger-ui-dist package. */
const DOCS_FILES = ["package.json", "swagger-ui.css", "swagger-ui-bundle.js"].map(
  (file) => `node_modules/swagger-ui-dist/${file}`,
);

/** Steady-state and burst request rates for the whole stage: a working group, not the public. */
export const STAGE_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface ApiStackProps extends StackProps {
  readonly store: PlannerTable;
  readonly userPool: cognito.IUserPool;
  readonly client: cognito.IUserPoolClient;
  readonly bus: events.IEventBus;
  /** The planning-cycle state machine: the API starts cycles on it and completes its callback waits. */
  readonly stateMachineArn: string;
  /** The Cognito hosted UI's base URL: the web pages send people there to sign in. */
  readonly hostedUiUrl: string;
}

/**
 * The HTTP API: API Gateway verifies the caller's Cognito ID token (audience: the app client) on every route but
 * health and docs, and hands the claims to the Hono app in one Lambda.
 */
export class ApiStack extends Stack {
  readonly handler: PlannerFunction;
  /** The pages and the exports: the whole app (functions/handlers/web.ts), on the paths API Gateway sends it. */
  readonly web: PlannerFunction;
  readonly httpApi: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    const environment = {
      TABLE_NAME: props.store.table.tableName,
      STATE_MACHINE_ARN: props.stateMachineArn,
      EVENT_BUS_NAME: props.bus.eventBusName,
    };
    this.handler = new PlannerFunction(this, "Handler", {
      entry: "functions/handlers/api.ts",
      description: "ffa-planner HTTP API (the Hono app)",
      serviceName: "ffa-planner-api",
      // API Gateway gives up on an integration after 30 s; answer (or fail) before it does.
      timeout: Duration.seconds(29),
      environment,
      runtimeFiles: DOCS_FILES,
    });
    this.web = new PlannerFunction(this, "Web", {
      entry: "functions/handlers/web.ts",
      description: "ffa-planner web pages, exports and imports (the same Hono app)",
      serviceName: "ffa-planner-web",
      timeout: Duration.seconds(29),
      // Spreadsheets are built in memory.
      memorySize: 1024,
      environment: {
        ...environment,
        // The web pages' sign-in (functions/http/web.ts webConfigFromEnv). The callback is <ApiUrl>auth/callback,
        // which must be among the app client's callback URLs (the ffa:callbackUrls context).
        WEB_COGNITO_DOMAIN: props.hostedUiUrl,
        WEB_COGNITO_CLIENT_ID: props.client.userPoolClientId,
        WEB_COGNITO_ISSUER: `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      },
    });
    for (const fn of [this.handler, this.web]) {
      props.store.grantItems(fn.role);
      props.bus.grantPutEventsTo(fn.role);
      fn.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ["states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure"],
          resources: [props.stateMachineArn],
        }),
      );
    }

    // JWT authorizer: issuer is the user pool, audience the app client, so only ID tokens of this client pass
    // (functions/http/auth.ts reads the `custom:*` claims only ID tokens carry).
    const authorizer = new HttpUserPoolAuthorizer("Cognito", props.userPool, {
      userPoolClients: [props.client],
    });
    this.httpApi = new apigw.HttpApi(this, "Http", {
      description: "ffa-planner: the planning cycle API",
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    const integration = new HttpLambdaIntegration("Hono", this.handler.fn, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    const webIntegration = new HttpLambdaIntegration("Web", this.web.fn, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    for (const path of EXPORT_ROUTES) {
      this.httpApi.addRoutes({
        path,
        methods: path.includes("/imports/") ? [apigw.HttpMethod.POST] : [apigw.HttpMethod.GET],
        integration: webIntegration,
      });
    }
    this.httpApi.addRoutes({ path: "/{proxy+}", methods: [apigw.HttpMethod.ANY], integration });
    for (const path of PUBLIC_ROUTES) {
      const [route] = this.httpApi.addRoutes({
        path,
        methods: [apigw.HttpMethod.GET],
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      });
      if (route) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `GET ${path} is public on purpose (liveness probe, API documentation); it reads no tenant data.`,
        });
      }
    }

    for (const path of WEB_ROUTES) {
      const methods =
        path === "/" || path === "/assets/{proxy+}" || path === "/auth/callback"
          ? [apigw.HttpMethod.GET]
          : [apigw.HttpMethod.GET, apigw.HttpMethod.POST];
      for (const route of this.httpApi.addRoutes({
        path,
        methods,
        integration: webIntegration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      })) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${path} is a web page path: the app requires and verifies the session cookie (a Cognito ID token) itself, and a CSRF token on form posts.`,
        });
      }
    }

    // Who called what, and when: kept a year, and kept when the stack goes (a security record, unlike app logs).
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = new apigw.HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    new CfnOutput(this, "ApiUrl", { value: stage.url });
  }
}

/** One JSON line per request: who (token subject, never the token), what, outcome, timings. */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  sub: "$context.authorizer.claims.sub",
};
