import { describe, expect, it } from "vitest";
import {
  axis,
  barChartLayout,
  niceCeiling,
  shorten,
  tickText,
} from "../../../functions/http/pages/charts-geometry.js";

describe("chart geometry", () => {
  it("rounds an axis maximum up to a readable step", () => {
    expect([0, 0.3, 7, 10, 11, 23, 240, 260, 550_000, 4_100_000].map(niceCeiling)).toEqual([
      1, 0.3, 8, 10, 12, 25, 250, 300, 600_000, 5_000_000,
    ]);
  });

  it("sizes the label and figure columns to their longest text, within bounds, and shortens labels to fit", () => {
    const long = "Designate and train the central authority for mutual legal assistance requests";
    const layout = barChartLayout(
      [
        { label: "Prevention", segments: [{ value: 1, tone: "primary" }], text: "1" },
        {
          label: long,
          segments: [{ value: 2, tone: "primary" }],
          text: "120,000 of 550,000 USD spent (21.8%)",
        },
      ],
      { dir: "ltr", plotWidth: 400 },
    );
    const labelColumn = 300;
    const textColumn = Math.round("120,000 of 550,000 USD spent (21.8%)".length * 6.8 + 14);
    expect(layout.width).toBe(labelColumn + 400 + textColumn);
    expect(layout.rows[1]?.label.text.endsWith("…")).toBe(true);
    expect((layout.rows[1]?.label.text.length ?? 0) * 6.8).toBeLessThanOrEqual(labelColumn - 14);
    expect(layout.rows[1]?.label.full).toBe(long);
  });

  it("writes axis numbers short", () => {
    expect([0, 12.5, 1200, 2_500_000, 3_000_000_000].map(tickText)).toEqual([
      "0",
      "12.5",
      "1.2k",
      "2.5M",
      "3G",
    ]);
  });

  it("shortens long labels with an ellipsis and leaves short ones alone", () => {
    expect(shorten("Train police")).toBe("Train police");
    expect(shorten("Train police and prosecutors on the amended law", 20)).toBe("Train police and pr…");
  });

  it("measures the same stretch from the left in LTR and from the right in RTL", () => {
    const ltr = axis("ltr", 100, 400, 600);
    const rtl = axis("rtl", 100, 400, 600);
    expect(ltr.stretch(0, 0.25)).toEqual({ x: 100, width: 100 });
    expect(rtl.stretch(0, 0.25)).toEqual({ x: 400, width: 100 });
    expect(ltr.at(1)).toBe(500);
    expect(rtl.at(1)).toBe(100);
  });

  it("stacks segments along the axis and scales them to the largest row", () => {
    const layout = barChartLayout(
      [
        {
          label: "Protection",
          segments: [
            { value: 60, tone: "primary" },
            { value: 40, tone: "muted" },
          ],
          text: "100",
        },
        { label: "Prevention", segments: [{ value: 50, tone: "primary" }], marker: 80, text: "50" },
      ],
      { dir: "ltr", plotWidth: 400, labelWidth: 100, textWidth: 100 },
    );
    expect(layout.max).toBe(100);
    const [first, second] = layout.rows;
    expect(first?.bars.map((b) => [b.x, b.width, b.tone])).toEqual([
      [100, 240, "primary"],
      [340, 160, "muted"],
    ]);
    expect(second?.bars.map((b) => [b.x, b.width])).toEqual([[100, 200]]);
    expect(second?.marker?.x).toBe(420);
    expect(first?.label).toMatchObject({ anchor: "end", x: 94 });
    expect(first?.text).toMatchObject({ anchor: "start", x: 506, text: "100" });
  });

  it("mirrors bars, markers and text anchors in a right-to-left page", () => {
    const layout = barChartLayout(
      [{ label: "الحماية", segments: [{ value: 25, tone: "primary" }], marker: 50, text: "25" }],
      {
        dir: "rtl",
        plotWidth: 400,
        labelWidth: 100,
        textWidth: 100,
        max: 100,
      },
    );
    const row = layout.rows[0];
    expect(row?.bars[0]).toMatchObject({ x: 400, width: 100 });
    expect(row?.marker?.x).toBe(300);
    expect(row?.label).toMatchObject({ anchor: "start", x: 506 });
    expect(row?.text).toMatchObject({ anchor: "end", x: 94 });
    expect(layout.ticks.map((t) => t.x)).toEqual([500, 400, 300, 200, 100]);
  });

  it("draws no bar for a figure that is not shown, but keeps its row and its words", () => {
    const layout = barChartLayout(
      [
        { label: "Victims 2027", segments: [], text: "suppressed (<5)" },
        { label: "Trained 2027", segments: [{ value: 30, tone: "primary" }], text: "30" },
      ],
      { dir: "ltr" },
    );
    expect(layout.rows[0]?.bars).toEqual([]);
    expect(layout.rows[0]?.text.text).toBe("suppressed (<5)");
    expect(layout.rows).toHaveLength(2);
  });

  it("caps a bar at the axis maximum when one is given", () => {
    const layout = barChartLayout(
      [{ label: "Over", segments: [{ value: 180, tone: "success" }], text: "180%" }],
      {
        dir: "ltr",
        plotWidth: 400,
        labelWidth: 100,
        textWidth: 100,
        max: 150,
      },
    );
    expect(layout.rows[0]?.bars[0]).toMatchObject({ x: 100, width: 400 });
  });

  it("draws the overlay (spent) thinner and inside the row of the planned bar", () => {
    const layout = barChartLayout(
      [
        {
          label: "USD",
          segments: [{ value: 200, tone: "muted" }],
          overlay: { value: 50, tone: "primary" },
          text: "",
        },
      ],
      { dir: "ltr", plotWidth: 400, labelWidth: 100, textWidth: 100, rowHeight: 30 },
    );
    const row = layout.rows[0];
    expect(row?.overlay).toMatchObject({ x: 100, width: 100, tone: "primary" });
    expect(row?.overlay?.height).toBeLessThan(row?.bars[0]?.height ?? 0);
    expect(row?.overlay?.y).toBeGreaterThan(row?.bars[0]?.y ?? 0);
  });
});
