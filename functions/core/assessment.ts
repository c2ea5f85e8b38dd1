import { z } from "zod";
import { Actor, OrgSlug } from "./principal.js";

export const MeasureStatus = z.enum(["in_place", "partial", "absent", "unknown", "not_applicable"]);
export type MeasureStatus = z.infer<typeof MeasureStatus>;

export const Severity = z.int().min(0).max(3);

export const MeasureId = z.string().regex(/^(TIP|SOM)\.(PROS|PROT|PREV|NCC|ICC)\.\d{1,2}\.\d{1,2}$/, {
  error: "must be a measure id like TIP.PROS.1.1",
});

/** What a person writes for one measure. Server-owned fields (who, when, version) are not part of it. */
export const EntryAnswer = z
  .strictObject({
    status: MeasureStatus,
    severity: Severity,
    // Bounded so that a bulk save (50 answers, before and after in one audit event) stays under DynamoDB's 400 KB
    // item limit even in 3-byte UTF-8 scripts: 50 x 2 x (800 + 300) x 3 bytes is 330 KB, plus the other fields.
    evidence: z.string().trim().max(800).default(""),
    source: z.string().trim().max(300).default(""),
    /** The agency answering for this measure; only a coordinator may set or change it. */
    agency: OrgSlug.optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.status === "in_place" || a.status === "not_applicable") && a.severity !== 0) {
      ctx.addIssue({ code: "custom", path: ["severity"], message: `must be 0 when status is ${a.status}` });
    }
    if (a.status === "absent" && a.severity === 0) {
      ctx.addIssue({ code: "custom", path: ["severity"], message: "must be 1-3 when status is absent" });
    }
  });
export type EntryAnswer = z.infer<typeof EntryAnswer>;

export const AssessmentEntry = z.strictObject({
  country: z.string(),
  cycleId: z.string(),
  measureId: MeasureId,
  status: MeasureStatus,
  severity: Severity,
  evidence: z.string(),
  source: z.string(),
  agency: z.string().optional(),
  answeredBy: Actor,
  answeredAt: z.iso.datetime(),
  /**
   * Set on an answer copied from the previous cycle when this one was started from it: it still needs
   * re-verification. Saving the entry again (an answer written by a person) drops it.
   */
  carriedOverFrom: z.strictObject({ cycleId: z.string(), answeredAt: z.iso.datetime() }).optional(),
  version: z.int().min(1),
});
export type AssessmentEntry = z.infer<typeof AssessmentEntry>;

const STATUS_VALUE: Record<MeasureStatus, number | undefined> = {
  in_place: 1,
  partial: 0.5,
  absent: 0,
  unknown: 0,
  not_applicable: undefined,
};

export type ScoreMeasure = { measureId: string; mandatory: boolean };

export const Score = z.strictObject({
  measures: z.int(),
  answered: z.int(),
  /** Share of measures with an answer, 0-100. */
  completeness: z.number(),
  /** How far the measures that apply are implemented, 0-100 (in place 1, partial 0.5, absent/unknown 0). */
  implementation: z.number().nullable(),
  gaps: z.int(),
  mandatoryGaps: z.int(),
  maxSeverity: z.int(),
  severitySum: z.int(),
  byStatus: z.record(MeasureStatus, z.int()),
  /** Answers carried over from the previous cycle that nobody has re-verified (saved again) yet. */
  toReverify: z.int(),
});
export type Score = z.infer<typeof Score>;

const isGap = (s: MeasureStatus) => s === "absent" || s === "partial" || s === "unknown";

/** Scores one group of measures (an objective, a pillar, a catalogue) from the entries answered so far. */
export function scoreOf(
  measures: readonly ScoreMeasure[],
  entries: ReadonlyMap<string, AssessmentEntry>,
): Score {
  const byStatus: Record<MeasureStatus, number> = {
    in_place: 0,
    partial: 0,
    absent: 0,
    unknown: 0,
    not_applicable: 0,
  };
  let answered = 0;
  let valueSum = 0;
  let applicable = 0;
  let gaps = 0;
  let mandatoryGaps = 0;
  let maxSeverity = 0;
  let severitySum = 0;
  let toReverify = 0;
  for (const m of measures) {
    const e = entries.get(m.measureId);
    if (!e) {
      // An unanswered mandatory obligation is a gap too: it must not vanish from view by being left blank.
      if (m.mandatory) mandatoryGaps++;
      continue;
    }
    answered++;
    if (e.carriedOverFrom) toReverify++;
    byStatus[e.status]++;
    const value = STATUS_VALUE[e.status];
    if (value !== undefined) {
      applicable++;
      valueSum += value;
    }
    if (isGap(e.status)) {
      gaps++;
      if (m.mandatory) mandatoryGaps++;
    }
    maxSeverity = Math.max(maxSeverity, e.severity);
    severitySum += e.severity;
  }
  return {
    measures: measures.length,
    answered,
    completeness: measures.length === 0 ? 100 : round1((answered / measures.length) * 100),
    implementation: applicable === 0 ? null : round1((valueSum / applicable) * 100),
    gaps,
    mandatoryGaps,
    maxSeverity,
    severitySum,
    byStatus,
    toReverify,
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
