import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../support/memory-store.js";
import { type Command, command, newWorld, rule, run } from "./assessment-commands.js";
import { compareTrailWithStore } from "./audit-replay.js";

// The audit trail is the record ministries and auditors rely on: replaying the `after` snapshots of its changes in
// order must rebuild exactly what the store holds, whatever happened, and a refused command must leave no trace.
describe("replaying a cycle's audit trail", () => {
  const approvedThenWorkflow: Command[] = [
    { kind: "fill" },
    { kind: "submit", who: "coordinator" },
    { kind: "wait", wait: "decision" },
    { kind: "decide", who: "justice", decision: "return" },
    {
      kind: "upsert",
      who: "coordinator",
      measure: 0,
      answer: { status: "absent", severity: 3, evidence: "", source: "" },
      version: "current",
    },
    { kind: "submit", who: "coordinator" },
    { kind: "decide", who: "health", decision: "approve" },
    { kind: "decide", who: "justice", decision: "approve" },
    { kind: "decide", who: "interior", decision: "approve" },
    { kind: "wait", wait: "decision" },
  ];

  it("reproduces the stored state after every command of random sequences, and refused commands change nothing", async () => {
    const outcomes = new Set<string>();
    const states = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        rule,
        fc.array(command, { minLength: 1, maxLength: 25 }),
        async (policyRule, commands) => {
          const store = new MemoryStore();
          const world = await newWorld(store, policyRule);
          const { country, cycleId } = world.ref;
          for (const cmd of commands) {
            const commits = store.commits.length;
            const result = await run(world, cmd);
            outcomes.add(`${cmd.kind}:${result}`);
            if (result !== "ok")
              expect(store.commits.length, `${cmd.kind} refused with ${result}`).toBe(commits);

            const { replayed, stored, versionsAhead, breaks } = await compareTrailWithStore(
              store,
              country,
              cycleId,
            );
            expect(breaks).toEqual([]);
            expect(versionsAhead).toEqual([]);
            expect(replayed).toEqual(stored);
          }
          states.add((await store.getStage(country, cycleId, "assessment"))?.state ?? "missing");
        },
      ),
      { numRuns: 40, examples: [[{ type: "all" }, approvedThenWorkflow]] },
    );

    // The sequences went where it matters: through refusals of every kind, a return and an approval.
    expect([...states]).toEqual(expect.arrayContaining(["draft", "approved"]));
    expect([...outcomes]).toEqual(
      expect.arrayContaining([
        "upsert:ok",
        "upsert:VersionConflictError",
        "upsert:ForbiddenError",
        "bulk:ok",
        "bulk:NotFoundError",
        "submit:RuleViolationError",
        "decide:ok",
        "decide:ForbiddenError",
        "decide:StateConflictError",
        "wait:ok",
      ]),
    );
  });
});
