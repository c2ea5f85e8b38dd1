import { describe, expect, it } from "vitest";
import { ratioStatus } from "../../../bench/lib/figures.js";
import { alternate, median, paired } from "../../../bench/lib/stats.js";

describe("the bench's statistics", () => {
  it("takes the middle value of an odd sample and the mean of the middle two of an even one", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });

  it("compares paired rounds by the median of their ratios, so one slow round of both sides cancels out", () => {
    // Round 2 ran on a busy machine: both sides slowed down fourfold, their ratio did not move.
    const result = paired([10, 40, 12], [20, 80, 24]);

    expect(result).toEqual({ value: 12, reference: 24, ratio: 0.5 });
  });

  it("refuses samples that were not measured side by side", () => {
    expect(() => paired([1, 2], [1])).toThrow(/length/);
  });

  it("runs the cases forward on even rounds and backward on odd ones", () => {
    expect(alternate(["bare", "app"], 0)).toEqual(["bare", "app"]);
    expect(alternate(["bare", "app"], 1)).toEqual(["app", "bare"]);
  });

  it("fails a ratio outside its gate, and a ratio that could not be measured", () => {
    expect(ratioStatus(1.2, { max: 1.25 })).toBe("pass");
    expect(ratioStatus(1.3, { max: 1.25 })).toBe("fail");
    expect(ratioStatus(0.32, { min: 0.33 })).toBe("fail");
    expect(ratioStatus(Number.NaN, { min: 0.33 })).toBe("fail");
  });
});
