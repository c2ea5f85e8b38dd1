import { type Document, type JsonSchema, resolve } from "./routes.js";

// Reads the request schemas of the OpenAPI document node by node: where each string, array, map and object sits and
// how it is bounded, for the limits check and for the fuzzers that aim at one field at a time.

export type Path = (string | number)[];
export type Node = { path: Path; schema: JsonSchema };

/** Every schema node under `schema`, with the path a value at it has (array items at index 0). */
export function nodes(
  doc: Document,
  schema: JsonSchema,
  path: Path = [],
  seen = new Set<JsonSchema>(),
): Node[] {
  const s = resolve(doc, schema);
  if (seen.has(s)) return [];
  const inner = new Set(seen).add(s);
  const here: Node[] = [{ path, schema: s }];
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  for (const branch of branches) here.push(...nodes(doc, branch, path, inner));
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    here.push(...nodes(doc, child, [...path, name], inner));
  }
  if (s.items) here.push(...nodes(doc, s.items, [...path, 0], inner));
  if (typeof s.additionalProperties === "object") {
    here.push(...nodes(doc, s.additionalProperties, [...path, "<key>"], inner));
  }
  return here;
}

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A pattern that cannot match an unbounded string: anchored at both ends, with no `*`, `+` or `{n,}`. */
function boundedPattern(pattern: string | undefined): boolean {
  if (!pattern?.startsWith("^") || !pattern.endsWith("$")) return false;
  const unescaped = pattern.replace(/\\./g, "");
  return !/[*+]|\{\d+,\}/.test(unescaped);
}

const BOUNDED_FORMATS = new Set(["date", "date-time", "time", "uuid"]);

/**
 * Why a node lets a client send an unbounded amount; undefined when it is bounded. (Whether objects refuse unknown
 * fields is proven by sending them: a partial record over an enum is strict but documented without
 * `additionalProperties: false`.)
 */
export function unboundedBecause(node: Node): string | undefined {
  const s = node.schema;
  const types = typesOf(s);
  if (types.includes("string")) {
    const bounded =
      s.maxLength !== undefined ||
      s.enum !== undefined ||
      s.const !== undefined ||
      BOUNDED_FORMATS.has(s.format ?? "") ||
      boundedPattern(s.pattern);
    if (!bounded) return "a string with no maxLength";
  }
  if (types.includes("array") && s.maxItems === undefined) return "an array with no maxItems";
  const map = typeof s.additionalProperties === "object";
  if (types.includes("object") && map && s.maxProperties === undefined) return "a map with no maxProperties";
  return undefined;
}
