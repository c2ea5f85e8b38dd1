import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monotonicFactory } from "ulid";
import type { CoreDeps } from "../../../functions/core/changes.js";
import { createApp } from "../../../functions/http/app.js";
import { createJwtAuthenticator } from "../../../functions/http/auth.js";
import { csrfTokenOf, SESSION_COOKIE } from "../../../functions/http/pages/session.js";
import { type DevIssuer, loadOrCreateDevIssuer } from "../../../functions/local/dev-issuer.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { PERSONAS, type PersonaName } from "../http/harness.js";

// The pages in-process: the real app with its web interface in local mode over an in-memory store. `get`/`post` act
// as a signed-in persona (the session cookie of a dev-issuer token, and for posts the CSRF token of that session);
// `api` calls the JSON API with the same persona's bearer token, to set up data quickly.

export type PageReply = { status: number; html: string; headers: Headers; location: string | null };

export type PageHarness = {
  store: MemoryStore;
  workflow: RecordingWorkflow;
  deps: CoreDeps;
  issuer: DevIssuer;
  token(who: PersonaName): Promise<string>;
  /** A GET as `who` (or anonymous), with extra headers (e.g. cookies). */
  get(path: string, who?: PersonaName, headers?: Record<string, string>): Promise<PageReply>;
  /** A same-origin form POST as `who`; `_csrf` is added unless the form has one. */
  post(
    path: string,
    form: Record<string, string>,
    who?: PersonaName,
    headers?: Record<string, string>,
  ): Promise<PageReply>;
  api(
    method: string,
    path: string,
    who: PersonaName,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
  cleanup(): Promise<void>;
};

export const ORIGIN = "http://localhost";

export async function createPageHarness(): Promise<PageHarness> {
  const dir = await mkdtemp(join(tmpdir(), "ffa-pages-"));
  const issuer = await loadOrCreateDevIssuer(dir);
  const store = new MemoryStore();
  const workflow = new RecordingWorkflow();
  let clock = Date.parse("2026-03-02T09:00:00.000Z");
  const ulid = monotonicFactory();
  const deps: CoreDeps = {
    store,
    workflow,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
    newId: () => ulid(clock),
  };
  const app = createApp({
    ...deps,
    authenticate: createJwtAuthenticator(issuer),
    logger: { error: (message, attributes) => console.error(message, attributes) },
    web: { mode: "local", issuer },
  });
  const tokens = new Map<PersonaName, string>();
  const token = async (who: PersonaName) => {
    let t = tokens.get(who);
    if (!t) {
      t = await issuer.mint(PERSONAS[who]);
      tokens.set(who, t);
    }
    return t;
  };
  const send = async (
    path: string,
    init: RequestInit,
    who?: PersonaName,
    extra: Record<string, string> = {},
  ) => {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(extra)) headers.set(k, v);
    if (who) {
      const cookie = `${SESSION_COOKIE}=${await token(who)}`;
      headers.set("Cookie", headers.has("Cookie") ? `${headers.get("Cookie")}; ${cookie}` : cookie);
    }
    // An absolute URL stands for a request to another host (e.g. https, as behind API Gateway).
    const res = await app.request(path.startsWith("http") ? path : `${ORIGIN}${path}`, { ...init, headers });
    return {
      status: res.status,
      html: await res.text(),
      headers: res.headers,
      location: res.headers.get("location"),
    };
  };
  return {
    store,
    workflow,
    deps,
    issuer,
    token,
    get: (path, who, headers) => send(path, { method: "GET" }, who, headers),
    async post(path, form, who, headers) {
      const fields = { ...form };
      if (who && fields._csrf === undefined) fields._csrf = csrfTokenOf(await token(who));
      return send(
        path,
        {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: path.startsWith("http") ? new URL(path).origin : ORIGIN,
          },
          body: new URLSearchParams(fields).toString(),
        },
        who,
        headers,
      );
    },
    async api(method, path, who, body) {
      const res = await app.request(`${ORIGIN}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await token(who)}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
