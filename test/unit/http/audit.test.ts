import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCycle, createHarness, fillAssessment, type Harness } from "./harness.js";

type Event = { action: string; at: string; actor: { type: string; role?: string }; summary: string };

describe("audit trail", () => {
  let h: Harness;
  let cycleId: string;
  beforeEach(async () => {
    h = await createHarness();
    cycleId = await createCycle(h);
  });
  afterEach(() => h.cleanup());

  it("lists the cycle's events oldest first, with who did what", async () => {
    await h.call("PUT", `/cycles/${cycleId}/assessment/entries/TIP.PROS.1.1`, {
      as: "police",
      body: { answer: { status: "absent", severity: 3 } },
    });
    await fillAssessment(h, cycleId, ["TIP.PROS.1.2", "TIP.PROS.1.3"]);

    const res = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "interior" });

    expect(res.status).toBe(200);
    const events = res.body.items as Event[];
    expect(events.map((e) => e.action)).toEqual(["cycle.created", "entry.upserted", "entries.bulk_upserted"]);
    expect(events.map((e) => e.actor.role)).toEqual(["coordinator", "member", "coordinator"]);
    expect([...events.map((e) => e.at)].sort()).toEqual(events.map((e) => e.at));
    expect(events[1]?.summary).toBe("TIP.PROS.1.1 answered: absent, severity 3");
  });

  it("pages through the trail with a cursor", async () => {
    await fillAssessment(h, cycleId, ["TIP.PROS.1.1"]);
    await fillAssessment(h, cycleId, ["TIP.PROS.1.2"]);
    const first = await h.call("GET", `/cycles/${cycleId}/audit?limit=2`, { as: "coordinator" });
    expect((first.body.items as Event[]).map((e) => e.action)).toEqual([
      "cycle.created",
      "entries.bulk_upserted",
    ]);
    const rest = await h.call("GET", `/cycles/${cycleId}/audit?limit=2&cursor=${first.body.cursor}`, {
      as: "coordinator",
    });
    expect((rest.body.items as Event[]).map((e) => e.action)).toEqual(["entries.bulk_upserted"]);
    expect(rest.body.cursor).toBeUndefined();
  });

  it("never shows a cycle's trail to another country, nor to a donor", async () => {
    for (const who of ["mexico", "donor"] as const) {
      const res = await h.call("GET", `/cycles/${cycleId}/audit`, { as: who });
      expect(res.status, who).toBe(404);
    }
  });

  it("answers 400 naming the cursor for one it did not issue", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}/audit?cursor=bm9wZQ`, { as: "coordinator" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^cursor: /);
  });
});
