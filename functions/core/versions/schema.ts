import { z } from "zod";
import { StageName } from "../../../workflows/schemas.js";
import { Decision } from "../approval.js";
import { recordBase } from "../record-base.js";

/**
 * A version's frozen content: the stage's items by key (a StageSnapshot: entries by measure id, priorities and plan
 * items by `<kind>/<id>`), as JSON compressed with gzip and encoded in base64. Compressed because of DynamoDB's
 * 400 KB item limit: an action plan of 200 activities with two indicators each measured ~470-530 KB as a map and
 * ~20-180 KB compressed (depending on how repetitive its text is). Read it with `decodeContent`.
 */
export const FrozenContent = z.strictObject({
  encoding: z.literal("gzip+base64"),
  data: z.string().min(1),
  /** How many items it holds, readable without decompressing. */
  items: z.int().min(0),
});
export type FrozenContent = z.infer<typeof FrozenContent>;

/**
 * An approved stage, frozen: its content at approval, read-only for ever (id `<stage>:<number 000>`). It is only
 * ever written once, created with expectedVersion null in the transaction that closes the stage.
 */
export const StageVersion = z.strictObject({
  ...recordBase("version"),
  stage: StageName,
  number: z.int().min(1),
  approvedAt: z.iso.datetime(),
  /** The decisions of the submission round that approved it. */
  decisions: z.array(Decision),
  /** Why this version exists when it amends an earlier one. */
  amendmentReason: z.string().optional(),
  content: FrozenContent,
});
export type StageVersion = z.infer<typeof StageVersion>;
