import { describe, expect, it } from "vitest";
import { cycleThrough, dependencyCycles } from "../../../functions/core/action-plan/dependencies.js";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("activity dependencies", () => {
  it("find the path that leads an activity back to itself", () => {
    const g = graph({ law: ["training"], training: ["mla"], mla: ["law"], data: [] });
    expect(cycleThrough(g, "law")).toEqual(["law", "training", "mla", "law"]);
    expect(cycleThrough(g, "data")).toBeUndefined();
  });

  it("find a self-dependency", () => {
    expect(cycleThrough(graph({ law: ["law"] }), "law")).toEqual(["law", "law"]);
  });

  it("find no circle in a diamond", () => {
    const g = graph({ a: ["b", "c"], b: ["d"], c: ["d"], d: [] });
    expect(cycleThrough(g, "a")).toBeUndefined();
    expect(dependencyCycles(g)).toEqual([]);
  });

  it("report each circle once, from its smallest id", () => {
    const g = graph({ c: ["a"], a: ["b"], b: ["c"], x: ["y"], y: ["x"], z: ["a"] });
    expect(dependencyCycles(g)).toEqual([
      ["a", "b", "c", "a"],
      ["x", "y", "x"],
    ]);
  });

  it("follow dependencies on activities that are not in the graph without failing", () => {
    expect(cycleThrough(graph({ a: ["gone"] }), "a")).toBeUndefined();
  });
});
