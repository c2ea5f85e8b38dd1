import { z } from "zod";
import { DisaggregationDimension } from "../action-plan/schema.js";
import { Actor, OrgSlug } from "../principal.js";
import { recordBase } from "../record-base.js";

export const ActivityStatus = z.enum(["not_started", "on_track", "delayed", "completed", "cancelled"]);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

/** Counts per category of each dimension, e.g. { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } }. */
export const Disaggregation = z.partialRecord(
  DisaggregationDimension,
  z.record(z.string(), z.number().min(0)),
);
export type Disaggregation = z.infer<typeof Disaggregation>;

/** One lead agency's report for one reporting period (id `<period 000>:<agency>`). Aggregates only. */
export const PeriodReport = z.strictObject({
  ...recordBase("report"),
  periodIndex: z.int().min(0),
  agency: OrgSlug,
  activities: z.array(
    z.strictObject({
      activityId: z.string(),
      status: ActivityStatus,
      percentComplete: z.number().min(0).max(100),
      spend: z.number().min(0),
      narrative: z.string(),
    }),
  ),
  indicatorActuals: z.array(
    z.strictObject({ indicatorId: z.string(), value: z.number(), disaggregation: Disaggregation }),
  ),
  narrative: z.string(),
  submittedBy: Actor,
  submittedAt: z.iso.datetime(),
});
export type PeriodReport = z.infer<typeof PeriodReport>;
