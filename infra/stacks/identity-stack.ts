import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";

/** The roles of functions/core/principal.ts; a user belongs to exactly one of these groups. */
export const ROLE_GROUPS = {
  coordinator: "Leads one country's working group: creates cycles, edits and submits stages",
  member: "Edits the assessment entries, activities and reports of one agency",
  approver: "Approves or returns submitted stages for one ministry",
  donor: "Reads approved snapshots and monitoring of plans shared with its organisation",
  admin: "Manages countries, users and framework catalogues",
} as const;

/** Custom attributes, read by the API from the ID token as `custom:<name>` (functions/http/auth.ts). */
const TENANT_ATTRIBUTES = ["country", "agency", "ministry", "organisation"] as const;

export interface IdentityStackProps extends StackProps {
  /** Where the hosted UI may send users back with an authorization code. */
  readonly callbackUrls: string[];
  /** The hosted UI's `<prefix>.auth.<region>.amazoncognito.com`; must be unique in the region. */
  readonly domainPrefix?: string;
}

/**
 * Who may call the API: a user pool (administrator-created accounts only, MFA required, Plus tier threat
 * protection), one group per role, the tenant as custom attributes, and the app client whose ID tokens the API's
 * JWT authorizer accepts. Retained with the table: the audit trail names these users by `sub`.
 */
export class IdentityStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The hosted UI's base URL (https://<prefix>.auth.<region>.amazoncognito.com): the web pages sign in there. */
  readonly hostedUiUrl: string;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);

    this.userPool = new cognito.UserPool(this, "Users", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      customAttributes: {
        // A person's country is the tenant of everything they write: it never changes (a move is a new account).
        country: new cognito.StringAttribute({ minLen: 3, maxLen: 3, mutable: false }),
        // Ministries and agencies get reorganised and people move: administrators may update these.
        agency: new cognito.StringAttribute({ minLen: 3, maxLen: 64, mutable: true }),
        ministry: new cognito.StringAttribute({ minLen: 3, maxLen: 64, mutable: true }),
        organisation: new cognito.StringAttribute({ minLen: 3, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 12,
      },
      // Officials handling trafficking and smuggling data: a stolen password alone must not open an account.
      // TOTP only: SMS is phishable and needs an SNS spending setup per country.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: "Your ffa-planner account",
        emailBody:
          "An account was created for you on ffa-planner. User name: {username}. Temporary password: {####}. " +
          "You will choose a password and set up an authenticator app at first sign-in.",
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [name, description] of Object.entries(ROLE_GROUPS)) {
      this.userPool.addGroup(`Group-${name}`, { groupName: name, description });
    }

    const domain = this.userPool.addDomain("HostedUi", {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `ffa-planner-${Aws.ACCOUNT_ID}` },
    });
    this.hostedUiUrl = domain.baseUrl();

    this.client = this.userPool.addClient("Api", {
      generateSecret: false,
      // Browsers use the hosted UI (authorization code); SRP for SDK clients. No USER_PASSWORD_AUTH: passwords
      // never leave the hosted UI or the SRP exchange.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.callbackUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...TENANT_ATTRIBUTES),
      // Explicit and harmless: left unset, a client may write every standard attribute. The tenant attributes
      // decide what a user may see, so only administrators (AdminUpdateUserAttributes) ever write them.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        locale: true,
        timezone: true,
      }),
    });

    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.client.userPoolClientId });
    new CfnOutput(this, "HostedUiUrl", { value: domain.baseUrl() });
    new CfnOutput(this, "TokenIssuer", { value: this.userPool.userPoolProviderUrl });
  }
}
