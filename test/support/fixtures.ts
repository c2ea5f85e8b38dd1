import { ulid } from "ulid";
import { AssessmentEntry } from "../../functions/core/assessment.js";
import { AuditEvent } from "../../functions/core/audit.js";
import { addDays } from "../../functions/core/changes.js";
import { Cycle } from "../../functions/core/cycle.js";
import { ReportingPeriod } from "../../functions/core/period.js";
import type { Actor } from "../../functions/core/principal.js";
import { Stage } from "../../functions/core/stage.js";
import type { StageName } from "../../workflows/schemas.js";

// Realistic entities for tests: a Kenyan working group's cycle under the TIP framework, its stages, answers,
// reporting periods and audit events. Every builder parses its result with the entity's zod schema, so a schema
// change that a fixture no longer satisfies fails here, loudly, instead of in some unrelated assertion.
//
// Builders take the cycle they belong to (`ref`) and optional overrides, applied last:
//   const ref = newCycleRef();
//   const cycle = aCycle(ref, { status: "closed" });
//   const stage = aStage(ref, "assessment", { state: "submitted", round: 1 });

export type CycleRef = { country: string; cycleId: string };

/** When the fixture cycle was created; other fixture timestamps follow it. */
export const FIXTURE_TIME = "2026-03-02T09:00:00.000Z";

/** A fresh ULID (26 characters of Crockford base32, time first), valid as a cycle or event id. */
export function newId(time = Date.now()): string {
  return ulid(time);
}

/** A new cycle of `country` (Kenya by default) that no other test uses. */
export function newCycleRef(country = "KEN"): CycleRef {
  return { country, cycleId: newId() };
}

export const coordinator: Actor = {
  type: "user",
  sub: "auth0|coordinator-ken",
  name: "Amina Odhiambo",
  role: "coordinator",
};

export const memberOfPolice: Actor = {
  type: "user",
  sub: "auth0|member-police",
  name: "Peter Mwangi",
  role: "member",
  agency: "national-police-service",
};

/** An active cycle in its needs assessment, signed off by justice and interior. */
export function aCycle(ref: CycleRef, overrides: Partial<Cycle> = {}): Cycle {
  const policy = { ministries: ["ministry-of-justice", "ministry-of-interior"], rule: { type: "all" } };
  return Cycle.parse({
    id: ref.cycleId,
    country: ref.country,
    title: "National Action Plan against Trafficking in Persons 2026-2030",
    frameworks: [{ id: "TIP", version: "2009.1" }],
    planPeriod: { start: "2026-07-01", end: "2030-06-30" },
    reportingCadence: "quarterly",
    approvalPolicies: { assessment: policy, priorities: policy, action_plan: policy },
    deadlines: { submissionDays: 90, decisionDays: 30 },
    status: "active",
    position: { kind: "stage", stage: "assessment" },
    generation: 0,
    createdAt: FIXTURE_TIME,
    createdBy: coordinator,
    updatedAt: FIXTURE_TIME,
    version: 1,
    ...overrides,
  });
}

/** A stage as a new cycle has it: the assessment open in draft, later stages not started. */
export function aStage(
  ref: CycleRef,
  stage: StageName = "assessment",
  overrides: Partial<Stage> = {},
): Stage {
  const open = stage === "assessment";
  return Stage.parse({
    country: ref.country,
    cycleId: ref.cycleId,
    stage,
    state: open ? "draft" : "not_started",
    round: 0,
    ...(open ? { openedAt: FIXTURE_TIME, submissionDueAt: addDays(FIXTURE_TIME, 90) } : {}),
    decisions: [],
    updatedAt: FIXTURE_TIME,
    version: 1,
    ...overrides,
  });
}

/** The police's answer for a measure (default TIP.PROS.1.1): partly in place, a moderate gap. */
export function anEntry(
  ref: CycleRef,
  measureId = "TIP.PROS.1.1",
  overrides: Partial<AssessmentEntry> = {},
): AssessmentEntry {
  return AssessmentEntry.parse({
    country: ref.country,
    cycleId: ref.cycleId,
    measureId,
    status: "partial",
    severity: 2,
    evidence: "The Counter-Trafficking in Persons Act 2010 criminalises trafficking; few convictions since.",
    source: "Judiciary annual report 2025",
    agency: "national-police-service",
    answeredBy: memberOfPolice,
    answeredAt: addDays(FIXTURE_TIME, 7),
    version: 1,
    ...overrides,
  });
}

/** Reporting period `index` (default 0, Q3 2026) of a quarterly plan starting 2026-07-01, still scheduled. */
export function aPeriod(ref: CycleRef, index = 0, overrides: Partial<ReportingPeriod> = {}): ReportingPeriod {
  const start = new Date(Date.UTC(2026, 6 + index * 3, 1));
  const end = new Date(Date.UTC(2026, 6 + (index + 1) * 3, 0));
  const quarter = Math.floor(start.getUTCMonth() / 3) + 1;
  return ReportingPeriod.parse({
    country: ref.country,
    cycleId: ref.cycleId,
    index,
    label: `Q${quarter} ${start.getUTCFullYear()}`,
    start: start.toISOString().slice(0, 10),
    end: end.toISOString().slice(0, 10),
    dueAt: addDays(end.toISOString(), 30),
    state: "scheduled",
    reportsComplete: false,
    reminders: 0,
    updatedAt: FIXTURE_TIME,
    version: 1,
    ...overrides,
  });
}

/** The coordinator's "cycle created" event, with a fresh id; pass `at` to place it on the trail. */
export function anAuditEvent(ref: CycleRef, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const at = overrides.at ?? FIXTURE_TIME;
  return AuditEvent.parse({
    id: newId(Date.parse(at)),
    country: ref.country,
    cycleId: ref.cycleId,
    at,
    actor: coordinator,
    action: "cycle.created",
    summary: 'Cycle "National Action Plan against Trafficking in Persons 2026-2030" created with TIP 2009.1',
    changes: [{ entity: "cycle", key: ref.cycleId, before: null, after: { status: "active", version: 1 } }],
    ...overrides,
  });
}
