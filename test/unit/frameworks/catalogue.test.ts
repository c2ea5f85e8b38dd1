import { describe, expect, it } from "vitest";
import {
  allMeasures,
  type Catalogue,
  CatalogueError,
  CatalogueRef,
  findMeasure,
  getCatalogue,
  latestVersion,
  listCatalogues,
  type Measure,
  parseCatalogue,
} from "../../../frameworks/index.js";

function bundled(id: "TIP" | "SOM"): Catalogue {
  const c = getCatalogue(id);
  if (!c) throw new Error(`bundled catalogue ${id} missing`);
  return c;
}

/** A mutable deep copy of a bundled catalogue, to break on purpose. */
function copyOf(id: "TIP" | "SOM"): Catalogue {
  return structuredClone(bundled(id));
}

function measureAt(c: Catalogue, p: number, o: number, m: number): Measure {
  const measure = c.pillars[p]?.objectives[o]?.measures[m];
  if (!measure) throw new Error(`no measure at ${p}/${o}/${m}`);
  return measure;
}

function rejection(raw: unknown, source: string): CatalogueError {
  try {
    parseCatalogue(raw, source);
  } catch (e) {
    if (e instanceof CatalogueError) return e;
    throw e;
  }
  throw new Error("expected the catalogue to be rejected");
}

// Measures per objective, per pillar, as listed in section 1 of the domain reference.
const EXPECTED: Record<string, Record<string, number[]>> = {
  TIP: {
    PROS: [8, 6, 4, 2, 1],
    PROT: [4, 2, 4, 5, 3, 2, 2, 4],
    PREV: [2, 3, 4, 3, 3, 1],
    NCC: [2, 2, 2, 1, 2, 1],
    ICC: [1, 2, 3, 1, 1, 2],
  },
  SOM: {
    PROS: [6, 2, 5, 1],
    PROT: [1, 2, 1, 1, 2, 1, 3],
    PREV: [2, 1, 2, 4, 2, 1],
    NCC: [2, 1, 2, 2],
    ICC: [1, 1, 3, 1, 1],
  },
};

describe("bundled catalogues", () => {
  it("lists TIP 2009.1 and SOM 2011.1 with their measure counts", () => {
    expect(listCatalogues()).toEqual([
      expect.objectContaining({ id: "TIP", version: "2009.1", publishedYear: 2009, measureCount: 83 }),
      expect.objectContaining({ id: "SOM", version: "2011.1", publishedYear: 2011, measureCount: 51 }),
    ]);
  });

  it.each(["TIP", "SOM"] as const)(
    "%s has the five pillars in order with the documented objectives and measures",
    (id) => {
      const c = bundled(id);
      expect(c.pillars.map((p) => `${p.order}:${p.id}`)).toEqual([
        `1:${id}.PROS`,
        `2:${id}.PROT`,
        `3:${id}.PREV`,
        `4:${id}.NCC`,
        `5:${id}.ICC`,
      ]);
      const counts = Object.fromEntries(
        c.pillars.map((p) => [p.code, p.objectives.map((o) => o.measures.length)]),
      );
      expect(counts).toEqual(EXPECTED[id]);
    },
  );

  it.each(["TIP", "SOM"] as const)(
    "%s uses every id once and numbers objectives and measures from 1",
    (id) => {
      const c = bundled(id);
      const ids = c.pillars.flatMap((p) => [
        p.id,
        ...p.objectives.flatMap((o) => [o.id, ...o.measures.map((m) => m.id)]),
      ]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of c.pillars) {
        expect(p.objectives.map((o) => o.id)).toEqual(p.objectives.map((_, j) => `${p.id}.${j + 1}`));
        for (const o of p.objectives) {
          expect(o.measures.map((m) => m.id)).toEqual(o.measures.map((_, k) => `${o.id}.${k + 1}`));
        }
      }
    },
  );

  it.each([
    ["TIP", "TIP.PROS.1.1", true], // criminalisation, TIP art. 5
    ["TIP", "TIP.PROS.1.4", true], // child victims need no proof of means (acceptance scenario 1)
    ["TIP", "TIP.PROT.4.1", false], // shelter: art. 6(3) is "shall consider"
    ["TIP", "TIP.PROT.7.1", false], // reflection period: art. 7 is "shall consider"
    ["TIP", "TIP.PROS.1.5", false], // aggravating circumstances: Model Law recollection [R]
    ["SOM", "SOM.PROS.1.1", true], // criminalisation, SOM art. 6
    ["SOM", "SOM.PROT.1.1", true], // protection of rights, SOM art. 16
    ["SOM", "SOM.PREV.4.3", false], // denial of entry: art. 11(5) is "shall consider"
  ] as const)("%s measure %s has mandatory = %s", (id, measureId, mandatory) => {
    expect(findMeasure(bundled(id), measureId)?.mandatory).toBe(mandatory);
  });

  it("carries each measure's own provenance tag, or its objective's when it has none", () => {
    const tip = bundled("TIP");
    const som = bundled("SOM");
    expect(findMeasure(tip, "TIP.PROS.1.1")?.provenance).toBe("P");
    expect(findMeasure(tip, "TIP.PROS.1.5")?.provenance).toBe("R");
    expect(findMeasure(tip, "TIP.PROT.1.1")?.provenance).toBe("R");
    expect(findMeasure(tip, "TIP.NCC.2.1")?.provenance).toBe("F");
    expect(findMeasure(som, "SOM.PREV.3.2")?.provenance).toBe("F");
    expect(findMeasure(som, "SOM.NCC.3.1")?.provenance).toBe("I");
  });

  it("never marks a recollection or a design idea as a treaty obligation", () => {
    const flagged = [bundled("TIP"), bundled("SOM")]
      .flatMap(allMeasures)
      .filter(
        ({ measure }) => measure.mandatory && (measure.provenance === "R" || measure.provenance === "I"),
      );
    expect(flagged).toEqual([]);
  });

  it("flattens measures in catalogue order with their pillar and objective", () => {
    const entries = allMeasures(bundled("TIP"));
    expect(entries).toHaveLength(83);
    expect(entries[0]?.measure.id).toBe("TIP.PROS.1.1");
    expect(entries.at(-1)?.measure.id).toBe("TIP.ICC.6.2");
    const prot41 = entries.find((e) => e.measure.id === "TIP.PROT.4.1");
    expect(prot41?.pillar.id).toBe("TIP.PROT");
    expect(prot41?.objective.title).toBe("Recovery services");
  });

  it("returns undefined for a measure id that is not in the catalogue", () => {
    expect(findMeasure(bundled("TIP"), "TIP.PROS.9.9")).toBeUndefined();
    expect(findMeasure(bundled("TIP"), "SOM.PROS.1.1")).toBeUndefined();
  });

  it("refuses changes to the shared catalogue", () => {
    const c = bundled("TIP");
    expect(() => {
      measureAt(c, 0, 0, 0).mandatory = false;
    }).toThrow(TypeError);
    expect(findMeasure(c, "TIP.PROS.1.1")?.mandatory).toBe(true);
  });
});

describe("getCatalogue and latestVersion", () => {
  it("returns the latest version when none is asked for, and the exact one when it is", () => {
    expect(latestVersion("TIP")).toBe("2009.1");
    expect(getCatalogue("TIP")?.version).toBe("2009.1");
    expect(getCatalogue("SOM", "2011.1")?.id).toBe("SOM");
  });

  it("returns undefined for a version that does not exist", () => {
    expect(getCatalogue("TIP", "2011.1")).toBeUndefined();
    expect(getCatalogue("SOM", "1999.9")).toBeUndefined();
  });

  it("accepts a catalogue reference only with a known id and a year.revision version", () => {
    expect(CatalogueRef.safeParse({ id: "SOM", version: "2011.1" }).success).toBe(true);
    expect(CatalogueRef.safeParse({ id: "XYZ", version: "2011.1" }).success).toBe(false);
    expect(CatalogueRef.safeParse({ id: "TIP", version: "v1" }).success).toBe(false);
  });
});

describe("parseCatalogue rejects a broken catalogue file", () => {
  it("names the file, the path and the measure id when a measure's text is empty", () => {
    const c = copyOf("SOM");
    measureAt(c, 1, 0, 0).text = "";

    const err = rejection(c, "som-2011.1.json");

    expect(err.name).toBe("CatalogueError");
    expect(err.message).toBe(
      "som-2011.1.json: pillars[1].objectives[0].measures[0] (SOM.PROT.1.1): text: Too small: expected string to have >=10 characters",
    );
  });

  it("names both places when two measures share an id", () => {
    const c = copyOf("TIP");
    measureAt(c, 0, 0, 1).id = "TIP.PROS.1.1";

    const err = rejection(c, "tip-2009.1.json");

    expect(err.message).toBe(
      "tip-2009.1.json: pillars[0].objectives[0].measures[1] (TIP.PROS.1.1): id: duplicate id TIP.PROS.1.1 (first used at pillars[0].objectives[0].measures[0])",
    );
  });

  it("names the pillar that is missing", () => {
    const c = copyOf("TIP");
    c.pillars.splice(3, 1);

    const err = rejection(c, "tip-2009.1.json");

    expect(err.message).toContain("tip-2009.1.json: pillars: missing pillar TIP.NCC");
    expect(err.issues.map((i) => i.path)).toEqual(["pillars", "pillars"]);
  });

  it("names a measure filed under the wrong objective", () => {
    const c = copyOf("TIP");
    measureAt(c, 0, 1, 0).id = "TIP.PROS.3.9";

    const err = rejection(c, "tip-2009.1.json");

    expect(err.message).toBe(
      "tip-2009.1.json: pillars[0].objectives[1].measures[0] (TIP.PROS.3.9): id: measure id TIP.PROS.3.9 is not under its objective TIP.PROS.2",
    );
  });

  it("lists every problem, one per line", () => {
    const c = copyOf("SOM");
    measureAt(c, 0, 0, 0).indicators = [];
    measureAt(c, 2, 0, 0).articles = ["UNTOC art 5"];
    c.version = "2011";

    const lines = rejection(c, "som.json").message.split("\n");

    expect(lines).toEqual([
      expect.stringMatching(/^som\.json: version: /),
      expect.stringMatching(
        /^som\.json: pillars\[0\]\.objectives\[0\]\.measures\[0\] \(SOM\.PROS\.1\.1\): indicators: /,
      ),
      expect.stringMatching(
        /^som\.json: pillars\[2\]\.objectives\[0\]\.measures\[0\] \(SOM\.PREV\.1\.1\): articles\[0\]: .*"UNTOC art 5"/,
      ),
    ]);
  });

  it("rejects a treaty obligation without an article and a [P] measure that names none", () => {
    const c = copyOf("TIP");
    measureAt(c, 0, 0, 0).articles = [];

    const err = rejection(c, "tip-2009.1.json");

    expect(err.issues).toEqual([
      expect.objectContaining({
        entryId: "TIP.PROS.1.1",
        message: "articles: a [P] measure must name at least one article",
      }),
      expect.objectContaining({
        entryId: "TIP.PROS.1.1",
        message: "mandatory: a mandatory measure must name its article",
      }),
    ]);
  });

  it("rejects a measure tagged as a recollection that claims to be mandatory", () => {
    const c = copyOf("TIP");
    measureAt(c, 0, 0, 4).mandatory = true; // TIP.PROS.1.5 [R]

    expect(rejection(c, "tip-2009.1.json").message).toContain(
      "(TIP.PROS.1.5): mandatory: a measure tagged [R] cannot be a treaty obligation",
    );
  });

  it("rejects two pillars with the same order and an objective filed under another pillar", () => {
    const c = copyOf("TIP");
    const [pros, prot] = c.pillars;
    if (!pros || !prot) throw new Error("fixture has no pillars");
    prot.order = 1;
    const objective = prot.objectives[0];
    if (!objective) throw new Error("fixture has no objective");
    objective.id = "TIP.PROS.9";

    const err = rejection(c, "tip-2009.1.json");

    expect(err.message).toContain("tip-2009.1.json: pillars: pillar order must be unique, got 1,1,3,4,5");
    expect(err.message).toContain(
      "pillars[1].objectives[0] (TIP.PROS.9): id: objective id TIP.PROS.9 is not under its pillar TIP.PROT",
    );
  });

  it("rejects a catalogue whose ids belong to the other Framework", () => {
    const c = copyOf("SOM");
    c.id = "TIP";

    expect(rejection(c, "x.json").message).toContain(
      "pillars[0] (SOM.PROS): id: pillar id SOM.PROS does not belong to catalogue TIP",
    );
  });

  it("rejects input that is not a catalogue at all", () => {
    expect(rejection(null, "empty.json").message).toBe(
      "empty.json: (root): Invalid input: expected object, received null",
    );
  });
});
