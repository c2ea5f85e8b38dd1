import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../../functions/core/versions/diff.js";
import { forDonor } from "../../../functions/core/versions/redact.js";

const officer = {
  type: "user",
  sub: "auth0|police-1",
  name: "Peter Mwangi",
  role: "member",
  agency: "national-police",
};

const v1 = {
  "activity/a1": {
    kind: "activity",
    id: "a1",
    title: "Train 200 police officers",
    budget: { amount: 50_000, currency: "USD", source: "state", funded: true },
    partnerAgencies: ["ministry-of-justice"],
    version: 3,
    updatedAt: "2026-05-01T10:00:00.000Z",
  },
  "activity/a2": { kind: "activity", id: "a2", title: "Draft the amendment to the penal code", version: 1 },
  "objective/o1": { kind: "objective", id: "o1", title: "Prosecution capacity", version: 1 },
};

const v2 = {
  "activity/a1": {
    kind: "activity",
    id: "a1",
    title: "Train 300 police officers",
    budget: { amount: 75_000, currency: "USD", source: "donor", donorName: "GIZ", funded: true },
    partnerAgencies: ["ministry-of-justice", "iom-kenya"],
    version: 5,
    updatedAt: "2026-08-01T10:00:00.000Z",
  },
  "activity/a3": { kind: "activity", id: "a3", title: "Open a shelter in Mombasa", version: 1 },
  "objective/o1": { kind: "objective", id: "o1", title: "Prosecution capacity", version: 2 },
};

describe("the difference between two versions", () => {
  it("lists what was added and removed with the whole item", () => {
    const diff = diffSnapshots(v1, v2);

    expect(diff.added).toEqual([{ key: "activity/a3", item: v2["activity/a3"] }]);
    expect(diff.removed).toEqual([{ key: "activity/a2", item: v1["activity/a2"] }]);
  });

  it("shows a changed item field by field, into nested objects, with before and after", () => {
    const diff = diffSnapshots(v1, v2);

    expect(diff.changed).toEqual([
      {
        key: "activity/a1",
        fields: [
          { path: "budget.amount", before: 50_000, after: 75_000 },
          { path: "budget.donorName", after: "GIZ" },
          { path: "budget.source", before: "state", after: "donor" },
          {
            path: "partnerAgencies",
            before: ["ministry-of-justice"],
            after: ["ministry-of-justice", "iom-kenya"],
          },
          { path: "title", before: "Train 200 police officers", after: "Train 300 police officers" },
        ],
      },
    ]);
  });

  it("does not count an item saved again with the same content as changed", () => {
    const diff = diffSnapshots(v1, v2);

    expect(diff.changed.map((c) => c.key)).not.toContain("objective/o1");
    expect(diff.unchanged).toBe(1);
  });

  it("answers the same, in key and path order, whatever order the items and fields come in", () => {
    const shuffled = Object.fromEntries(
      Object.entries(v2)
        .reverse()
        .map(([k, item]) => [k, Object.fromEntries(Object.entries(item).reverse())]),
    );

    expect(diffSnapshots(v1, shuffled)).toEqual(diffSnapshots(v1, v2));
    expect(diffSnapshots(v1, v1)).toEqual({ added: [], removed: [], changed: [], unchanged: 3 });
  });

  it("sees a field that disappears as changed, with no after", () => {
    const diff = diffSnapshots(
      { e: { status: "partial", source: "Report 2025" } },
      { e: { status: "partial" } },
    );

    expect(diff.changed).toEqual([{ key: "e", fields: [{ path: "source", before: "Report 2025" }] }]);
  });
});

describe("a version as a donor sees it", () => {
  it("leaves out every recorded person, wherever they are in an item", () => {
    const shown = forDonor({
      "TIP.PROS.1.1": { status: "partial", answeredBy: officer, agency: "national-police" },
      "priority/TIP.PROS.1.1": {
        kind: "priority",
        decision: {
          outcome: "accepted",
          reason: "Mandatory obligation",
          by: officer,
          at: "2026-04-01T10:00:00.000Z",
        },
      },
    });

    expect(shown).toEqual({
      "TIP.PROS.1.1": { status: "partial", agency: "national-police" },
      "priority/TIP.PROS.1.1": {
        kind: "priority",
        decision: { outcome: "accepted", reason: "Mandatory obligation", at: "2026-04-01T10:00:00.000Z" },
      },
    });
    expect(JSON.stringify(shown)).not.toContain("Peter Mwangi");
  });

  it("suppresses count baselines under the plan's threshold and leaves other indicators alone", () => {
    const indicator = (id: string, value: number, isCount: boolean) => ({
      kind: "indicator",
      id,
      isCount,
      baseline: { value, year: 2025 },
    });

    const shown = forDonor({
      "planSettings/settings": { kind: "planSettings", suppressionThreshold: 10 },
      "indicator/victims": indicator("victims", 7, true),
      "indicator/convictions": indicator("convictions", 12, true),
      "indicator/share": indicator("share", 3, false),
    });

    expect(shown["indicator/victims"]?.baseline).toEqual({ value: null, year: 2025, suppressed: true });
    expect(shown["indicator/convictions"]?.baseline).toEqual({ value: 12, year: 2025 });
    expect(shown["indicator/share"]?.baseline).toEqual({ value: 3, year: 2025 });
  });

  it("uses the default threshold of 5 when the plan sets none", () => {
    const shown = forDonor({
      "indicator/i": { kind: "indicator", isCount: true, baseline: { value: 4, year: 2025 } },
    });

    expect(shown["indicator/i"]?.baseline).toMatchObject({ value: null, suppressed: true });
  });
});
