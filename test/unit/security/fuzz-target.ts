import fc from "fast-check";
import { expect } from "vitest";
import type { Reply } from "../http/harness.js";
import type { Api, CallOptions } from "./api.js";
import { expectedOutcome, requestFor } from "./matrix.js";
import { fillPath, type Route, withQuery } from "./routes.js";
import { MATRIX_PERSONAS, ROLES, type Role, type World } from "./world.js";

// Where the fuzzers of a route send their requests, as whom, and how a property run is judged.

export const RUNS = 25;

/** The role the table allows on the route, so that a valid request would get all the way to its use case. */
export function allowedRole(route: Route): Exclude<Role, "anonymous"> {
  for (const role of ROLES) {
    if (role !== "anonymous" && expectedOutcome({ route, role, tenant: "own" }) === "allow") return role;
  }
  throw new Error(`${route.key}: no role may call it`);
}

export type Target = {
  api: Api;
  /** The route's valid example request, which each fuzzer bends in one place. */
  params: Record<string, string>;
  query: Record<string, string>;
  example: unknown;
  /** The example request, as the allowed role, with the body replaced as given. */
  send(options: CallOptions): Promise<Reply>;
  /** The example body to another URL of the route, as the allowed role. */
  sendTo(path: string): Promise<Reply>;
};

/**
 * What the fuzzers of each route send to, made once per route: a private copy of the world for a route that
 * writes (a fuzzed request may be valid and change it), the world itself for one that only reads.
 */
export function fuzzTargets(world: () => World): (route: Route) => Promise<Target> {
  const made = new Map<string, Promise<Target>>();
  const make = async (route: Route): Promise<Target> => {
    const w = world();
    const api = route.method === "GET" ? w.shared : await w.fork();
    const role = allowedRole(route);
    const request = await requestFor(w, api, { route, role, tenant: "own" });
    const token = await w.token(MATRIX_PERSONAS[role]);
    const example = request.body;
    const withExample = example === undefined ? {} : { body: example };
    return {
      api,
      params: request.params,
      query: request.query,
      example,
      send: (options) => api.call(route.method, request.path, { token, ...options }),
      sendTo: (path) => api.call(route.method, path, { token, ...withExample }),
    };
  };
  return (route) => {
    let target = made.get(route.key);
    if (!target) {
      target = make(route);
      made.set(route.key, target);
    }
    return target;
  };
}

/** Runs a property RUNS times and fails on the first counterexample, quoting the problems it found. */
export async function holds<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<string[]>, api: Api) {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const logged = api.logged.length;
      const problems = await check(value);
      if (api.logged.length > logged) problems.push(`logged: ${JSON.stringify(api.logged.slice(logged))}`);
      expect(problems).toEqual([]);
    }),
    { numRuns: RUNS },
  );
}

/** What a client that does not care puts in a URL: reserved characters, escapes, unicode, control codes, length. */
export const ODD = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "#",
    "?",
    "%",
    "%25",
    "%2F",
    "%zz",
    "..",
    "../../etc/passwd",
    "\u0000",
    "\u202e",
    "🙂",
    " ",
  ),
  fc.constantFrom("a/b", "TIP.PROS.1.1#x", "__proto__", "constructor", "-1", "1e309", "0x10", "1.5", "[]"),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => "x".repeat(n)),
);

/** The route's URL with one path parameter replaced, percent-encoded as a careful client would or raw. */
export function pathWith(route: Route, target: Target, name: string, value: string, raw: boolean): string {
  const encode = (v: string) => {
    if (raw) return v;
    try {
      return encodeURIComponent(v);
    } catch {
      return v; // a lone surrogate cannot be encoded: send it as it is
    }
  };
  return withQuery(fillPath(route, { ...target.params, [name]: value }, encode), target.query);
}

/** The route's URL with one query parameter set (added, or replacing the example's). */
export const queryWith = (route: Route, target: Target, name: string, value: string): string =>
  withQuery(fillPath(route, target.params), { ...target.query, [name]: value });
