import fc from "fast-check";
import { formatPath } from "../../../frameworks/index.js";
import type { Reply } from "../http/harness.js";
import { errorShapeProblems } from "./matrix.js";
import type { Document, JsonSchema } from "./routes.js";
import { nodes, type Path } from "./schema-walk.js";

// The ways a hostile or broken client bends a valid body, one field at a time, and what the API must answer.

export type Field = { path: Path; schema: JsonSchema; value: unknown };

export function valueAt(body: unknown, path: Path): unknown {
  let current = body;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Reflect.get(current, part);
  }
  return current;
}

/** A deep copy of `body` with `value` at `path` (which must lead through existing objects and arrays). */
export function withValueAt(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body);
  if (path.length === 0) return value;
  const parent = valueAt(copy, path.slice(0, -1));
  if (parent === null || typeof parent !== "object") throw new Error(`nothing at ${formatPath(path)}`);
  Reflect.set(parent, path.at(-1) ?? "", value);
  return copy;
}

/** Every field of the schema the example carries a value for (array items at index 0, map entries left out). */
export function fieldsOf(doc: Document, schema: JsonSchema, example: unknown): Field[] {
  const seen = new Set<string>();
  return nodes(doc, schema).flatMap((node) => {
    if (node.path.includes("<key>")) return [];
    const value = valueAt(example, node.path);
    const key = JSON.stringify(node.path);
    if (value === undefined || seen.has(key)) return [];
    seen.add(key);
    return [{ ...node, value }];
  });
}

/** The object, array and string fields of the schema the example leaves out: the fuzzers could not reach them. */
export function unreached(doc: Document, schema: JsonSchema, example: unknown): string[] {
  const paths = nodes(doc, schema)
    .filter((n) => !n.path.includes("<key>"))
    .filter((n) => ["object", "array", "string"].some((t) => n.schema.type === t))
    .filter((n) => valueAt(example, n.path) === undefined)
    .map((n) => formatPath(["body", ...n.path]));
  return [...new Set(paths)];
}

export const isMap = (s: JsonSchema) => typeof s.additionalProperties === "object";
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A JSON value of another type than `value`'s, so no schema that accepted `value` can accept it. */
export function otherType(value: unknown): fc.Arbitrary<unknown> {
  const kinds: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 20 }),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  };
  const own = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return fc.oneof(...Object.entries(kinds).flatMap(([kind, arb]) => (kind === own ? [] : [arb])));
}

/** Field names a schema may not have: server-owned ones and random identifiers. */
export const unknownKey = (known: readonly string[]) =>
  fc
    .stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$-]{0,24}$/)
    .filter((k) => !known.includes(k) && !["__proto__", "constructor", "prototype"].includes(k));

/** `count` keys in the style of the map's example keys: ISO-like codes stay ISO-like, slugs stay slugs. */
export function mapKeys(example: Record<string, unknown>, count: number): string[] {
  const upper = Object.keys(example).some((k) => /^[A-Z]{3}$/.test(k));
  return Array.from({ length: count }, (_, i) => {
    if (!upper) return `k${String(i).padStart(4, "0")}`;
    const letters = [i / 676, (i / 26) % 26, i % 26].map((n) =>
      String.fromCharCode(65 + (Math.floor(n) % 26)),
    );
    return letters.join("");
  });
}

/** What every refusal must look like: a 4xx of the `{ code, message, details }` shape, never a 5xx. */
export function refusalProblems(res: Reply): string[] {
  if (res.status >= 500) return [`answered ${res.status}: ${res.text.slice(0, 300)}`];
  if (res.status < 400) return [];
  return errorShapeProblems(res);
}

/** A 400 naming `field` (a `body.x[0].y` path), in the message and in the issues. */
export function namesField(res: Reply, field: string): string[] {
  const problems = refusalProblems(res);
  if (res.status !== 400) problems.push(`answered ${res.status}, expected 400: ${res.text.slice(0, 300)}`);
  else if (!String(res.body.message).includes(field))
    problems.push(`400 does not name ${field}: ${res.text}`);
  return problems;
}
