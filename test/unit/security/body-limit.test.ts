import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMIT_BYTES } from "../../../functions/http/app.js";
import { type Authenticator, createJwtAuthenticator } from "../../../functions/http/auth.js";
import { type DevIssuer, loadOrCreateDevIssuer } from "../../../functions/local/dev-issuer.js";
import { MemoryStore } from "../../support/memory-store.js";
import type { Reply } from "../http/harness.js";
import { type Api, apiOver, type CallOptions } from "./api.js";
import { errorShapeProblems } from "./matrix.js";
import { documentedRoutes, fillPath } from "./routes.js";

// A body over the limit is refused with 413 before anything reads it as JSON, authenticates the caller or touches
// the store, however the client frames it: an honest Content-Length, a lying one, none, or chunks.

const { routes } = await documentedRoutes();
const OVER = BODY_LIMIT_BYTES + 1;
const CHUNK = 16 * 1024;

/** A valid new cycle, padded with trailing spaces (still valid JSON) to exactly `bytes`. */
function cycleBody(bytes: number): string {
  const json = JSON.stringify({
    title: "National Action Plan against Trafficking in Persons 2026-2030",
    frameworks: [{ id: "TIP" }],
    planPeriod: { start: "2026-07-01", end: "2030-06-30" },
    approvalPolicies: { assessment: { ministries: ["ministry-of-justice"] } },
  });
  return json.padEnd(bytes, " ");
}

/** `total` bytes in chunks of CHUNK, counting how many chunks the server pulled. */
function chunked(text: string): { stream: ReadableStream<Uint8Array>; pulled: () => number; chunks: number } {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        pulls++;
        controller.enqueue(bytes.slice(offset, offset + CHUNK));
        offset += CHUNK;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulls, chunks: Math.ceil(bytes.length / CHUNK) };
}

describe("a request body over the limit", () => {
  let dir: string;
  let issuer: DevIssuer;
  let api: Api;
  let token: string;
  /** Every call the app made to authenticate or to the store: a 413 must come before all of them. */
  const reached: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ffa-body-limit-"));
    issuer = await loadOrCreateDevIssuer(dir);
    const verify = createJwtAuthenticator(issuer);
    const authenticate: Authenticator = (c) => {
      reached.push("authenticate");
      return verify(c);
    };
    const store = new MemoryStore();
    const watched = new Proxy(store, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          reached.push(`store.${String(name)}`);
          return Reflect.apply(value, target, args);
        };
      },
    });
    api = apiOver(watched, authenticate);
    token = await issuer.mint({ role: "coordinator", country: "KEN" });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function refusedUnread(send: () => Promise<Reply>): Promise<Reply> {
    reached.length = 0;
    const res = await send();
    expect(res.status, res.text).toBe(413);
    expect(res.body.code).toBe("payload_too_large");
    expect(String(res.body.message)).toMatch(/^body: larger than 256 KB/);
    expect(errorShapeProblems(res)).toEqual([]);
    expect(reached, "the app went past the body limit").toEqual([]);
    return res;
  }
  const post = (options: CallOptions) => api.call("POST", "/cycles", { token, ...options });

  it("answers 413 to a Content-Length over the limit", async () => {
    await refusedUnread(() => post({ raw: cycleBody(OVER), headers: { "Content-Length": String(OVER) } }));
  });

  it("answers 413 when the Content-Length claims less than the body holds", async () => {
    await refusedUnread(() => post({ raw: cycleBody(2 * OVER), headers: { "Content-Length": "100" } }));
  });

  it("answers 413 to a body sent without any length", async () => {
    await refusedUnread(() => post({ raw: cycleBody(OVER) }));
  });

  it("answers 413 to a chunked body as soon as it passes the limit, without reading the rest", async () => {
    const body = chunked(cycleBody(4 * BODY_LIMIT_BYTES));
    await refusedUnread(() => post({ raw: body.stream, headers: { "Transfer-Encoding": "chunked" } }));
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMIT_BYTES / CHUNK + 2);
    expect(body.pulled()).toBeLessThan(body.chunks);
  });

  it("answers 413, not 400, to an oversized body that is not JSON either", async () => {
    await refusedUnread(() => post({ raw: "{".repeat(OVER) }));
  });

  it("answers 413 on every route that takes a body", async () => {
    const values = new Proxy({} as Record<string, string>, { get: () => "0" });
    for (const route of routes.filter((r) => r.body)) {
      reached.length = 0;
      const res = await api.call(route.method, fillPath(route, values), { token, raw: "x".repeat(OVER) });
      expect(res.status, route.key).toBe(413);
      expect(reached, route.key).toEqual([]);
    }
  });

  it("serves a body of exactly the limit, however it is framed, with the bytes the client sent", async () => {
    const framings: CallOptions[] = [
      { raw: cycleBody(BODY_LIMIT_BYTES), headers: { "Content-Length": String(BODY_LIMIT_BYTES) } },
      { raw: cycleBody(BODY_LIMIT_BYTES) },
      { raw: chunked(cycleBody(BODY_LIMIT_BYTES)).stream, headers: { "Transfer-Encoding": "chunked" } },
    ];
    for (const options of framings) {
      const res = await post(options);
      expect(res.status, res.text).toBe(201);
      expect(res.body.title).toBe("National Action Plan against Trafficking in Persons 2026-2030");
    }
  });
});
