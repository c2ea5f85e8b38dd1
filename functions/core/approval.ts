import { z } from "zod";
import { Actor, OrgSlug } from "./principal.js";

export const ApprovalRule = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("all") }),
  z.strictObject({ type: z.literal("quorum"), n: z.int().min(1).max(20) }),
]);
export type ApprovalRule = z.infer<typeof ApprovalRule>;

/** Which ministries must sign a stage, and whether all of them or a quorum is needed. */
export const ApprovalPolicy = z
  .strictObject({
    ministries: z.array(OrgSlug).min(1).max(20),
    rule: ApprovalRule.default({ type: "all" }),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.ministries.forEach((m, i) => {
      if (seen.has(m))
        ctx.addIssue({ code: "custom", path: ["ministries", i], message: `${m} is listed twice` });
      seen.add(m);
    });
    if (policy.rule.type === "quorum" && policy.rule.n > policy.ministries.length) {
      ctx.addIssue({
        code: "custom",
        path: ["rule", "n"],
        message: `a quorum of ${policy.rule.n} cannot be met by ${policy.ministries.length} ministries`,
      });
    }
  });
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

export const DecisionKind = z.enum(["approve", "return"]);
export type DecisionKind = z.infer<typeof DecisionKind>;

export const Decision = z.strictObject({
  round: z.int().min(1),
  ministry: OrgSlug,
  decision: DecisionKind,
  reason: z.string().optional(),
  by: Actor,
  at: z.iso.datetime(),
});
export type Decision = z.infer<typeof Decision>;

export type Verdict = { outcome: "approved" | "returned" } | { outcome: "pending"; awaiting: string[] };

/**
 * The rule, applied to one round's decisions. Any required ministry returning the stage returns it at once: a
 * ministry's objection cannot be outvoted by a quorum. Decisions by ministries outside the policy never count.
 */
export function evaluate(policy: ApprovalPolicy, decisions: readonly Decision[]): Verdict {
  const required = new Set(policy.ministries);
  const counted = decisions.filter((d) => required.has(d.ministry));
  if (counted.some((d) => d.decision === "return")) return { outcome: "returned" };
  const approved = new Set(counted.filter((d) => d.decision === "approve").map((d) => d.ministry));
  const needed = policy.rule.type === "all" ? policy.ministries.length : policy.rule.n;
  if (approved.size >= needed) return { outcome: "approved" };
  return { outcome: "pending", awaiting: policy.ministries.filter((m) => !approved.has(m)) };
}
