import { ulid } from "ulid";
import type { Reply } from "../http/harness.js";
import type { Api } from "./api.js";
import { type Outcome, ROUTE_TABLE, type RouteCase } from "./route-table.js";
import { declaresCountry, fillPath, type Route, withQuery } from "./routes.js";
import { MATRIX_PERSONAS, type Role, type Tenant, type World } from "./world.js";

// One cell of the authorization matrix: a route, called by a role, on its own country's cycle or on another's.

export type Cell = { route: Route; role: Role; tenant: Tenant };
export type Request = {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
};

/** What the table says this cell answers; undefined where the cell does not exist (no country to cross into). */
export function expectedOutcome({ route, role, tenant }: Cell): Outcome | 401 | undefined {
  const table = caseOf(route);
  if (!table.phase && tenant === "other" && !declaresCountry(route)) return undefined;
  if (!route.secured) return "allow";
  if (role === "anonymous") return 401;
  // Another country's ids: as if they did not exist, whoever asks.
  if (table.phase && tenant === "other") return 404;
  return table.expect[role];
}

export function caseOf(route: Route): RouteCase {
  const found = ROUTE_TABLE[route.key];
  if (!found) throw new Error(`${route.key} is not classified in ROUTE_TABLE`);
  return found;
}

/** The request a real client in this cell would send, with versions read from the store it will run against. */
export async function requestFor(world: World, api: Api, { route, role, tenant }: Cell): Promise<Request> {
  const table = caseOf(route);
  const t = tenant === "own" ? world.ken : world.mex;
  const context = {
    t,
    store: api.store,
    async download(path: string) {
      const res = await api.call("GET", path, { token: await world.token(t.people.coordinator) });
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text}`);
      return res.text;
    },
  };
  const params = { ...(table.phase ? { cycleId: t.cycles[table.phase] } : {}), ...table.params?.(t) };
  const query: Record<string, string> = { ...(await table.query?.(context)) };
  if (declaresCountry(route)) {
    // An admin names the country it acts in, and finds no cycle of another country there. Everyone else tries to
    // cross into Mexico by naming it too: only an admin's ?country= may count.
    const crossing = tenant === "other" && (role !== "admin" || !table.phase);
    if (crossing) query.country = "MEX";
    else if (role === "admin") query.country = "KEN";
  }
  const request = { method: route.method, path: withQuery(fillPath(route, params), query), params, query };
  if (!route.body) return request;
  if (!table.body) throw new Error(`${route.key} takes a body, and ROUTE_TABLE has no example of one`);
  return { ...request, body: await table.body(context) };
}

export async function send(world: World, api: Api, role: Role, request: Request): Promise<Reply> {
  const token = role === "anonymous" ? undefined : await world.token(MATRIX_PERSONAS[role]);
  return api.call(request.method, request.path, {
    ...(token ? { token } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}

/** Every way an error answer can fall short of `{ code, message, details }`. */
export function errorShapeProblems(res: Reply): string[] {
  const keys = Object.keys(res.body).sort().join(",");
  const problems: string[] = [];
  if (keys !== "code,details,message") problems.push(`error body keys are [${keys}]`);
  if (typeof res.body.code !== "string" || res.body.code === "") problems.push("error code is not a string");
  if (typeof res.body.message !== "string" || res.body.message === "")
    problems.push("error message is empty");
  const details = res.body.details;
  if (typeof details !== "object" || details === null || Array.isArray(details)) {
    problems.push("error details is not an object");
  }
  return problems;
}

/** The foreign titles, names and ids in the answer that the request did not itself carry. */
export function leakedSecrets(world: World, request: Request, res: Reply): string[] {
  const sent = `${request.path} ${JSON.stringify(request.body ?? null)}`;
  return world.foreignSecrets.filter((secret) => !sent.includes(secret) && res.text.includes(secret));
}

const CODE_OF: Partial<Record<Outcome | 401, string>> = {
  401: "missing_token",
  403: "forbidden",
  404: "not_found",
};

/** Runs one cell and describes everything wrong with its answer; empty when the cell holds. */
export async function checkCell(world: World, cell: Cell): Promise<string[]> {
  const expected = expectedOutcome(cell);
  if (expected === undefined) return [];
  const writes = cell.route.method !== "GET";
  // An allowed write changes the world, so it gets a copy of its own; anything else must change nothing.
  const api = writes && expected === "allow" ? await world.fork() : world.shared;
  const request = await requestFor(world, api, cell);
  const commitsBefore = api.store.commits.length;
  const loggedBefore = api.logged.length;
  const res = await send(world, api, cell.role, request);

  const problems: string[] = [];
  const allowed = res.status >= 200 && res.status < 300;
  if (expected === "allow" ? !allowed : res.status !== expected) {
    problems.push(`answered ${res.status}, expected ${expected}: ${res.text.slice(0, 300)}`);
  }
  if (!allowed) {
    problems.push(...errorShapeProblems(res));
    const code = CODE_OF[expected];
    if (code && res.status === expected && res.body.code !== code) {
      problems.push(`code ${String(res.body.code)}, expected ${code}`);
    }
    if (api.store.commits.length !== commitsBefore) problems.push("a refused request changed the store");
  }
  // An admin listing Mexico's cycles by name is the one cell entitled to read them.
  const entitled = cell.role === "admin" && cell.tenant === "other" && !caseOf(cell.route).phase;
  const leaked = entitled ? [] : leakedSecrets(world, request, res);
  if (leaked.length > 0) problems.push(`the answer carries Mexico's ${leaked.join(", ")}`);
  if (cell.tenant === "other" && caseOf(cell.route).phase) {
    problems.push(...(await unlikeMissing(world, api, cell.role, request, res)));
  }
  const unhandled = api.logged.slice(loggedBefore);
  if (unhandled.length > 0) problems.push(`the app logged an unhandled error: ${JSON.stringify(unhandled)}`);
  return problems.map((p) => `${cell.route.key} as ${cell.role} (${cell.tenant} country): ${p}`);
}

/**
 * Another country's cycle must answer exactly as a cycle that never existed: the same status and the same body but
 * for the id, so that not even the existence of the id can be learnt.
 */
async function unlikeMissing(
  world: World,
  api: Api,
  role: Role,
  request: Request,
  res: Reply,
): Promise<string[]> {
  const foreign = request.params.cycleId;
  if (!foreign) return [];
  const missing = ulid();
  const twin = await send(world, api, role, { ...request, path: request.path.replace(foreign, missing) });
  const same = (r: Reply, id: string) => `${r.status} ${r.text.replaceAll(id, "<cycle>")}`;
  return same(res, foreign) === same(twin, missing)
    ? []
    : [`answers unlike a cycle that does not exist: ${same(res, foreign)} / ${same(twin, missing)}`];
}
