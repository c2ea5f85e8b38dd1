import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import type { Construct } from "constructs";

/**
 * The product's notifications (stage opened, submitted, decided, reminder, escalation) as events, for e-mail or
 * chat integrations to subscribe to with rules of their own. Outlives the API and the workflow that publish on it.
 */
export class EventsStack extends Stack {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.bus = new events.EventBus(this, "Notifications", {
      description: "ffa-planner notifications: stage opened, submitted, decided, reminders, escalations",
    });
    new CfnOutput(this, "EventBusName", { value: this.bus.eventBusName });
  }
}
