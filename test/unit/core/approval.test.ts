import { describe, expect, it } from "vitest";
import { ApprovalPolicy, type Decision, evaluate } from "../../../functions/core/approval.js";

const by = { type: "user" as const, sub: "u1", role: "approver" as const };
const decision = (ministry: string, kind: "approve" | "return", round = 1): Decision => ({
  round,
  ministry,
  decision: kind,
  by,
  at: "2027-01-01T00:00:00.000Z",
  ...(kind === "return" ? { reason: "needs more evidence" } : {}),
});

describe("approval rules", () => {
  const all = ApprovalPolicy.parse({ ministries: ["justice", "interior", "labour"], rule: { type: "all" } });
  const quorum2 = ApprovalPolicy.parse({
    ministries: ["justice", "interior", "labour"],
    rule: { type: "quorum", n: 2 },
  });

  it("keeps an 'all' stage pending until every ministry approved, naming who is still awaited", () => {
    expect(evaluate(all, [decision("justice", "approve")])).toEqual({
      outcome: "pending",
      awaiting: ["interior", "labour"],
    });
    expect(
      evaluate(all, [
        decision("justice", "approve"),
        decision("interior", "approve"),
        decision("labour", "approve"),
      ]),
    ).toEqual({ outcome: "approved" });
  });

  it("approves on a quorum as soon as n ministries approved", () => {
    expect(evaluate(quorum2, [decision("justice", "approve")]).outcome).toBe("pending");
    expect(evaluate(quorum2, [decision("justice", "approve"), decision("labour", "approve")])).toEqual({
      outcome: "approved",
    });
  });

  it("returns the stage when any required ministry returns it, even if a quorum approved", () => {
    expect(evaluate(quorum2, [decision("justice", "approve"), decision("interior", "return")]).outcome).toBe(
      "returned",
    );
  });

  it("ignores decisions by ministries outside the policy and counts a ministry once", () => {
    expect(evaluate(quorum2, [decision("health", "approve"), decision("justice", "approve")]).outcome).toBe(
      "pending",
    );
    expect(evaluate(quorum2, [decision("justice", "approve"), decision("justice", "approve")]).outcome).toBe(
      "pending",
    );
    expect(evaluate(all, [decision("health", "return")]).outcome).toBe("pending");
  });

  it("rejects a quorum larger than the ministries and duplicate ministries, naming the field", () => {
    const tooBig = ApprovalPolicy.safeParse({ ministries: ["justice"], rule: { type: "quorum", n: 2 } });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]?.path).toEqual(["rule", "n"]);
    const twice = ApprovalPolicy.safeParse({ ministries: ["justice", "justice"] });
    expect(twice.error?.issues[0]?.message).toContain("justice is listed twice");
  });

  it("defaults the rule to all", () => {
    expect(ApprovalPolicy.parse({ ministries: ["justice"] }).rule).toEqual({ type: "all" });
  });
});
