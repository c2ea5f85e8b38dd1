import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { CognitoWebConfig, SessionVerifier } from "./session.js";

/**
 * The OpenID Connect authorization code flow with PKCE against the Cognito hosted UI (the app client has no
 * secret). `/sign-in` sends the browser to `/oauth2/authorize` with a fresh state, nonce and code challenge, kept in a
 * short-lived http-only cookie; `/auth/callback` checks the state, exchanges the code with the verifier at
 * `/oauth2/token`, and verifies the ID token (signature against the pool's JWKS, issuer, audience, expiry, nonce).
 */

export const PendingSignIn = z.strictObject({
  state: z.string().min(16),
  nonce: z.string().min(16),
  verifier: z.string().min(43).max(128),
  next: z.string(),
});
export type PendingSignIn = z.infer<typeof PendingSignIn>;

const random = () => randomBytes(32).toString("base64url");

export function redirectUriOf(config: CognitoWebConfig, origin: string): string {
  return config.redirectUri ?? `${origin}/auth/callback`;
}

export function authorizationRequest(
  config: CognitoWebConfig,
  origin: string,
  next: string,
): { location: string; pending: PendingSignIn } {
  const pending: PendingSignIn = { state: random(), nonce: random(), verifier: random(), next };
  const challenge = createHash("sha256").update(pending.verifier).digest("base64url");
  const url = new URL("/oauth2/authorize", config.hostedUiUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectUriOf(config, origin),
    scope: "openid email profile",
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  return { location: url.toString(), pending };
}

export function logoutUrl(config: CognitoWebConfig, origin: string): string {
  const url = new URL("/logout", config.hostedUiUrl);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    // The callback URL is already among the client's logout URLs (the identity stack registers the same list for
    // both); a visit to it without a code is how the pages learn that the hosted UI signed the person out.
    logout_uri: config.logoutUri ?? redirectUriOf(config, origin),
  }).toString();
  return url.toString();
}

const TokenResponse = z.looseObject({ id_token: z.string().min(1) });

export class SignInError extends Error {
  override readonly name = "SignInError" as const;
}

/** Completes the flow: the ID token to keep as the session, and when it expires. */
export async function completeSignIn(
  config: CognitoWebConfig,
  verify: SessionVerifier,
  origin: string,
  query: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  pending: PendingSignIn | undefined,
): Promise<{ token: string; expiresAt: number; next: string }> {
  if (query.error) throw new SignInError(`the sign-in page answered ${query.error}`);
  if (!pending || !query.state || query.state !== pending.state)
    throw new SignInError("the sign-in did not start here, or took too long; start again");
  if (!query.code) throw new SignInError("the sign-in page sent no authorization code");
  const res = await (config.fetch ?? fetch)(new URL("/oauth2/token", config.hostedUiUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.clientId,
      code: query.code,
      redirect_uri: redirectUriOf(config, origin),
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!res.ok) throw new SignInError(`the token endpoint refused the code (HTTP ${res.status})`);
  const body = TokenResponse.safeParse(await res.json());
  if (!body.success) throw new SignInError("the token endpoint sent no ID token");
  const verified = await verify(body.data.id_token);
  if (!verified) throw new SignInError("the ID token could not be verified");
  if (verified.claims.nonce !== pending.nonce)
    throw new SignInError("the ID token was not issued for this sign-in");
  return { token: body.data.id_token, expiresAt: verified.expiresAt, next: pending.next };
}
