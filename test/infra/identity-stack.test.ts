import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../functions/core/principal.js";
import { plannerApp } from "./planner-app.js";

// The claims functions/http/auth.ts reads from the ID token, besides `sub` and `cognito:groups`.
const TENANT_CLAIMS = ["custom:country", "custom:agency", "custom:ministry", "custom:organisation"];

describe("identity stack", () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(plannerApp().stacks.identity);
  });

  it("lets only administrators create accounts, with strong passwords and TOTP MFA required", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
    });
    const [pool] = Object.values(template.findResources("AWS::Cognito::UserPool"));
    expect(pool?.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it("runs threat protection in enforcing mode on the Plus tier", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
    });
  });

  it("keeps the user pool when the stack goes: the audit trail names its users", () => {
    template.hasResource("AWS::Cognito::UserPool", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({ DeletionProtection: "ACTIVE" }),
    });
  });

  it("has one group per role the API knows", () => {
    const groups = Object.values(template.findResources("AWS::Cognito::UserPoolGroup")).map(
      (group) => group.Properties.GroupName,
    );

    expect(groups.sort()).toEqual([...Role.options].sort());
  });

  it("holds the tenant in custom attributes, the country immutable", () => {
    const [pool] = Object.values(template.findResources("AWS::Cognito::UserPool"));
    const schema = pool?.Properties.Schema as { Name: string; Mutable?: boolean }[];
    const custom = Object.fromEntries(
      schema.map((attribute) => [`custom:${attribute.Name}`, attribute.Mutable]),
    );

    expect(Object.keys(custom)).toEqual(expect.arrayContaining(TENANT_CLAIMS));
    expect(custom["custom:country"]).toBe(false);
  });

  it("issues ID tokens to a public client by the authorization code flow, never by plain password", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(["openid"]),
      SupportedIdentityProviders: ["COGNITO"],
      ExplicitAuthFlows: Match.not(Match.arrayWith(["ALLOW_USER_PASSWORD_AUTH"])),
    });
  });

  it("puts the tenant claims in the ID token but never lets users write them", () => {
    const [client] = Object.values(template.findResources("AWS::Cognito::UserPoolClient"));
    const read = client?.Properties.ReadAttributes as string[];
    const write = client?.Properties.WriteAttributes as string[];

    expect(read).toEqual(expect.arrayContaining([...TENANT_CLAIMS, "name"]));
    // An empty list would mean "every standard attribute": the list must be explicit and harmless.
    expect(write.length).toBeGreaterThan(0);
    expect(write.filter((attribute) => attribute.startsWith("custom:") || attribute === "email")).toEqual([]);
  });

  it("publishes what clients and operators need", () => {
    for (const output of ["UserPoolId", "UserPoolClientId", "HostedUiUrl", "TokenIssuer"]) {
      expect(template.findOutputs(output), output).not.toEqual({});
    }
  });
});
