import { describe, expect, it } from "vitest";
import { type Stage, satisfiedWaitOutput } from "../../../functions/core/stage.js";

const base: Stage = {
  country: "KEN",
  cycleId: "01JABCDEFGHJKMNPQRSTVWXYZ0",
  stage: "assessment",
  state: "draft",
  round: 0,
  decisions: [],
  updatedAt: "2027-01-01T00:00:00.000Z",
  version: 1,
};
const at = "2027-01-02T00:00:00.000Z";

describe("what a resumed workflow wait is owed", () => {
  it("owes nothing while the stage is being drafted or reworked", () => {
    expect(satisfiedWaitOutput(base, "submission")).toBeUndefined();
    expect(satisfiedWaitOutput({ ...base, state: "returned", round: 1 }, "submission")).toBeUndefined();
    expect(satisfiedWaitOutput({ ...base, state: "submitted", round: 1 }, "decision")).toBeUndefined();
  });

  it("completes a submission wait once the round was submitted", () => {
    expect(satisfiedWaitOutput({ ...base, state: "submitted", round: 2 }, "submission")).toEqual({
      submitted: true,
      round: 2,
    });
  });

  it("replays an undelivered return to both waits, so a resumed execution walks back to drafting", () => {
    const returned: Stage = {
      ...base,
      state: "returned",
      round: 1,
      outbox: { kind: "decision", createdAt: at },
    };
    expect(satisfiedWaitOutput(returned, "submission")).toEqual({ submitted: true, round: 1 });
    expect(satisfiedWaitOutput(returned, "decision")).toEqual({ outcome: "returned", round: 1 });
  });

  it("always completes both waits of an approved stage, so its closing is never skipped", () => {
    const approved: Stage = { ...base, state: "approved", round: 1 };
    expect(satisfiedWaitOutput(approved, "submission")).toEqual({ submitted: true, round: 1 });
    expect(satisfiedWaitOutput(approved, "decision")).toEqual({ outcome: "approved", round: 1 });
  });
});
