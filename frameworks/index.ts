import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import {
  Catalogue,
  CatalogueId,
  CatalogueVersion,
  formatPath,
  type Measure,
  type Objective,
  type Pillar,
} from "./schema.js";

export * from "./schema.js";

/** Which catalogue, and which revision of it, a plan or assessment was built against. */
export const CatalogueRef = z.strictObject({ id: CatalogueId, version: CatalogueVersion });
export type CatalogueRef = z.infer<typeof CatalogueRef>;

export type CatalogueIssue = { path: string; entryId?: string; message: string };

/** A catalogue file does not match the schema. A bundled file failing here is a build defect, not bad user input. */
export class CatalogueError extends Error {
  override readonly name = "CatalogueError" as const;
  readonly source: string;
  readonly issues: readonly CatalogueIssue[];

  constructor(source: string, issues: readonly CatalogueIssue[], options?: { cause?: unknown }) {
    super(issues.map((i) => formatIssue(source, i)).join("\n"), options);
    this.source = source;
    this.issues = issues;
  }
}

function formatIssue(source: string, issue: CatalogueIssue): string {
  return `${source}: ${issue.path}${issue.entryId ? ` (${issue.entryId})` : ""}: ${issue.message}`;
}

const ENTRY_KEYS = new Set(["pillars", "objectives", "measures"]);

// The expert who fixes a catalogue thinks in ids ("SOM.PROT.1.1"), not array positions, so each issue names the
// deepest pillar, objective or measure on its path, read from the raw input since the parse failed.
function toIssue(raw: unknown, issue: z.core.$ZodIssue): CatalogueIssue {
  const path = issue.path;
  let entryEnd = 0;
  let entryId: string | undefined;
  let node: unknown = raw;
  for (const [i, seg] of path.entries()) {
    node = typeof node === "object" && node !== null ? Reflect.get(node, seg) : undefined;
    const parentKey = path[i - 1];
    if (typeof seg === "number" && typeof parentKey === "string" && ENTRY_KEYS.has(parentKey)) {
      entryEnd = i + 1;
      entryId = isRecord(node) && typeof node.id === "string" ? node.id : undefined;
    }
  }
  const entryPath = formatPath(path.slice(0, entryEnd));
  const rest = formatPath(path.slice(entryEnd));
  if (!entryPath) return { path: rest || "(root)", message: issue.message };
  return { path: entryPath, entryId, message: rest ? `${rest}: ${issue.message}` : issue.message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses one catalogue file; `source` (usually the file name) is what every error line starts with. */
export function parseCatalogue(raw: unknown, source: string): Catalogue {
  const result = Catalogue.safeParse(raw);
  if (!result.success) {
    throw new CatalogueError(
      source,
      result.error.issues.map((i) => toIssue(raw, i)),
      { cause: result.error },
    );
  }
  return result.data;
}

/**
 * The catalogue files: `catalogues/` beside this module in the source tree, `frameworks/catalogues/` beside a Lambda
 * bundle (copied there by the function construct). Read as data at first use rather than bundled as code: a domain
 * expert's correction is a data file, and every function's bundle stays smaller by the catalogues' size.
 */
export function catalogueDirectory(): string {
  const candidates = [
    new URL("./catalogues/", import.meta.url),
    new URL("./frameworks/catalogues/", import.meta.url),
  ];
  const found = candidates.map((url) => fileURLToPath(url)).find((dir) => existsSync(dir));
  if (!found) throw new Error(`no catalogue directory at ${candidates.map(String).join(" or ")}`);
  return found;
}

function readCatalogueFiles(): { source: string; raw: unknown }[] {
  const dir = catalogueDirectory();
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((source) => {
      const text = readFileSync(`${dir}/${source}`, "utf8");
      try {
        return { source, raw: JSON.parse(text) as unknown };
      } catch (error) {
        throw new CatalogueError(source, [{ path: "(root)", message: `not valid JSON: ${String(error)}` }]);
      }
    });
}

let registry: readonly Catalogue[] | undefined;

function catalogues(): readonly Catalogue[] {
  registry ??= readCatalogueFiles()
    .map(({ source, raw }) => {
      const c = parseCatalogue(raw, source);
      // The file name is what an expert edits and reviews; it must not disagree with the content.
      const expected = `${c.id.toLowerCase()}-${c.version}.json`;
      if (source !== expected) {
        throw new CatalogueError(source, [
          { path: "(root)", message: `file holds ${c.id} ${c.version}, expected name ${expected}` },
        ]);
      }
      // Shared by every caller for the life of the process: a mutation would leak into other requests.
      return deepFreeze(c);
    })
    .sort((a, b) => a.publishedYear - b.publishedYear || compareVersions(a.version, b.version));
  return registry;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Orders "2009.2" after "2009.1" and "2009.10" after "2009.9". */
function compareVersions(a: string, b: string): number {
  const [ay = 0, ar = 0] = a.split(".").map(Number);
  const [by = 0, br = 0] = b.split(".").map(Number);
  return ay - by || ar - br;
}

export type CatalogueSummary = Pick<Catalogue, "id" | "version" | "title" | "protocol" | "publishedYear"> & {
  measureCount: number;
};

export function listCatalogues(): CatalogueSummary[] {
  return catalogues().map((c) => ({
    id: c.id,
    version: c.version,
    title: c.title,
    protocol: c.protocol,
    publishedYear: c.publishedYear,
    measureCount: allMeasures(c).length,
  }));
}

export function latestVersion(id: CatalogueId): string | undefined {
  const versions = catalogues()
    .filter((c) => c.id === id)
    .map((c) => c.version);
  return versions.sort(compareVersions).at(-1);
}

/** The catalogue at `version`, or the latest one when `version` is omitted; undefined when there is no such catalogue. */
export function getCatalogue(id: CatalogueId, version?: string): Catalogue | undefined {
  const wanted = version ?? latestVersion(id);
  return catalogues().find((c) => c.id === id && c.version === wanted);
}

export type MeasureEntry = { pillar: Pillar; objective: Objective; measure: Measure };

/** Every measure with its pillar and objective, in catalogue order. */
export function allMeasures(catalogue: Catalogue): MeasureEntry[] {
  return catalogue.pillars.flatMap((pillar) =>
    pillar.objectives.flatMap((objective) =>
      objective.measures.map((measure) => ({ pillar, objective, measure })),
    ),
  );
}

export function findMeasure(catalogue: Catalogue, measureId: string): Measure | undefined {
  for (const pillar of catalogue.pillars) {
    for (const objective of pillar.objectives) {
      const measure = objective.measures.find((m) => m.id === measureId);
      if (measure) return measure;
    }
  }
  return undefined;
}
