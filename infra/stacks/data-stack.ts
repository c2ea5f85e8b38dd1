import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { PlannerTable } from "../constructs/planner-table.js";

/** Stateful and long-lived: the table (and its key) outlive every other stack, and a `cdk destroy`. */
export class DataStack extends Stack {
  readonly store: PlannerTable;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.store = new PlannerTable(this, "Store");
    new CfnOutput(this, "TableName", { value: this.store.table.tableName });
  }
}
