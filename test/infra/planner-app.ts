import { readFileSync } from "node:fs";
import { App, CfnElement, Stack } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { addNagChecks, addPlannerStacks, type PlannerStacks } from "../../infra/planner.js";

// The app as `cdk synth` builds it (cdk.json's feature flags), minus what only costs time in template tests:
// esbuild bundling (context aws:cdk:bundling-stacks) and CloudFormation's built-in template validator.

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

export type PlannerAppOptions = {
  /** Stack ids whose assets esbuild really bundles. @default none */
  bundlingStacks?: string[];
  outdir?: string;
  nag?: boolean;
  /** Run CloudFormation's built-in template validator too (~seconds per synth), as `cdk synth` does. */
  validate?: boolean;
};

export function plannerApp(options: PlannerAppOptions = {}): { app: App; stacks: PlannerStacks } {
  const app = new App({
    context: { ...cdkJson.context, "aws:cdk:bundling-stacks": options.bundlingStacks ?? [] },
    builtinCloudFormationValidation: options.validate ?? false,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stacks = addPlannerStacks(app);
  if (options.nag) addNagChecks(app);
  return { app, stacks };
}

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** Every statement of the identity policies attached to `roleLogicalId`, across the stack's AWS::IAM::Policy resources. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The logical id of a construct's CloudFormation resource (its default child for L2s). */
export function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild ?? construct;
  if (!(element instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(element).getLogicalId(element);
}
