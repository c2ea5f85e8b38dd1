import { monotonicFactory } from "ulid";
import type { CoreDeps } from "../../../functions/core/changes.js";
import type { Changeset } from "../../../functions/core/ports.js";
import { type AppDeps, createApp } from "../../../functions/http/app.js";
import type { Authenticator } from "../../../functions/http/auth.js";
import type { Logger } from "../../../functions/http/errors.js";
import { MemoryStore } from "../../support/memory-store.js";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import type { Reply } from "../http/harness.js";

// The real app over a memory store, like the unit harness, but one that can be forked: a world built once through
// the API is copied, commit by commit, into a fresh store for every request that would change it, so no request of
// the matrix sees what another one did.

export type CallOptions = {
  token?: string;
  body?: unknown;
  /** Sent as is, instead of `body`. */
  raw?: string | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
};

export type Api = {
  store: MemoryStore;
  workflow: RecordingWorkflow;
  deps: CoreDeps;
  /** Every error the app logged as unhandled (a 500). */
  logged: { message: string; attributes: Record<string, unknown> }[];
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** The clock's current reading, for a fork to carry on from. */
  clock(): number;
};

export const WORLD_START = Date.parse("2026-03-02T09:00:00.000Z");

export function apiOver(
  store: MemoryStore,
  authenticate: Authenticator,
  startAt = WORLD_START,
  overrides: Partial<AppDeps> = {},
): Api {
  const workflow = new RecordingWorkflow();
  const ulid = monotonicFactory();
  let clock = startAt;
  // A second per reading and monotonic ids, so that the audit trail sorts in the order things happened.
  const deps: CoreDeps = {
    store,
    workflow,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
    newId: () => ulid(clock),
  };
  const logged: Api["logged"] = [];
  const logger: Logger = { error: (message, attributes) => logged.push({ message, attributes }) };
  const app = createApp({ ...deps, authenticate, logger, ...overrides });
  return {
    store,
    workflow,
    deps,
    logged,
    clock: () => clock,
    async call(method, path, options = {}) {
      const headers = new Headers(options.headers);
      if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
      let body = options.raw;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
      const init: RequestInit = { method, headers };
      if (body !== undefined) {
        init.body = body;
        // A stream is sent chunked; undici insists on being told so.
        if (typeof body !== "string") Object.assign(init, { duplex: "half" });
      }
      const res = await app.request(path, init);
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        // Not JSON (the docs page): the text is there to read.
      }
      return { status: res.status, body: parsed, headers: res.headers, text };
    },
  };
}

/** A store holding exactly what `commits` wrote, replayed in order through the store's own conditions. */
export async function replay(commits: readonly Changeset[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const changes of commits) await store.commit(changes);
  return store;
}
