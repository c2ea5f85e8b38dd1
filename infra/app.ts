import { App } from "aws-cdk-lib";
import { addNagChecks, addPlannerStacks } from "./planner.js";

// `npx cdk synth|deploy|destroy`: environment-agnostic stacks (the CLI's account and region), so synth needs no
// credentials. Optional context: ffa:prefix, ffa:callbackUrls (comma-separated), ffa:authDomainPrefix, ffa:alarmEmail.
const app = new App();
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(`ffa:${name}`);
  return typeof value === "string" && value !== "" ? value : undefined;
};

addPlannerStacks(app, {
  prefix: context("prefix"),
  callbackUrls: context("callbackUrls")
    ?.split(",")
    .map((url) => url.trim()),
  authDomainPrefix: context("authDomainPrefix"),
  alarmEmail: context("alarmEmail"),
});
addNagChecks(app);
app.synth();
