import { createRoute, z } from "@hono/zod-openapi";
import {
  Catalogue,
  CatalogueId,
  CatalogueVersion,
  getCatalogue,
  listCatalogues,
} from "../../../frameworks/index.js";
import { NotFoundError } from "../../core/errors.js";
import { authorizeRole } from "../../core/permissions.js";
import { authErrors, errors, json, newRouter, secured, withOpenApi } from "../router.js";

const CatalogueSummary = z
  .strictObject({
    id: CatalogueId,
    version: CatalogueVersion,
    title: z.string(),
    protocol: z.string(),
    publishedYear: z.int(),
    measureCount: z.int(),
  })
  .openapi("CatalogueSummary");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["frameworks"],
  summary: "The framework catalogues bundled with this release, every version",
  security: secured,
  responses: {
    200: json(z.strictObject({ items: z.array(CatalogueSummary) }), "The catalogues"),
    ...authErrors,
  },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["frameworks"],
  summary: "One catalogue in full: pillars, objectives, measures (the latest version unless one is named)",
  security: secured,
  request: {
    // Any id is a fair question: one that names no catalogue answers 404, like an unknown version.
    params: z.strictObject({ id: z.string().max(20).openapi({ example: "TIP" }) }),
    query: z.strictObject({ version: CatalogueVersion.max(20).optional() }),
  },
  responses: {
    200: json(withOpenApi(Catalogue, "Catalogue"), "The catalogue"),
    400: errors[400],
    404: errors[404],
    ...authErrors,
  },
});

export const frameworkRoutes = newRouter()
  .openapi(list, (c) => {
    authorizeRole(c.get("principal"), "frameworks.read");
    return c.json({ items: listCatalogues() }, 200);
  })
  .openapi(get, (c) => {
    authorizeRole(c.get("principal"), "frameworks.read");
    const { id } = c.req.valid("param");
    const { version } = c.req.valid("query");
    const known = CatalogueId.safeParse(id);
    const catalogue = known.success ? getCatalogue(known.data, version) : undefined;
    if (!catalogue) throw new NotFoundError(`catalogue ${id} ${version ?? "(latest)"} was not found`);
    return c.json(catalogue, 200);
  });
