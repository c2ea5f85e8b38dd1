import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, tipMeasureIds } from "./harness.js";

describe("framework catalogues", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.cleanup());

  it("lists the bundled catalogues to any signed-in role, donors included", async () => {
    const res = await h.call("GET", "/frameworks", { as: "donor" });
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; version: string; measureCount: number }[];
    expect(items.map((c) => `${c.id} ${c.version}`).sort()).toEqual(["SOM 2011.1", "TIP 2009.1"]);
    expect(items.find((c) => c.id === "TIP")?.measureCount).toBe(tipMeasureIds().length);
  });

  it("returns a catalogue in full, at its latest version or the one named", async () => {
    const latest = await h.call("GET", "/frameworks/TIP", { as: "police" });
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ id: "TIP", version: "2009.1" });
    expect(latest.body.pillars).toHaveLength(5);
    const pinned = await h.call("GET", "/frameworks/SOM?version=2011.1", { as: "police" });
    expect(pinned.body).toMatchObject({ id: "SOM", version: "2011.1" });
  });

  it("answers 404 for an unknown catalogue or version, and 400 for a malformed version", async () => {
    expect((await h.call("GET", "/frameworks/XYZ", { as: "police" })).status).toBe(404);
    const unknown = await h.call("GET", "/frameworks/TIP?version=2009.9", { as: "police" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("catalogue TIP 2009.9 was not found");
    const malformed = await h.call("GET", "/frameworks/TIP?version=latest", { as: "police" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^query\.version: /);
  });

  it("answers 400 naming an unknown query parameter", async () => {
    const res = await h.call("GET", "/frameworks/TIP?verison=2009.1", { as: "police" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("query.verison: is not a known field");
  });
});
