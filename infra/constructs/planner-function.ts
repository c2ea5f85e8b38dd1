import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AssetHashType,
  DockerImage,
  Duration,
  type ILocalBundling,
  RemovalPolicy,
  Validations,
} from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { BundleRequest } from "./esbuild-bundle.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUNDLER = fileURLToPath(new URL("./esbuild-bundle.ts", import.meta.url));

/**
 * Imported from the Lambda runtime's own AWS SDK v3 (its version is AWS's, updated with the runtime) rather than
 * bundled: bundling the two clients adds ~360 KB per function (the API bundle: ~906 KB instead of ~550 KB).
 */
export const RUNTIME_PROVIDED_MODULES = ["@aws-sdk/client-*"];

export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_22_X;

export interface PlannerFunctionProps {
  /** The handler module, relative to the project root, e.g. `functions/handlers/api.ts`; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** POWERTOOLS_SERVICE_NAME: names the function in logs, metrics and traces. */
  readonly serviceName: string;
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** Files the handler reads at run time, relative to the project root; copied to the same path in the asset. */
  readonly runtimeFiles?: string[];
  /** @default three months */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A planner Lambda with the defaults every function shares: Node 22 on arm64, an ESM bundle (minified, source maps,
 * zod locales left out), its own log group with retention, active X-Ray tracing, and its own role that starts
 * empty: whoever wires the function grants exactly what it uses.
 */
export class PlannerFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PlannerFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      // Operational logs only (the audit trail lives in the table), so they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // No AWSLambdaBasicExecutionRole: it would let the function write to any log group in the account.
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new lambda.Function(this, "Function", {
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: bundledCode(props),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: "FfaPlanner",
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
    traceActively(this, this.fn, this.role);
    Validations.of(this.fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 22 is the project's deliberate Lambda target (DESIGN.md section 7; supported by Lambda into 2027); " +
        "moving to nodejs24.x is the one-line FUNCTION_RUNTIME change, made when the toolchain moves.",
    });
  }
}

/**
 * Active tracing, with its permissions in a policy of their own. X-Ray's write actions support no resource-level
 * permissions, so that policy must say `Resource: *`; kept apart, the cdk-nag acknowledgement covers exactly it and
 * can never hide a wildcard added to the function's other grants.
 */
function traceActively(scope: Construct, fn: lambda.Function, role: iam.Role): void {
  const policy = new iam.Policy(scope, "TracingPolicy", {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        resources: ["*"],
      }),
    ],
  });
  Validations.of(policy).acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason:
      "X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; this policy holds only them.",
  });
  (fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
  // Lambda checks the role may write traces when tracing is switched on.
  fn.node.addDependency(policy);
}

/** Every function reads the framework catalogues at run time (frameworks/index.ts): they ship beside each bundle. */
const CATALOGUE_FILES = readdirSync(join(PROJECT_ROOT, "frameworks/catalogues"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => `frameworks/catalogues/${file}`);

function bundledCode(props: PlannerFunctionProps): lambda.Code {
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    // The hash of the bundle, not of the sources: also lets synth skip hashing the repository when bundling is off.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: esbuild is a devDependency, so local bundling always applies; a failure throws instead.
      image: DockerImage.fromRegistry("public.ecr.aws/sam/build-nodejs22.x"),
      local: new LocalEsbuild({
        entry: join(PROJECT_ROOT, props.entry),
        external: RUNTIME_PROVIDED_MODULES,
        copy: [...CATALOGUE_FILES, ...(props.runtimeFiles ?? [])].map((file) => ({
          from: join(PROJECT_ROOT, file),
          to: file,
        })),
      }),
    },
  });
}

/**
 * Runs infra/constructs/esbuild-bundle.ts in a child process. Its fields are data on purpose: CDK keys its
 * per-synth asset cache on the JSON of the bundling options, so two functions must never serialize alike.
 */
class LocalEsbuild implements ILocalBundling {
  constructor(readonly request: Omit<BundleRequest, "outdir">) {}

  tryBundle(outputDir: string): boolean {
    const request: BundleRequest = { ...this.request, outdir: outputDir };
    const run = spawnSync(process.execPath, ["--import", "tsx", BUNDLER, JSON.stringify(request)], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (run.status !== 0) {
      throw new Error(`bundling ${this.request.entry} failed (exit ${run.status ?? run.signal})`);
    }
    return true;
  }
}
