import type { Context } from "hono";
import { createLocalJWKSet, type JSONWebKeySet, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { Principal, Role } from "../core/principal.js";
import { httpError } from "./errors.js";

/** Establishes who is calling, or throws a 401 HTTPException. */
export type Authenticator = (c: Context) => Promise<Principal>;

// RFC 6750: a request without credentials gets the bare challenge; a bad token is named as such.
function unauthorized(code: "missing_token" | "token_expired" | "invalid_token", message: string) {
  const challenge =
    code === "missing_token"
      ? 'Bearer realm="ffa-planner"'
      : 'Bearer realm="ffa-planner", error="invalid_token"';
  return httpError(401, code, message, { "WWW-Authenticate": challenge });
}

// Which claim each Principal field comes from, so that a bad token is explained in the token's own terms.
const CLAIM_OF: Record<string, string> = {
  sub: "sub",
  name: "name",
  role: "cognito:groups",
  country: "custom:country",
  agency: "custom:agency",
  ministry: "custom:ministry",
  organisation: "custom:organisation",
};

/**
 * `cognito:groups` arrives as a JSON array from a verified token, but API Gateway's JWT authorizer flattens it to a
 * string: `"[coordinator]"`, `"[coordinator admin]"` or plain `"coordinator"`.
 */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string");
  if (typeof claim !== "string") return [];
  return claim
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter(Boolean);
}

function roleOf(claim: unknown): string {
  const roles = groupsOf(claim).filter((g) => Role.safeParse(g).success);
  if (roles.length === 1 && roles[0]) return roles[0];
  throw unauthorized(
    "invalid_token",
    roles.length === 0
      ? `cognito:groups: names no role (expected one of ${Role.options.join(", ")})`
      : `cognito:groups: names several roles (${roles.join(", ")}); an account has exactly one`,
  );
}

const stringClaim = (claims: Record<string, unknown>, name: string) => {
  const value = claims[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** Maps Cognito-shaped claims to a Principal; a token that does not make a valid principal is a 401. */
export function claimsToPrincipal(claims: Record<string, unknown>): Principal {
  const candidate: Record<string, unknown> = { sub: claims.sub, role: roleOf(claims["cognito:groups"]) };
  for (const [field, claim] of Object.entries(CLAIM_OF)) {
    if (field === "sub" || field === "role") continue;
    const value = stringClaim(claims, claim);
    if (value !== undefined) candidate[field] = value;
  }
  const parsed = Principal.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? "");
    return `${CLAIM_OF[field] ?? field}: ${i.message}`;
  });
  throw unauthorized("invalid_token", `the token does not describe a valid user: ${problems.join("; ")}`);
}

function bearerToken(c: Context): string {
  const header = c.req.header("Authorization");
  if (!header) throw unauthorized("missing_token", "Authorization: a bearer token is required");
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized("invalid_token", "Authorization: expected `Bearer <token>`");
  return match[1];
}

/** For the local runtime: verifies the bearer token itself (ES256 against a local JWKS; exp, nbf, iss, aud). */
export function createJwtAuthenticator(options: {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
}): Authenticator {
  const keys = createLocalJWKSet(options.jwks);
  return async (c) => {
    const token = bearerToken(c);
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ["ES256"],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw unauthorized("token_expired", "the token has expired");
      const reason = error instanceof joseErrors.JOSEError ? error.code : "unreadable token";
      throw unauthorized("invalid_token", `the token cannot be verified (${reason})`);
    }
    return claimsToPrincipal(claims);
  };
}

// The shape hono/aws-lambda hands over as `c.env` for an HTTP API (payload 2.0) with a JWT authorizer.
const LambdaEnv = z.object({
  event: z.object({
    requestContext: z.object({
      authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }),
    }),
  }),
});

/** For Lambda: API Gateway's JWT authorizer already verified the token; read the claims it passed on. */
export function createApiGatewayAuthenticator(): Authenticator {
  return async (c) => {
    const env = LambdaEnv.safeParse(c.env);
    if (!env.success) {
      throw unauthorized(
        "missing_token",
        "the request carries no claims verified by the API Gateway authorizer",
      );
    }
    const claims = env.data.event.requestContext.authorizer.jwt.claims;
    // The authorizer also accepts Cognito access tokens (their client_id matches the audience), but only ID tokens
    // carry the custom attributes that say a user's country and ministry: anything else is refused here.
    if (claims.token_use !== "id") {
      throw unauthorized("invalid_token", "token_use: send the Cognito ID token, not an access token");
    }
    return claimsToPrincipal(claims);
  };
}
