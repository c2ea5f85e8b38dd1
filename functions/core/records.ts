import { z } from "zod";
import { Activity, Indicator, PlanObjective, PlanSettings } from "./action-plan/schema.js";
import { Comment, FinalSummary, Share } from "./donors/schema.js";
import { PeriodReport } from "./monitoring/schema.js";
import { Priority, PrioritySettings } from "./priorities/schema.js";
import { StageVersion } from "./versions/schema.js";

/**
 * Every kind of cycle-scoped record beyond the cycle's header items (cycle, stages, entries, periods). Adding a kind
 * here is all the store needs: it keys, stores and parses records by `kind`.
 */
export const CycleRecord = z.discriminatedUnion("kind", [
  PrioritySettings,
  Priority,
  PlanObjective,
  Activity,
  Indicator,
  PlanSettings,
  PeriodReport,
  StageVersion,
  Share,
  Comment,
  FinalSummary,
]);
export type CycleRecord = z.infer<typeof CycleRecord>;
export type RecordKind = CycleRecord["kind"];
export type RecordOf<K extends RecordKind> = Extract<CycleRecord, { kind: K }>;

export const RECORD_KINDS = CycleRecord.options.map((o) => o.shape.kind.value) as RecordKind[];
