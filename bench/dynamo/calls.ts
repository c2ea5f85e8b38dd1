import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { monotonicFactory, ulid } from "ulid";
import { createLocalDynamoClient, startDynamoDbLocal } from "../../functions/local/dynamodb-local.js";
import { createDynamoStore } from "../../functions/store/dynamo-store.js";
import { ensureTable } from "../../functions/store/table.js";
import { type Figure, type SectionResult, skipped } from "../lib/figures.js";
import { acceptingWorkflow, type BenchRequest, benchApp, lambdaEnv, toRequest } from "../support/app.js";
import { type SeedSize, seedCycle } from "../support/seed.js";
import { type CallCounts, countCalls, describeCounts, totalOf } from "./counting-client.js";
import { EXERCISES, type Fixture, pathValue } from "./exercises/index.js";

export const SIZES = {
  small: { entries: 10, activities: 2 },
  large: { entries: 1_000, activities: 200 },
} satisfies Record<string, SeedSize>;
type Size = keyof typeof SIZES;

type Outcome = { counts: CallCounts } | { skip: string };
type Operation = { parameters?: { in: string; name: string; required?: boolean }[] };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

/**
 * Figure 4. Against DynamoDB Local, every route of the app's OpenAPI document is called once on a small and once
 * on a large fixture cycle, counting the DynamoDB commands each request sends. Writes run first, through EXERCISES
 * and in their order, which takes the cycle through its whole life; the reads then run on the closed cycle.
 */
export async function measureDynamoCalls(log: (line: string) => void): Promise<SectionResult> {
  log("dynamo: starting DynamoDB Local");
  const dynamo = await startDynamoDbLocal();
  const client = createLocalDynamoClient(dynamo.endpoint);
  const counter = countCalls(client);
  const runs = new Map<Size, FixtureRun>();
  try {
    for (const size of Object.keys(SIZES) as Size[]) {
      log(
        `dynamo: the ${size} fixture (${SIZES[size].entries} entries, ${SIZES[size].activities} activities)`,
      );
      runs.set(size, await exerciseFixture(client, counter, size));
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  const small = runs.get("small");
  const large = runs.get("large");
  if (!small || !large) throw new Error("a fixture did not run");
  const figures = large.order.map((name) => compare(name, small.results.get(name), large.results.get(name)));
  const scans = small.scans + large.scans;
  figures.push({
    section: "dynamo",
    name: "Scan commands, every request of both fixtures",
    value: scans,
    reference: null,
    ratio: null,
    unit: "calls",
    budget: "= 0",
    status: scans === 0 ? "pass" : "fail",
  });
  const kb = (run: FixtureRun) => Math.round(run.bytes / 1024);
  return {
    figures,
    caption:
      "DynamoDB commands sent per request (a wrapped DynamoDBClient.send), against DynamoDB Local; each route " +
      `once on a small cycle (${SIZES.small.entries} entries, ${SIZES.small.activities} activities, ${kb(small)} KB ` +
      `as JSON) and once on a large one (${SIZES.large.entries} entries with 200-2,000 characters of evidence, ` +
      `${SIZES.large.activities} activities: ${kb(large)} KB); value = large, reference = small; writes as ` +
      "bench/dynamo/exercises/ sets them up, then reads on the closed cycle",
  };
}

type FixtureRun = {
  /** By row name: the route, with the exercise's variant in brackets. */
  results: Map<string, Outcome>;
  /** Row names in the document's order. */
  order: string[];
  scans: number;
  /** The fixture's entries and activities as JSON. */
  bytes: number;
};

/** Writes a fixture cycle of `size` in a table of its own and calls every route on it. */
async function exerciseFixture(
  client: DynamoDBClient,
  counter: ReturnType<typeof countCalls>,
  size: Size,
): Promise<FixtureRun> {
  const tableName = `bench-${size}`;
  await ensureTable(client, tableName);
  const store = createDynamoStore({ client, tableName });
  const app = benchApp(store);
  const fixture: Fixture = {
    deps: { store, workflow: acceptingWorkflow, now: () => new Date(), newId: monotonicFactory() },
    cycleId: ulid(),
    label: `${size}-${Date.now()}`,
    async send(request) {
      const response = await app.fetch(toRequest(request), lambdaEnv(request.as));
      if (!response.ok) {
        throw new Error(`${request.method} ${request.path}: ${response.status} ${await response.text()}`);
      }
    },
  };
  const seeded = await seedCycle(store, fixture.cycleId, SIZES[size]);
  let scans = 0;
  const measure = async (request: BenchRequest): Promise<Outcome> => {
    counter.reset();
    const response = await app.fetch(toRequest(request), lambdaEnv(request.as));
    const counts = counter.take();
    scans += counts.ScanCommand ?? 0;
    const body = await response.text();
    return response.ok ? { counts } : { skip: `answered ${response.status}: ${body.slice(0, 300)}` };
  };

  const document = (await (
    await app.fetch(new Request("https://api.bench.local/openapi.json"))
  ).json()) as OpenApiDocument;
  const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      route: `${method.toUpperCase()} ${path}`,
      path,
      operation,
    })),
  );
  const documented = new Set(routes.map((r) => r.route));
  const results = new Map<string, Outcome>();
  for (const exercise of EXERCISES.filter((e) => documented.has(e.route))) {
    const name = exercise.variant ? `${exercise.route} [${exercise.variant}]` : exercise.route;
    try {
      await exercise.prepare?.(fixture);
      results.set(name, await measure(await exercise.request(fixture)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.set(name, { skip: `could not prepare it: ${message}` });
    }
  }
  for (const { route, path, operation } of routes) {
    if (EXERCISES.some((e) => e.route === route)) continue;
    if (!route.startsWith("GET ")) {
      results.set(route, { skip: "changes state and has no exercise in bench/dynamo/exercises/" });
      continue;
    }
    const request = readRequest(fixture, path, operation);
    results.set(route, typeof request === "string" ? { skip: request } : await measure(request));
  }
  const order = routes.flatMap(({ route }) =>
    [...results.keys()].filter((name) => name === route || name.startsWith(`${route} [`)),
  );
  const bytes = JSON.stringify([...seeded.entries, ...seeded.activities]).length;
  return { results, order, scans, bytes };
}

/** A GET of `path` with every path parameter filled, or why it cannot be sent. */
function readRequest(f: Fixture, path: string, operation: Operation): BenchRequest | string {
  const requiredQuery = (operation.parameters ?? []).filter((p) => p.in === "query" && p.required);
  if (requiredQuery.length > 0)
    return `needs query parameter(s) ${requiredQuery.map((p) => p.name).join(", ")}`;
  const segments = path.split("/");
  const filled: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (!param) {
      filled.push(segment);
      continue;
    }
    const value = pathValue(f, param, segments[i - 1]);
    if (value === undefined) return `no bench value for the path parameter {${param}}`;
    filled.push(encodeURIComponent(value));
  }
  // Donors read what is shared with them; every other read is the coordinator's.
  return { method: "GET", path: filled.join("/"), as: path.startsWith("/shared/") ? "donor" : "coordinator" };
}

function compare(name: string, small: Outcome | undefined, large: Outcome | undefined): Figure {
  if (!small || !large || "skip" in small || "skip" in large) {
    const reason = [small, large].find((o): o is { skip: string } => o !== undefined && "skip" in o)?.skip;
    return skipped("dynamo", name, reason ?? "not run on both fixtures");
  }
  const same = describeCounts(small.counts) === describeCounts(large.counts);
  const [s, l] = [totalOf(small.counts), totalOf(large.counts)];
  return {
    section: "dynamo",
    name,
    value: l,
    reference: s,
    ratio: s === l ? 1 : s === 0 ? Number.POSITIVE_INFINITY : l / s,
    unit: "calls",
    budget: "large/small = 1.00",
    status: same ? "pass" : "fail",
    note: same
      ? describeCounts(large.counts)
      : `small: ${describeCounts(small.counts)}; large: ${describeCounts(large.counts)}`,
  };
}
