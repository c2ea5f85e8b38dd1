import { App, Stack, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as sns from "aws-cdk-lib/aws-sns";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { addNagChecks } from "../../infra/planner.js";
import { plannerApp } from "./planner-app.js";

type Acknowledgement = { path: string; id: string; reason: string };

function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe("cdk-nag AWS Solutions gate", () => {
  let app: App;
  beforeAll(() => {
    app = plannerApp({ nag: true, validate: true }).app;
  });

  it("synthesizes the whole app as `cdk synth` does: no unacknowledged finding, no invalid template", () => {
    expect(() => app.synth()).not.toThrow();

    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources[0]?.constructPath}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
    // A full synth with CloudFormation's template validator takes 5-12 s on 2 busy cores.
  }, 60_000);

  it("gives every acknowledgement a written reason", () => {
    const acknowledged = acknowledgements(app);

    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(reason.trim().length, `${id} at ${path}`).toBeGreaterThanOrEqual(40);
    }
  });

  it("acknowledges only rules that cannot be fixed: runtime choice, public routes, unscopable actions", () => {
    // Stored qualified by the plugin that reports them: `AwsSolutions::AwsSolutions-L1`.
    const ids = new Set(acknowledgements(app).map((a) => a.id.replace(/^\w+::(?=AwsSolutions-)/, "")));

    expect([...ids].sort()).toEqual([
      "AwsSolutions-APIG4",
      "AwsSolutions-IAM5[Resource::*]",
      "AwsSolutions-L1",
    ]);
  });

  it("fails the synth of a stack with an unacknowledged finding, so the gate is real", () => {
    const bad = new App({ builtinCloudFormationValidation: false });
    new sns.Topic(new Stack(bad, "Bad"), "Unencrypted");
    addNagChecks(bad);

    expect(() => bad.synth()).toThrow(/AwsSolutions-SNS/);
  });
});

describe("stack dependencies", () => {
  it("synthesizes every stack on its own: no dependency cycle", () => {
    const { stacks } = plannerApp();
    for (const stack of Object.values(stacks)) {
      expect(() => Template.fromStack(stack), stack.stackName).not.toThrow();
    }
  });

  it("runs one way: the API needs the workflow, the workflow never the API", () => {
    const { app, stacks } = plannerApp();
    // References become stack dependencies while the app synthesizes.
    app.synth();
    const names = (stack: Stack) => stack.dependencies.map((d) => d.stackName).sort();

    expect(names(stacks.api)).toContain(stacks.workflow.stackName);
    expect(names(stacks.workflow)).not.toContain(stacks.api.stackName);
    expect(
      names(stacks.workflow).filter((n) => n !== stacks.data.stackName && n !== stacks.events.stackName),
    ).toEqual([]);
    expect(names(stacks.data)).toEqual([]);
    expect(names(stacks.identity)).toEqual([]);
  });
});
