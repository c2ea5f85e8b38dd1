import { createHash } from "node:crypto";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { IdempotencyError } from "../core/errors.js";
import type { IdempotencyIntent, Store } from "../core/ports.js";
import type { Principal } from "../core/principal.js";
import type { AppEnv } from "./router.js";
import { cycleTenant } from "./tenant.js";

export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, {
  error: "Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -",
});

/** The request headers of every POST: the optional Idempotency-Key (header names arrive lower-cased). */
export const IdempotencyHeaders = z.object({
  "idempotency-key": IdempotencyKey.optional().openapi({
    description:
      "Makes a retry safe: the same key with the same body replays the first answer (Idempotent-Replayed: true); " +
      "with another body it answers 422; while a request with the same key is handled at the same moment, 409 " +
      "idempotency_key_in_use (retry it to read the first request's answer).",
    example: "01JD3ZQ7X4-create-cycle",
  }),
});

/** JSON with object keys sorted at every level, so that equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function requestHash(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

type Options<S extends z.ZodType, Code extends ContentfulStatusCode> = {
  store: Store;
  /** The tenant the record lives under; undefined when the caller has none (the use case then refuses anyway). */
  country: string | undefined;
  key: string | undefined;
  /** The validated body: what the use case acts on, so defaults and trimming do not make two retries differ. */
  body: unknown;
  status: Code;
  /** The route's success schema: a stored answer is parsed like any item read back from storage. */
  schema: S;
};

/**
 * The errors a twin's committed effect causes in a request that ran beside it: the key taken, the version it read
 * moved on, the state it needs gone. Any other error is the request's own answer and stands, notably one that
 * follows its own commit (the workflow not taking the outcome): the record found then is its own.
 */
const TWIN_SYMPTOMS = new Set([
  "IdempotencyError",
  "VersionConflictError",
  "StateConflictError",
  "RuleViolationError",
]);

function mayBeTwinsEffect(error: unknown): boolean {
  return error instanceof Error && TWIN_SYMPTOMS.has(error.name);
}

/**
 * Runs a POST at most once per Idempotency-Key. Without a key the use case simply runs. With one: a stored answer
 * for the same body is replayed, one for another body is a 422, and otherwise the use case gets an intent and writes
 * the record in the same transaction as its effect. Of two requests with one key handled at the same moment, the one
 * that commits first answers; the other answers 409 idempotency_key_in_use, whatever it failed with (the key taken,
 * the version it read gone, "already decided"): those are symptoms of its twin's effect, not errors of their own.
 */
export async function idempotent<S extends z.ZodType, Code extends ContentfulStatusCode>(
  c: Context<AppEnv>,
  options: Options<S, Code>,
  run: (intent: IdempotencyIntent | undefined) => Promise<z.output<S>>,
) {
  const { store, country, key, status, schema } = options;
  if (!key || !country) return c.json(await run(undefined), status);

  const scope = `${c.get("principal").sub} ${c.req.method} ${c.req.path}`;
  const hash = requestHash(options.body);
  const stored = async () => {
    const record = await store.getIdempotency(country, scope, key);
    if (record && record.requestHash !== hash) {
      throw new IdempotencyError(
        "idempotency_key_reused",
        `Idempotency-Key ${key} was already used with a different request body; use a new key for a new request`,
      );
    }
    return record;
  };

  const earlier = await stored();
  if (earlier) {
    if (earlier.status !== status)
      throw new Error(`idempotency record ${key} holds status ${earlier.status}`);
    c.header("Idempotent-Replayed", "true");
    return c.json(schema.parse(earlier.response), status);
  }
  try {
    return c.json(await run({ country, scope, key, requestHash: hash, status }), status);
  } catch (error) {
    if (!mayBeTwinsEffect(error)) throw error;
    // A failed lookup here must not hide the request's own error.
    const twin = await stored().catch((lookup: unknown) => {
      if (lookup instanceof IdempotencyError) throw lookup;
      return undefined;
    });
    if (!twin) throw error;
    throw new IdempotencyError(
      "idempotency_key_in_use",
      `Idempotency-Key ${key} is used by another request with the same body that was handled at the same moment ` +
        "and committed first; retry this request with the same key to read its answer",
    );
  }
}

/**
 * The shape every idempotent POST about one cycle shares: who calls, in which country the cycle lives (see
 * cycleTenant), the Idempotency-Key and the validated body. The route only names the use case to run.
 * The route's own schemas have already validated the `country` query and the key header read here.
 */
export async function cycleCommand<S extends z.ZodType, Code extends ContentfulStatusCode>(
  c: Context<AppEnv>,
  store: Store,
  request: { cycleId: string; body: unknown },
  response: { status: Code; schema: S },
  run: (ctx: {
    principal: Principal;
    country: string;
    intent: IdempotencyIntent | undefined;
  }) => Promise<z.output<S>>,
) {
  const principal = c.get("principal");
  const country = await cycleTenant(store, principal, c.req.query("country"), request.cycleId);
  return idempotent(
    c,
    { store, country, key: c.req.header("idempotency-key"), body: request.body, ...response },
    (intent) => run({ principal, country, intent }),
  );
}
