import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, SignJWT } from "jose";
import { z } from "zod";
import type { Role } from "../core/principal.js";

// The local stand-in for the Cognito user pool: one ES256 key kept on disk, tokens with Cognito's claim names, so
// that the API cannot tell a local token from a real one except by who signed it.

export const DEV_ISSUER = "ffa-planner-local";
export const DEV_AUDIENCE = "ffa-planner";
const EIGHT_HOURS = 8 * 60 * 60;

export type Persona = {
  role: Role;
  country?: string;
  agency?: string;
  ministry?: string;
  organisation?: string;
  name?: string;
  sub?: string;
};

export type DevIssuer = {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  mint(persona: Persona, ttlSeconds?: number): Promise<string>;
};

const Jwk = z.looseObject({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string(), y: z.string() });
const KeyFile = z.strictObject({
  kid: z.string().min(1),
  privateJwk: Jwk.extend({ d: z.string() }),
  publicJwk: Jwk,
});
type KeyFile = z.infer<typeof KeyFile>;

async function createKeyFile(path: string): Promise<KeyFile> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = randomUUID();
  const file = KeyFile.parse({
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "ES256" },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
  });
  try {
    // "wx": two processes starting at once must not each write their own key; the loser reads the winner's.
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    return file;
  } catch (error) {
    if (errnoOf(error) === "EEXIST") return readKeyFile(path);
    throw error;
  }
}

async function readKeyFile(path: string): Promise<KeyFile> {
  const parsed = KeyFile.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${path} is not a dev issuer key file (${z.prettifyError(parsed.error)}); delete it to start over`,
    );
  }
  return parsed.data;
}

async function loadKeyFile(path: string): Promise<KeyFile> {
  try {
    return await readKeyFile(path);
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return createKeyFile(path);
    throw error;
  }
}

function errnoOf(error: unknown): unknown {
  return error instanceof Error ? Reflect.get(error, "code") : undefined;
}

/** A subject that stays the same for the same persona, so that two tokens minted for it are one person. */
function defaultSub(p: Persona): string {
  const org = p.agency ?? p.ministry ?? p.organisation;
  return ["dev", p.role, p.country?.toLowerCase(), org].filter(Boolean).join("-");
}

/** The local JWT issuer: creates `<dir>/dev-issuer.json` (mode 0600) on first use and reuses it afterwards. */
export async function loadOrCreateDevIssuer(dir = ".local"): Promise<DevIssuer> {
  await mkdir(dir, { recursive: true });
  const keys = await loadKeyFile(join(dir, "dev-issuer.json"));
  const signingKey = await importJWK(keys.privateJwk, "ES256");
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks: { keys: [keys.publicJwk] },
    async mint(persona, ttlSeconds = EIGHT_HOURS) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        "cognito:groups": [persona.role],
        token_use: "id",
        ...(persona.name ? { name: persona.name } : {}),
        ...(persona.country ? { "custom:country": persona.country } : {}),
        ...(persona.agency ? { "custom:agency": persona.agency } : {}),
        ...(persona.ministry ? { "custom:ministry": persona.ministry } : {}),
        ...(persona.organisation ? { "custom:organisation": persona.organisation } : {}),
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid: keys.kid, typ: "JWT" })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(persona.sub ?? defaultSub(persona))
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(signingKey);
    },
  };
}
