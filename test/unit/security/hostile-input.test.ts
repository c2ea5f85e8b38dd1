import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { formatPath } from "../../../frameworks/index.js";
import { BODY_LIMIT_BYTES } from "../../../functions/http/app.js";
import { allowedRole, fuzzTargets, holds, ODD, pathWith, queryWith, type Target } from "./fuzz-target.js";
import {
  type Field,
  fieldsOf,
  isMap,
  isObject,
  mapKeys,
  namesField,
  otherType,
  refusalProblems,
  unknownKey,
  unreached,
  withValueAt,
} from "./hostile.js";
import { requestFor } from "./matrix.js";
import { ROUTE_TABLE } from "./route-table.js";
import { documentedRoutes } from "./routes.js";
import { nodes, unboundedBecause } from "./schema-walk.js";
import { buildWorld, type World } from "./world.js";

// Every route of the OpenAPI document, fed what a broken or hostile client sends: text that is not JSON, values of
// the wrong type, fields the schema does not have (server-owned ones above all), strings and lists over their
// limits, odd path and query values. Whatever arrives, the answer is a 4xx of the `{ code, message, details }`
// shape that names the field at fault, never a 500. Runs are bounded (fuzz-target.ts RUNS per property and route).

// Each test sends from dozens to hundreds of requests in-process: more than the default 5 s on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const { routes, doc } = await documentedRoutes();
const bodyRoutes = routes.filter((r) => r.body);

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world.cleanup());

const targetOf = fuzzTargets(() => world);

const bodyPath = (field: Field, ...more: (string | number)[]) => formatPath(["body", ...field.path, ...more]);

describe("request limits", () => {
  it("bounds every string, array and map of every request body, query and path", () => {
    const unbounded = routes.flatMap((route) => {
      const where = [
        ...(route.body ? nodes(doc, route.body).map((n) => ({ ...n, at: "body" })) : []),
        ...[...route.pathParams, ...route.query].flatMap((p) =>
          nodes(doc, p.schema, [p.name]).map((n) => ({ ...n, at: p.in })),
        ),
      ];
      return where.flatMap((node) => {
        const why = unboundedBecause(node);
        return why ? [`${route.key} ${formatPath([node.at, ...node.path])}: ${why}`] : [];
      });
    });
    expect(unbounded).toEqual([]);
  });

  it("fuzzes from example bodies that carry every object, array and string field", async () => {
    const missing: string[] = [];
    for (const route of bodyRoutes) {
      if (!(route.key in ROUTE_TABLE)) {
        missing.push(`${route.key}: no example body (the route is not in ROUTE_TABLE)`);
        continue;
      }
      const role = allowedRole(route);
      const { body: example } = await requestFor(world, world.shared, { route, role, tenant: "own" });
      if (route.body) missing.push(...unreached(doc, route.body, example).map((p) => `${route.key} ${p}`));
    }
    expect(missing).toEqual([]);
  });
});

// Fields a client does send, whose names the server also uses for its own: each is checked against the server's
// state or describes the client's input, and none is stored as the server's.
const CLIENT_FIELDS = new Set([
  "answer.status", // the measure's status in the country, the answer itself
  "entries[0].answer.status",
  "activities[0].status", // an activity's progress, as the agency reports it
  "frameworks[0].id", // which catalogue a cycle uses
  "frameworks[0].version", // and which of its versions
  "attachedTo.id", // what an indicator measures
  "attachedTo.kind",
  "criteria[0].id", // the coordinator names the scoring criteria
  "round", // the submission round the approver reviewed; a stale one answers 409
]);
const SERVER_OWNED = [
  "id",
  "kind",
  "country",
  "cycleId",
  "version",
  "status",
  "state",
  "round",
  "position",
  "generation",
  "approvals",
  "decisions",
  "outbox",
  "taskToken",
  "createdAt",
  "createdBy",
  "updatedAt",
  "answeredBy",
  "answeredAt",
  "submittedBy",
  "submittedAt",
  "approvedAt",
  "closedAt",
  "sharedBy",
  "sharedAt",
  "score",
  "rank",
];

describe.each(bodyRoutes.map((r) => [r.key, r] as const))("%s, its body", (_key, route) => {
  let target: Target;
  let fields: Field[];
  beforeAll(async () => {
    target = await targetOf(route);
    fields = route.body ? fieldsOf(doc, route.body, target.example) : [];
  });

  it("answers 400 malformed_json to anything that is not JSON", async () => {
    const json = JSON.stringify(target.example);
    const notJson = fc.oneof(
      fc.integer({ min: 1, max: json.length - 1 }).map((n) => json.slice(0, n)),
      fc.string({ maxLength: 200 }).filter((s) => !parses(s)),
      fc.constantFrom("", "{", "{'title': 1}", '{"a":1}}', "[1,]", "NaN", "undefined", "\u0000"),
    );
    await holds(
      notJson,
      async (raw) => {
        const res = await target.send({ raw });
        const problems = refusalProblems(res);
        if (res.status !== 400 || !String(res.body.message).startsWith("body")) problems.push(res.text);
        return problems;
      },
      target.api,
    );
  });

  it("answers 400 naming the field that has a value of the wrong type", async () => {
    const wrong = fc
      .constantFrom(...fields)
      .chain((field) => otherType(field.value).map((v) => ({ field, v })));
    await holds(
      wrong,
      async ({ field, v }) =>
        namesField(await target.send({ body: withValueAt(target.example, field.path, v) }), bodyPath(field)),
      target.api,
    );
  });

  it("answers 400 naming a field the schema does not have, at any depth", async () => {
    const objects = fields.filter((f) => isObject(f.value) && !isMap(f.schema));
    const extra = fc
      .constantFrom(...objects)
      .chain((field) =>
        unknownKey(Object.keys(field.schema.properties ?? {})).map((key) => ({ field, key })),
      );
    await holds(
      extra,
      async ({ field, key }) => {
        const body = withValueAt(target.example, [...field.path, key], "x");
        const res = await target.send({ body });
        return namesField(res, `${bodyPath(field, key)}: is not a known field`);
      },
      target.api,
    );
  });

  it("refuses every server-owned field by name, wherever it is sent", async () => {
    const problems: string[] = [];
    for (const field of fields.filter((f) => isObject(f.value) && !isMap(f.schema))) {
      const declared = Object.keys(field.schema.properties ?? {});
      for (const name of SERVER_OWNED) {
        const where = formatPath([...field.path, name]);
        if (declared.includes(name)) {
          if (!CLIENT_FIELDS.has(where)) problems.push(`${where} is a server-owned name the body accepts`);
          continue;
        }
        const res = await target.send({ body: withValueAt(target.example, [...field.path, name], "forged") });
        problems.push(...namesField(res, `${bodyPath(field, name)}: is not a known field`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers 400 naming a string, list or map over its limit", async () => {
    const over = fields.flatMap((field): fc.Arbitrary<unknown>[] => {
      const s = field.schema;
      const at = (value: unknown) => ({ field, body: withValueAt(target.example, field.path, value) });
      if (typeof field.value === "string") {
        const max = s.maxLength ?? 1000;
        return [fc.integer({ min: 1, max: 2000 }).map((n) => at("a".repeat(max + n)))];
      }
      const value = field.value;
      if (Array.isArray(value) && s.maxItems !== undefined) {
        const max = s.maxItems;
        return [fc.integer({ min: 1, max: 20 }).map((n) => at(Array(max + n).fill(value[0])))];
      }
      if (isObject(value) && isMap(s) && s.maxProperties !== undefined) {
        const max = s.maxProperties;
        const sample = Object.values(value)[0];
        return [
          fc.integer({ min: 1, max: 50 }).map((n) => {
            const keys = mapKeys(value, max + n);
            return at(Object.fromEntries(keys.map((k) => [k, sample])));
          }),
        ];
      }
      return [];
    });
    if (over.length === 0) return;
    await holds(
      fc.oneof(...over) as fc.Arbitrary<{ field: Field; body: unknown }>,
      async ({ field, body }) => {
        const res = await target.send({ body });
        // A field allowed more than the body limit holds is bounded by the limit: the answer is 413.
        if (JSON.stringify(body).length <= BODY_LIMIT_BYTES) return namesField(res, bodyPath(field));
        return res.status === 413 ? refusalProblems(res) : [`answered ${res.status}, expected 413`];
      },
      target.api,
    );
  });
});

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe.each(routes.filter((r) => r.pathParams.length > 0).map((r) => [r.key, r] as const))(
  "%s, its path",
  (_key, route) => {
    it("answers a 4xx, never a 500, whatever a path parameter holds", async () => {
      const target = await targetOf(route);
      const odd = fc.record({
        name: fc.constantFrom(...route.pathParams.map((p) => p.name)),
        value: ODD,
        raw: fc.boolean(),
      });
      await holds(
        odd,
        async ({ name, value, raw }) =>
          refusalProblems(await target.sendTo(pathWith(route, target, name, value, raw))),
        target.api,
      );
    });
  },
);

describe.each(routes.filter((r) => r.query.length > 0).map((r) => [r.key, r] as const))(
  "%s, its query",
  (_key, route) => {
    let target: Target;
    beforeAll(async () => {
      target = await targetOf(route);
    });

    it("answers 400 naming a query parameter it does not have", async () => {
      const known = route.query.map((p) => p.name);
      await holds(
        fc.record({ key: unknownKey(known), value: fc.string({ maxLength: 10 }) }),
        async ({ key, value }) => {
          const res = await target.sendTo(queryWith(route, target, key, value));
          return namesField(res, `query.${key}: is not a known field`);
        },
        target.api,
      );
    });

    it("answers a 4xx naming the parameter, never a 500, whatever a query value holds", async () => {
      await holds(
        fc.record({ name: fc.constantFrom(...route.query.map((p) => p.name)), value: ODD }),
        async ({ name, value }) => {
          const res = await target.sendTo(queryWith(route, target, name, value));
          const problems = refusalProblems(res);
          if (res.status === 400 && !String(res.body.message).includes(name)) problems.push(res.text);
          return problems;
        },
        target.api,
      );
    });
  },
);
