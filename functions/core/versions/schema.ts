import { z } from "zod";
import { StageName } from "../../../workflows/schemas.js";
import { Decision } from "../approval.js";
import { recordBase } from "../record-base.js";

/**
 * An approved stage, frozen: its content at approval, read-only for ever (id `<stage>:<number 000>`). `content`
 * holds the stage's items by their ids (entries by measure, priorities by measure, objectives/activities/indicators
 * by kind and id), which is what the difference between two versions is computed on.
 */
export const StageVersion = z.strictObject({
  ...recordBase("version"),
  stage: StageName,
  number: z.int().min(1),
  approvedAt: z.iso.datetime(),
  decisions: z.array(Decision),
  /** Why this version exists when it amends an earlier one. */
  amendmentReason: z.string().optional(),
  content: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type StageVersion = z.infer<typeof StageVersion>;
