import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../infra/constructs/planner-function.js";
import { ITEM_ACTIONS, KEY_ACTIONS } from "../../infra/constructs/planner-table.js";
import type { PlannerStacks } from "../../infra/planner.js";
import {
  DEFINITION_FILE,
  DELIVERING_TASKS,
  NOTIFYING_TASKS,
  taskEntry,
} from "../../infra/stacks/workflow-stack.js";
import { type AslDefinition, placeholders, substitute } from "../../workflows/definition.js";
import { functionArnPlaceholder, TASKS } from "../../workflows/schemas.js";
import { actionsOf, logicalId, plannerApp, resourcesOf, statementsOfRole } from "./planner-app.js";

describe("workflow stack", () => {
  let stacks: PlannerStacks;
  let template: Template;
  let stateMachine: Record<string, unknown>;
  beforeAll(() => {
    stacks = plannerApp().stacks;
    template = Template.fromStack(stacks.workflow);
    const [resource] = Object.values(template.findResources("AWS::StepFunctions::StateMachine"));
    stateMachine = resource?.Properties ?? {};
  });

  const taskFunctionId = (task: (typeof TASKS)[number]) => logicalId(stacks.workflow.tasks[task].fn);
  const taskRoleStatements = (task: (typeof TASKS)[number]) =>
    statementsOfRole(template, logicalId(stacks.workflow.tasks[task].role));

  describe("the state machine", () => {
    it("is a Standard one, traced, logging every event but no execution data (task tokens)", () => {
      template.hasResourceProperties("AWS::StepFunctions::StateMachine", {
        StateMachineType: "STANDARD",
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Level: "ALL",
          IncludeExecutionData: false,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
        },
      });
    });

    it("deploys workflows/planning-cycle.asl.json verbatim, inline in the template", () => {
      const local = JSON.parse(readFileSync(DEFINITION_FILE, "utf8")) as AslDefinition;

      expect(typeof stateMachine.DefinitionString).toBe("string");
      expect(JSON.parse(String(stateMachine.DefinitionString))).toEqual(local);
    });

    it("substitutes every placeholder with the ARN of its own task's Lambda", () => {
      const deployed = JSON.parse(String(stateMachine.DefinitionString)) as AslDefinition;
      const substitutions = stateMachine.DefinitionSubstitutions as Record<string, unknown>;

      expect(Object.keys(substitutions).sort()).toEqual(placeholders(deployed));
      for (const task of TASKS) {
        expect(substitutions[functionArnPlaceholder(task)], task).toEqual({
          "Fn::GetAtt": [taskFunctionId(task), "Arn"],
        });
      }
    });

    it("leaves no placeholder unfilled, and reads as the local file once the tokens are named back", () => {
      const deployed = JSON.parse(String(stateMachine.DefinitionString)) as AslDefinition;
      const substitutions = stateMachine.DefinitionSubstitutions as Record<string, unknown>;
      const tokens = Object.fromEntries(
        Object.entries(substitutions).map(([name, v]) => [name, JSON.stringify(v)]),
      );

      // What CloudFormation does with DefinitionSubstitutions, tokens standing in for the resolved ARNs.
      const filled = JSON.stringify(substitute(deployed, tokens));
      expect(filled).not.toMatch(/\$\{[^}]+\}/);

      let named = filled;
      for (const [name, token] of Object.entries(tokens))
        named = named.split(JSON.stringify(token).slice(1, -1)).join(`\${${name}}`);
      expect(JSON.parse(named)).toEqual(JSON.parse(readFileSync(DEFINITION_FILE, "utf8")));
    });

    it("may invoke exactly its task functions and start executions of itself, nothing else", () => {
      const statements = statementsOfRole(template, logicalId(stacks.workflow.workflow.stateMachine.role));
      const scoped = statements.filter((s) => !resourcesOf(s).includes("*"));
      const invoke = scoped.filter((s) => actionsOf(s).includes("lambda:InvokeFunction"));
      const start = scoped.filter((s) => actionsOf(s).includes("states:StartExecution"));

      expect(invoke.flatMap(resourcesOf)).toEqual(
        expect.arrayContaining(TASKS.map((task) => ({ "Fn::GetAtt": [taskFunctionId(task), "Arn"] }))),
      );
      expect(invoke.flatMap(resourcesOf)).toHaveLength(TASKS.length);
      expect(start.flatMap(resourcesOf)).toEqual([
        stacks.workflow.resolve(stacks.workflow.workflow.stateMachineArn),
      ]);
      expect(JSON.stringify(start)).toContain(`:stateMachine:${stateMachine.StateMachineName}`);
      expect(scoped.flatMap(actionsOf).sort()).toEqual(["lambda:InvokeFunction", "states:StartExecution"]);
    });
  });

  describe("the task functions", () => {
    it("are one Lambda per task, each bundling the handler module of that task", () => {
      for (const task of TASKS) {
        const source = readFileSync(join(PROJECT_ROOT, taskEntry(task)), "utf8");
        expect(source, taskEntry(task)).toMatch(new RegExp(`createTaskHandler\\("${task}"[,)]`));
      }
      template.resourcePropertiesCountIs(
        "AWS::Lambda::Function",
        { Runtime: "nodejs22.x", Architectures: ["arm64"], TracingConfig: { Mode: "Active" } },
        TASKS.length + 1, // and the reconciler
      );
    });

    it("may read and write the table and its two indexes, and use its key only through DynamoDB", () => {
      const tableArn = stacks.workflow.resolve(stacks.data.store.table.tableArn);
      const indexArn = (name: string) => ({ "Fn::Join": ["", [tableArn, `/index/${name}`]] });
      for (const task of TASKS) {
        const statements = taskRoleStatements(task);
        const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
        const kms = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("kms:")));

        expect(dynamo.flatMap(actionsOf).sort(), task).toEqual([...ITEM_ACTIONS].sort());
        expect(dynamo.flatMap(resourcesOf), task).toEqual([tableArn, indexArn("gsi1"), indexArn("gsi2")]);
        expect(kms.flatMap(actionsOf).sort(), task).toEqual([...KEY_ACTIONS].sort());
        expect(kms[0]?.Condition, task).toMatchObject({
          StringEquals: { "kms:ViaService": expect.anything() },
        });
      }
    });

    it("never start executions: the state machine chains itself", () => {
      for (const task of TASKS) {
        expect(taskRoleStatements(task).flatMap(actionsOf), task).not.toContain("states:StartExecution");
      }
    });

    it("complete callback waits only from registerWait, and only on this state machine", () => {
      for (const task of TASKS) {
        const sends = taskRoleStatements(task).filter((s) =>
          actionsOf(s).some((a) => a.startsWith("states:")),
        );
        if (!DELIVERING_TASKS.includes(task)) {
          expect(sends, task).toEqual([]);
          continue;
        }
        expect(sends.flatMap(actionsOf), task).toEqual(["states:SendTaskSuccess"]);
        expect(sends.flatMap(resourcesOf), task).toEqual([
          stacks.workflow.resolve(stacks.workflow.workflow.stateMachineArn),
        ]);
      }
    });

    it("publish notifications only from the tasks that announce something, with the bus in their environment", () => {
      for (const task of TASKS) {
        const puts = taskRoleStatements(task).filter((s) => actionsOf(s).includes("events:PutEvents"));
        const [fn] = Object.values(
          template.findResources("AWS::Lambda::Function", {
            Properties: { Description: Match.stringLikeRegexp(`task ${task}$`) },
          }),
        );
        const environment = fn?.Properties.Environment.Variables as Record<string, unknown>;

        expect(environment.TABLE_NAME, task).toBeDefined();
        expect(environment.STATE_MACHINE_ARN, task).toEqual(
          stacks.workflow.resolve(stacks.workflow.workflow.stateMachineArn),
        );
        if (NOTIFYING_TASKS.includes(task)) {
          expect(puts.flatMap(resourcesOf), task).toEqual([
            stacks.workflow.resolve(stacks.events.bus.eventBusArn),
          ]);
          expect(environment.EVENT_BUS_NAME, task).toBeDefined();
        } else {
          expect(puts, task).toEqual([]);
          expect(environment.EVENT_BUS_NAME, task).toBeUndefined();
        }
      }
    });
  });

  describe("the reconciler", () => {
    it("runs every five minutes and may only send outcomes to and start executions of this state machine", () => {
      const id = logicalId(stacks.workflow.reconciler.fn);
      template.hasResourceProperties("AWS::Events::Rule", {
        ScheduleExpression: "rate(5 minutes)",
        State: "ENABLED",
        Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [id, "Arn"] } })],
      });
      const states = statementsOfRole(template, logicalId(stacks.workflow.reconciler.role)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith("states:")),
      );
      expect(states.flatMap(actionsOf).sort()).toEqual(["states:SendTaskSuccess", "states:StartExecution"]);
      expect(states.flatMap(resourcesOf)).toEqual([
        stacks.workflow.resolve(stacks.workflow.workflow.stateMachineArn),
      ]);
    });
  });
});
