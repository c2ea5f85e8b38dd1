import { httpError } from "../../../functions/http/errors.js";
import { MemoryStore } from "../../support/memory-store.js";
import { type Api, apiOver } from "./api.js";

// The route table as the API publishes it: the OpenAPI document of createApp. The security tests are generated from
// it, so a route added to the app is in the matrix and the fuzzing the moment it is in the document.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  maxProperties?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

export type Parameter = {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
};
type Operation = {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
};
export type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};

export type Route = {
  /** `METHOD /path/{param}`, as the expectation tables name it. */
  key: string;
  method: string;
  path: string;
  /** False for the few routes anyone may call (`security: []`). */
  secured: boolean;
  pathParams: Parameter[];
  query: Parameter[];
  /** The JSON body schema, references resolved one level at a time by `resolve`. */
  body?: JsonSchema;
};

export async function readRoutes(api: Api): Promise<{ routes: Route[]; doc: Document }> {
  const res = await api.call("GET", "/openapi.json");
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  const doc = res.body as unknown as Document;
  const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]): Route => {
      const parameters = op.parameters ?? [];
      const body = op.requestBody?.content["application/json"]?.schema;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        secured: (op.security ?? []).length > 0,
        pathParams: parameters.filter((p) => p.in === "path"),
        query: parameters.filter((p) => p.in === "query"),
        ...(body ? { body } : {}),
      };
    }),
  );
  return { routes, doc };
}

/** The route table of an app that holds no data: the document does not depend on any. */
export function documentedRoutes(): Promise<{ routes: Route[]; doc: Document }> {
  const nobody = async () => {
    throw httpError(401, "missing_token", "no one signs in to read the document");
  };
  return readRoutes(apiOver(new MemoryStore(), nobody));
}

/** Follows `$ref`s into the document's components until a schema itself. */
export function resolve(doc: Document, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 20; depth++) {
    const name = current.$ref.replace("#/components/schemas/", "");
    const found = doc.components.schemas[name];
    if (!found) throw new Error(`the document has no schema ${name}`);
    current = found;
  }
  return current;
}

/** `/cycles/{cycleId}/plan/{id}` with the values given, each percent-encoded unless told otherwise. */
export function fillPath(
  route: Route,
  values: Record<string, string>,
  encode: (value: string) => string = encodeURIComponent,
): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.key}: no value for the path parameter ${name}`);
    return encode(value);
  });
}

export function withQuery(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

export const declaresCountry = (route: Route) => route.query.some((p) => p.name === "country");
