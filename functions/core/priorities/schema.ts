import { z } from "zod";
import { MeasureStatus } from "../assessment.js";
import { Actor } from "../principal.js";
import { recordBase } from "../record-base.js";

/**
 * A scoring criterion. `severity` takes its value from the assessment (0-3); every other criterion is rated 1-3 by
 * the working group per candidate. Weights are per cycle: a country decides what matters most.
 */
export const Criterion = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,30}$/, { error: "must be a lower-case identifier like feasibility" }),
  label: z.string().trim().min(2).max(80),
  weight: z.number().min(0).max(10),
  source: z.enum(["assessment_severity", "rating"]),
});
export type Criterion = z.infer<typeof Criterion>;

export const DEFAULT_CRITERIA: Criterion[] = [
  { id: "severity", label: "Gap severity (from the assessment)", weight: 3, source: "assessment_severity" },
  { id: "impact", label: "Expected impact", weight: 3, source: "rating" },
  { id: "feasibility", label: "Feasibility", weight: 2, source: "rating" },
  { id: "urgency", label: "Urgency", weight: 2, source: "rating" },
];

/** The cycle's scoring criteria (one record, id `settings`). */
export const PrioritySettings = z.strictObject({
  ...recordBase("prioritySettings"),
  criteria: z.array(Criterion).min(1).max(10),
});
export type PrioritySettings = z.infer<typeof PrioritySettings>;

export const PriorityOutcome = z.enum(["accepted", "deferred", "rejected"]);
export type PriorityOutcome = z.infer<typeof PriorityOutcome>;

/** A candidate priority: one measure the assessment found lacking (id = measure id). */
export const Priority = z.strictObject({
  ...recordBase("priority"),
  measureId: z.string(),
  catalogue: z.enum(["TIP", "SOM"]),
  pillarId: z.string(),
  objectiveId: z.string(),
  mandatory: z.boolean(),
  gapStatus: MeasureStatus,
  severity: z.int().min(0).max(3),
  /** Ratings 1-3 for each `rating` criterion, by criterion id. */
  ratings: z.record(z.string(), z.int().min(1).max(3)),
  /** Brought over from the previous cycle's unmet priorities. */
  carriedOver: z.boolean(),
  /** Set when the coordinator added the candidate by hand (a measure the assessment did not find lacking). */
  added: z.strictObject({ by: Actor, at: z.iso.datetime() }).optional(),
  decision: z
    .strictObject({ outcome: PriorityOutcome, reason: z.string(), by: Actor, at: z.iso.datetime() })
    .optional(),
});
export type Priority = z.infer<typeof Priority>;
