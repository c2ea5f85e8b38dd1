import { z } from "zod";
import { MeasureId } from "../assessment.js";
import { Criterion, PriorityOutcome } from "./schema.js";
import { CriteriaSet } from "./scoring.js";

// The request shapes of the priorities API; the routes document them and the use cases act on them as parsed.

export const PriorityFilter = z.strictObject({
  decision: z.enum(["accepted", "deferred", "rejected", "undecided"]).optional(),
  catalogue: z.enum(["TIP", "SOM"]).optional(),
  /** A pillar id (TIP.PROS) or its code across catalogues (PROS). */
  pillar: z.string().max(20).optional(),
  /** true: treaty obligations only; false: everything else. */
  mandatory: z.enum(["true", "false"]).optional(),
});
export type PriorityFilter = z.infer<typeof PriorityFilter>;

export const UpdateCriteriaInput = z.strictObject({
  criteria: CriteriaSet,
  /** The settings version you read; omit only if the cycle has none yet. */
  expectedVersion: z.int().min(1).optional(),
});
export type UpdateCriteriaInput = z.infer<typeof UpdateCriteriaInput>;

const Rating = z
  .int({ error: "must be a whole number from 1 to 3" })
  .min(1, { error: "must be from 1 to 3" })
  .max(3, { error: "must be from 1 to 3" });

export const RateCandidateInput = z.strictObject({
  /** The candidate's ratings as a whole, by criterion id: a rating criterion left out becomes unrated. */
  ratings: z
    .record(Criterion.shape.id, Rating)
    .refine((r) => Object.keys(r).length <= 10, { error: "at most 10 ratings" })
    .meta({ maxProperties: 10 }),
  expectedVersion: z.int({ error: "the candidate's version you read is required" }).min(1),
});
export type RateCandidateInput = z.infer<typeof RateCandidateInput>;

const REASON_ERROR = "a reason (5 characters or more) is required for every decision";

export const DecideCandidateInput = z.strictObject({
  outcome: PriorityOutcome,
  reason: z.string({ error: REASON_ERROR }).trim().min(5, { error: REASON_ERROR }).max(2000),
  /** The candidate's version you read; required to change a decision already made. */
  expectedVersion: z.int().min(1).optional(),
});
export type DecideCandidateInput = z.infer<typeof DecideCandidateInput>;

export const AddCandidateInput = z.strictObject({ measureId: MeasureId });
export type AddCandidateInput = z.infer<typeof AddCandidateInput>;
