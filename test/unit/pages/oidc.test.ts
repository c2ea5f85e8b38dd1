import { createHash } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { monotonicFactory } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../functions/http/app.js";
import { createApiGatewayAuthenticator } from "../../../functions/http/auth.js";
import { type CognitoWebConfig, OIDC_COOKIE, SESSION_COOKIE } from "../../../functions/http/pages/session.js";
import { webConfigFromEnv } from "../../../functions/http/web.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";

// The Cognito hosted sign-in (authorization code + PKCE), with the token endpoint and the pool's keys stood in for.
const HOSTED_UI = "https://ffa-planner-test.auth.eu-west-1.amazoncognito.com";
const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST";
const CLIENT_ID = "client123";
const API = "https://api.example.org";

type TokenRequest = { url: string; body: URLSearchParams };

describe("signing in with the Cognito hosted UI", () => {
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  let config: CognitoWebConfig;
  const requests: TokenRequest[] = [];
  let nextIdToken: () => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(ISSUER)
        .setAudience(CLIENT_ID)
        .setSubject("8f0c-amina")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);
    config = {
      mode: "cognito",
      hostedUiUrl: HOSTED_UI,
      clientId: CLIENT_ID,
      issuer: ISSUER,
      keys: createLocalJWKSet({ keys: [jwk] }),
      fetch: async (input, init) => {
        requests.push({ url: String(input), body: new URLSearchParams(String(init?.body)) });
        return Response.json({ id_token: await nextIdToken(), access_token: "a", token_type: "Bearer" });
      },
    };
  });

  const app = () => {
    const ulid = monotonicFactory();
    return createApp({
      store: new MemoryStore(),
      workflow: new RecordingWorkflow(),
      now: () => new Date("2026-03-02T09:00:00Z"),
      newId: () => ulid(),
      authenticate: createApiGatewayAuthenticator(),
      web: config,
    });
  };

  const cookieValue = (res: Response, name: string) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(";")[0]
      ?.slice(name.length + 1);

  it("sends the browser to the hosted UI with PKCE, then turns the code into a session", async () => {
    const web = app();
    const start = await web.request(`${API}/sign-in?next=${encodeURIComponent("/app/approvals")}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location") ?? "");
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${HOSTED_UI}/oauth2/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${API}/auth/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    const state = authorize.searchParams.get("state") ?? "";
    const pending = cookieValue(start, OIDC_COOKIE) ?? "";
    expect(state.length).toBeGreaterThan(20);

    nextIdToken = () =>
      sign({
        token_use: "id",
        nonce: authorize.searchParams.get("nonce"),
        "cognito:groups": ["approver"],
        "custom:country": "KEN",
        "custom:ministry": "ministry-of-justice",
        name: "John Kamau",
      });
    const back = await web.request(`${API}/auth/callback?code=the-code&state=${state}`, {
      headers: { Cookie: `${OIDC_COOKIE}=${pending}` },
    });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/app/approvals");
    const exchanged = requests.at(-1);
    expect(exchanged?.url).toBe(`${HOSTED_UI}/oauth2/token`);
    expect(exchanged?.body.get("code")).toBe("the-code");
    // The verifier sent to the token endpoint is the one the challenge was made from.
    const verifier = exchanged?.body.get("code_verifier") ?? "";
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(
      authorize.searchParams.get("code_challenge"),
    );

    const session = cookieValue(back, SESSION_COOKIE) ?? "";
    expect(back.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))).toContain("Secure");
    const home = await web.request(`${API}/app`, { headers: { Cookie: `${SESSION_COOKIE}=${session}` } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("John Kamau (Ministry approver, ministry-of-justice, KEN)");
  });

  it("refuses a callback whose state is not the one this browser started with", async () => {
    const web = app();
    const start = await web.request(`${API}/sign-in`);
    const pending = cookieValue(start, OIDC_COOKIE) ?? "";
    const before = requests.length;
    const forged = await web.request(`${API}/auth/callback?code=c&state=someone-elses-state`, {
      headers: { Cookie: `${OIDC_COOKIE}=${pending}` },
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("did not start here");
    expect(requests.length).toBe(before);
    expect(cookieValue(forged, SESSION_COOKIE) ?? "").toBe("");
  });

  it("refuses an ID token issued for another sign-in (nonce)", async () => {
    const web = app();
    const start = await web.request(`${API}/sign-in`);
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state");
    nextIdToken = () =>
      sign({
        token_use: "id",
        nonce: "replayed",
        "cognito:groups": ["coordinator"],
        "custom:country": "KEN",
      });
    const res = await web.request(`${API}/auth/callback?code=c&state=${state}`, {
      headers: { Cookie: `${OIDC_COOKIE}=${cookieValue(start, OIDC_COOKIE)}` },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("not issued for this sign-in");
  });

  it("signs out at the hosted UI too, which comes back to the callback with nothing", async () => {
    const web = app();
    const home = await web.request(`${API}/sign-out`, {
      method: "POST",
      headers: { Origin: API, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(home.status).toBe(303);
    const logout = new URL(home.headers.get("location") ?? "");
    expect(`${logout.origin}${logout.pathname}`).toBe(`${HOSTED_UI}/logout`);
    expect(logout.searchParams.get("logout_uri")).toBe(`${API}/auth/callback`);
    const back = await web.request(`${API}/auth/callback`);
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/sign-in?signed_out=1");
    const page = await web.request(`${API}/sign-in?signed_out=1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("You are signed out.");
  });

  it("is configured from the API Lambda's environment, or not at all", () => {
    expect(webConfigFromEnv({})).toBeUndefined();
    expect(
      webConfigFromEnv({
        WEB_COGNITO_DOMAIN: HOSTED_UI,
        WEB_COGNITO_CLIENT_ID: CLIENT_ID,
        WEB_COGNITO_ISSUER: ISSUER,
        WEB_CALLBACK_URL: `${API}/auth/callback`,
      }),
    ).toEqual({
      mode: "cognito",
      hostedUiUrl: HOSTED_UI,
      clientId: CLIENT_ID,
      issuer: ISSUER,
      redirectUri: `${API}/auth/callback`,
    });
  });
});
