import { z } from "zod";

// The shape of a Framework for Action catalogue file. The catalogues are a reconstruction anchored on Protocol
// articles (see notes in each file), so they live as data that a domain expert corrects without touching code;
// this schema is what keeps such an edit from breaking the planner.

/** Where a line of the catalogue comes from: Found in a source, follows from a Protocol article, Recollection, Idea. */
export const Provenance = z.enum(["F", "P", "R", "I"]);
export type Provenance = z.infer<typeof Provenance>;

export const CatalogueId = z.enum(["TIP", "SOM"]);
export type CatalogueId = z.infer<typeof CatalogueId>;

/** "2009.1": year the Framework was published, then our own revision of the catalogue. */
export const CatalogueVersion = z
  .string()
  .regex(/^\d{4}\.\d+$/, { error: 'expected a version like "2009.1"' });
export type CatalogueVersion = z.infer<typeof CatalogueVersion>;

export const PillarCode = z.enum(["PROS", "PROT", "PREV", "NCC", "ICC"]);
export type PillarCode = z.infer<typeof PillarCode>;

// One fixed spelling so that articles can be grouped and linked, and a typo in the data fails at load time.
// Sub-paragraphs are optional: "UNTOC art. 23", "TIP Protocol art. 6(3)", "SOM Protocol art. 6(1)(b)".
export const ArticleRef = z
  .string()
  .regex(/^(TIP Protocol|SOM Protocol|UNTOC) art\. \d{1,2}(\(\d{1,2}\))?(\([a-z]{1,4}\))*$/, {
    error: (iss) =>
      `expected an article like "TIP Protocol art. 6(3)" or "UNTOC art. 23", got "${String(iss.input)}"`,
  });
export type ArticleRef = z.infer<typeof ArticleRef>;

const OneLine = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[^\r\n]*$/, { error: "must be a single line" });

export const IndicatorSuggestion = z.strictObject({
  text: OneLine(5, 200),
  type: z.enum(["process", "output", "outcome", "impact"]),
});
export type IndicatorSuggestion = z.infer<typeof IndicatorSuggestion>;

export const Measure = z
  .strictObject({
    id: z.string().regex(/^(TIP|SOM)\.(PROS|PROT|PREV|NCC|ICC)\.\d{1,2}\.\d{1,2}$/),
    text: OneLine(10, 240),
    articles: z.array(ArticleRef),
    /** True only for a binding "shall" obligation of the Protocol or UNTOC; "shall consider" and good practice are false. */
    mandatory: z.boolean(),
    indicators: z.array(IndicatorSuggestion).min(1).max(5),
    provenance: Provenance,
  })
  .superRefine((m, ctx) => {
    // [P] means "follows from the articles named", so it must name them. [F] lines come from guidance documents
    // rather than treaty text, and [R]/[I] lines from no source at all, so they may have none.
    if (m.provenance === "P" && m.articles.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["articles"],
        message: "a [P] measure must name at least one article",
      });
    }
    // The planner flags mandatory measures as treaty obligations; that claim needs an article behind it.
    if (m.mandatory && m.articles.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["mandatory"],
        message: "a mandatory measure must name its article",
      });
    }
    if (m.mandatory && (m.provenance === "R" || m.provenance === "I")) {
      ctx.addIssue({
        code: "custom",
        path: ["mandatory"],
        message: `a measure tagged [${m.provenance}] cannot be a treaty obligation`,
      });
    }
  });
export type Measure = z.infer<typeof Measure>;

export const Objective = z
  .strictObject({
    id: z.string().regex(/^(TIP|SOM)\.(PROS|PROT|PREV|NCC|ICC)\.\d{1,2}$/),
    title: OneLine(3, 120),
    articles: z.array(ArticleRef),
    provenance: Provenance,
    measures: z.array(Measure).min(1),
  })
  .superRefine((o, ctx) => {
    if (o.provenance === "P" && o.articles.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["articles"],
        message: "a [P] objective must name at least one article",
      });
    }
  });
export type Objective = z.infer<typeof Objective>;

export const Pillar = z
  .strictObject({
    code: PillarCode,
    id: z.string().regex(/^(TIP|SOM)\.(PROS|PROT|PREV|NCC|ICC)$/),
    title: OneLine(3, 120),
    order: z.int().min(1).max(5),
    objectives: z.array(Objective).min(1),
  })
  .superRefine((p, ctx) => {
    if (p.id.split(".")[1] !== p.code) {
      ctx.addIssue({
        code: "custom",
        path: ["id"],
        message: `pillar id ${p.id} does not end with its code ${p.code}`,
      });
    }
  });
export type Pillar = z.infer<typeof Pillar>;

export const Catalogue = z
  .strictObject({
    id: CatalogueId,
    version: CatalogueVersion,
    title: OneLine(3, 200),
    /** Short name of the Protocol the Framework implements. */
    protocol: OneLine(3, 120),
    publishedYear: z.int().min(2000).max(2100),
    /** How far the content can be trusted; shown to planners next to the catalogue. */
    notes: z.string().min(10),
    pillars: z.array(Pillar).length(5),
  })
  .superRefine((c, ctx) => checkCatalogueIds(c, ctx));
export type Catalogue = z.infer<typeof Catalogue>;

type Ctx = z.core.$RefinementCtx<z.output<typeof Catalogue>>;
type Path = (string | number)[];

// Plans, assessments and progress reports store measure ids, so an id must be unique, sit under its parent and
// belong to its catalogue; the regexes alone cannot see across entries.
function checkCatalogueIds(c: Catalogue, ctx: Ctx): void {
  const seen = new Map<string, Path>();
  const check = (id: string, parentId: string, path: Path, kind: string) => {
    if (id.split(".")[0] !== c.id) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `${kind} id ${id} does not belong to catalogue ${c.id}`,
      });
    }
    if (parentId && !id.startsWith(`${parentId}.`)) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `${kind} id ${id} is not under its ${parentKind(kind)} ${parentId}`,
      });
    }
    const first = seen.get(id);
    if (first) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `duplicate id ${id} (first used at ${formatPath(first)})`,
      });
    } else {
      seen.set(id, path.slice(0, -1));
    }
  };

  for (const code of PillarCode.options) {
    const count = c.pillars.filter((p) => p.code === code).length;
    if (count !== 1) {
      const message =
        count === 0 ? `missing pillar ${c.id}.${code}` : `pillar ${c.id}.${code} appears ${count} times`;
      ctx.addIssue({ code: "custom", path: ["pillars"], message });
    }
  }
  const orders = c.pillars.map((p) => p.order);
  if (new Set(orders).size !== orders.length) {
    ctx.addIssue({
      code: "custom",
      path: ["pillars"],
      message: `pillar order must be unique, got ${orders.join(",")}`,
    });
  }

  c.pillars.forEach((p, i) => {
    check(p.id, "", ["pillars", i, "id"], "pillar");
    p.objectives.forEach((o, j) => {
      check(o.id, p.id, ["pillars", i, "objectives", j, "id"], "objective");
      o.measures.forEach((m, k) => {
        check(m.id, o.id, ["pillars", i, "objectives", j, "measures", k, "id"], "measure");
      });
    });
  });
}

function parentKind(kind: string): string {
  return kind === "measure" ? "objective" : "pillar";
}

/** `["pillars", 1, "objectives", 0]` -> `pillars[1].objectives[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : `${i === 0 ? "" : "."}${String(seg)}`))
    .join("");
}
