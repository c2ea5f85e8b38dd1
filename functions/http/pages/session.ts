import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from "jose";
import type { Principal, Role } from "../../core/principal.js";
import { claimsToPrincipal } from "../auth.js";

/**
 * Browser sessions. The session cookie carries the ID token itself (locally the dev issuer's JWT, on AWS the
 * Cognito ID token from the hosted sign-in): it is already signed, carries its own expiry, and is verified with the
 * same key and the same claim mapping as the API's bearer tokens (`claimsToPrincipal`), so a page acts as exactly
 * the principal the API would see. The cookie is http-only (no script reads it), SameSite=Lax (not sent on
 * cross-site POSTs) and Secure (except on plain-http local installs, see `isSecure`).
 *
 * CSRF: every POST form carries `_csrf`, an HMAC of the session token; the server recomputes it (`checkCsrf`). An
 * attacking page can neither read the http-only cookie nor the token derived from it. On top, hono/csrf refuses
 * form posts whose Origin / Sec-Fetch-Site is not this site (../web.ts).
 *
 * API: `WebConfig` (createApp's `web` option), `sessionVerifier(config)`, `readSession(c, verify)`,
 * `startSession(c, token, expiresAt)`, `endSession(c)`, `csrfTokenOf(session)`, `checkCsrf(session, sent)`.
 */

export const SESSION_COOKIE = "ffa_session";
export const LANG_COOKIE = "ffa_lang";
export const FLASH_COOKIE = "ffa_flash";
export const OIDC_COOKIE = "ffa_oidc";

/** What a local sign-in may ask the dev issuer for: the persona fields of the chooser. */
export type PersonaRequest = {
  role: Role;
  name?: string;
  country?: string;
  agency?: string;
  ministry?: string;
  organisation?: string;
};

export type LocalWebConfig = {
  mode: "local";
  /** The dev issuer (functions/local/dev-issuer.ts): verifies sessions and mints the chooser's tokens. */
  issuer: {
    issuer: string;
    audience: string;
    jwks: JSONWebKeySet;
    mint(persona: PersonaRequest, ttlSeconds?: number): Promise<string>;
  };
};

/** The Cognito hosted sign-in; see `webConfigFromEnv` in ../web.ts for the environment variables that set it in Lambda. */
export type CognitoWebConfig = {
  mode: "cognito";
  /** The hosted UI's base URL, e.g. https://ffa-planner-123.auth.eu-west-1.amazoncognito.com */
  hostedUiUrl: string;
  /** The app client id: the audience of its ID tokens. */
  clientId: string;
  /** The user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<pool id> */
  issuer: string;
  /** Where the hosted UI sends the browser back; default `<this origin>/auth/callback`. */
  redirectUri?: string;
  /** Where the hosted UI's logout sends the browser; default the callback (`redirectUri`). */
  logoutUri?: string;
  /** For tests: the keys to verify ID tokens with (default: the pool's JWKS) and the fetch for the token endpoint. */
  keys?: JWTVerifyGetKey;
  fetch?: typeof fetch;
};

export type WebConfig = LocalWebConfig | CognitoWebConfig;

/** Verifies a session token and returns its principal, or undefined when it is missing, expired or not ours. */
export type SessionVerifier = (
  token: string,
) => Promise<{ principal: Principal; expiresAt: number; claims: JWTPayload } | undefined>;

export function sessionVerifier(config: WebConfig): SessionVerifier {
  const keys =
    config.mode === "local"
      ? createLocalJWKSet(config.issuer.jwks)
      : (config.keys ?? createRemoteJWKSet(new URL(`${config.issuer}/.well-known/jwks.json`)));
  const issuer = config.mode === "local" ? config.issuer.issuer : config.issuer;
  const audience = config.mode === "local" ? config.issuer.audience : config.clientId;
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: config.mode === "local" ? ["ES256"] : ["RS256"],
      });
      // Only ID tokens carry the tenant claims (the API refuses access tokens for the same reason).
      if (payload.token_use !== "id" || typeof payload.exp !== "number") return undefined;
      return { principal: claimsToPrincipal(payload), expiresAt: payload.exp, claims: payload };
    } catch (error) {
      // A bad, expired or foreign token is no session; anything else (the JWKS unreachable) is a real failure.
      if (error instanceof joseErrors.JWKSTimeout) throw error;
      if (error instanceof HTTPException || error instanceof joseErrors.JOSEError) return undefined;
      throw error;
    }
  };
}

/**
 * Secure everywhere but a plain-http local install: browsers other than Chromium drop Secure cookies set over
 * http://localhost, and there is no network between that browser and the server to protect.
 */
export function isSecure(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || !isLoopback(new URL(c.req.url).hostname);
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

export async function readSession(
  c: Context,
  verify: SessionVerifier,
): Promise<{ token: string; principal: Principal } | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const verified = await verify(token);
  return verified ? { token, principal: verified.principal } : undefined;
}

/** Sets the session cookie for as long as the token is valid (epoch seconds). */
export function startSession(c: Context, token: string, expiresAt: number): void {
  const maxAge = Math.max(0, expiresAt - Math.floor(Date.now() / 1000));
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    secure: isSecure(c),
    sameSite: "Lax",
    maxAge,
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isSecure(c) });
}

const CSRF_LABEL = "ffa-planner csrf v1";

/** The per-session CSRF token: an HMAC keyed with the session token, so it changes with every session. */
export function csrfTokenOf(session: string): string {
  return createHmac("sha256", session).update(CSRF_LABEL).digest("base64url");
}

/** Constant-time comparison of the token a form sent with the one its session implies. */
export function checkCsrf(session: string, sent: unknown): boolean {
  if (typeof sent !== "string" || sent.length === 0) return false;
  const expected = Buffer.from(csrfTokenOf(session));
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
