import type { Store } from "../../../functions/core/ports.js";
import type { RecordKind } from "../../../functions/core/records.js";
import { activityBody, type Phase, type TenantWorld } from "./world-steps.js";

// The parts of the example requests that several routes share, and what the builders may read.

/**
 * What the builders read: the country's world, the store the request will run against (for versions), and what
 * the API gives that country's coordinator (for a file to send back).
 */
export type Context = { t: TenantWorld; store: Store; download(path: string): Promise<string> };

export async function versionOf(c: Context, phase: Phase, kind: RecordKind, id: string): Promise<number> {
  const found = await c.store.getRecord(c.t.country, c.t.cycles[phase], kind, id);
  if (!found) throw new Error(`the world has no ${kind} ${id} in its ${phase} cycle`);
  return found.version;
}

export const entryBody = async (c: Context) => {
  const entry = await c.store.getEntry(c.t.country, c.t.cycles.assessing, c.t.measures.member);
  return {
    answer: {
      status: "partial",
      severity: 2,
      evidence: "A specialised unit now exists in two counties",
      source: "Police annual report 2025",
      agency: "national-police",
    },
    expectedVersion: entry?.version ?? 1,
  };
};

/** Every setting a new cycle can be given, for creating one and for starting the next. */
export const cycleSettings = () => ({
  planPeriod: { start: "2031-01-01", end: "2035-12-31" },
  reportingCadence: "semiannual",
  approvalPolicies: {
    assessment: {
      ministries: ["ministry-of-justice", "ministry-of-interior"],
      rule: { type: "quorum", n: 1 },
    },
    priorities: { ministries: ["ministry-of-justice"], rule: { type: "all" } },
    action_plan: { ministries: ["ministry-of-interior"], rule: { type: "all" } },
  },
  deadlines: { submissionDays: 60, decisionDays: 20 },
});

/** The police's activity with every field a client may send: partners, donor money, a dependency. */
export const fullActivity = (t: TenantWorld) => ({
  ...activityBody(t.plan.objective),
  leadAgency: "national-police",
  partnerAgencies: ["office-of-the-director-of-public-prosecutions"],
  budget: { amount: 80_000, currency: "EUR", source: "donor", donorName: "European Union", funded: true },
  dependsOn: [t.plan.otherActivity],
});
