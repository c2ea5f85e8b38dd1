import { beforeAll, describe, expect, it } from "vitest";
import { ServiceUnavailableError, WorkflowTaskGoneError } from "../../../functions/core/errors.js";
import { registerStageWait } from "../../../functions/core/use-cases/delivery.js";
import { createCycle, createHarness, fillAssessment, type Harness, newCycleBody } from "./harness.js";

const submit = (
  h: Harness,
  cycleId: string,
  as: "coordinator" | "justice" = "coordinator",
  body: unknown = {},
) => h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, { as, body });

describe("submitting and deciding a stage", () => {
  describe("before the assessment is complete", () => {
    let h: Harness;
    let cycleId: string;
    beforeAll(async () => {
      h = await createHarness();
      cycleId = await createCycle(h);
      return () => h.cleanup();
    });

    it("answers 422 assessment_incomplete to a submission", async () => {
      const res = await submit(h, cycleId);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("assessment_incomplete");
      expect(res.body.details).toMatchObject({ missing: expect.any(Number) });
    });

    it("answers 403 when an approver submits", async () => {
      const res = await submit(h, cycleId, "justice");
      expect(res.status).toBe(403);
    });

    it("answers 400 naming the stage for an unknown stage", async () => {
      const res = await h.call("POST", `/cycles/${cycleId}/stages/monitoring/submit`, {
        as: "coordinator",
        body: {},
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^path\.stage: /);
    });

    it("answers 409 stage_not_submitted to a decision on a stage in draft", async () => {
      const res = await h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
        as: "justice",
        body: { decision: "approve" },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("stage_not_submitted");
    });
  });

  describe("once submitted", () => {
    let h: Harness;
    let cycleId: string;
    const decide = (as: "justice" | "interior" | "health" | "coordinator", body: unknown) =>
      h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, { as, body });

    beforeAll(async () => {
      h = await createHarness();
      cycleId = await createCycle(h);
      await fillAssessment(h, cycleId);
      return () => h.cleanup();
    });

    it("submits the complete assessment (200) and awaits both ministries", async () => {
      const res = await submit(h, cycleId, "coordinator", {
        note: "validated by the working group on 3 March",
      });
      expect(res.status).toBe(200);
      expect(res.body.stage).toMatchObject({
        state: "submitted",
        round: 1,
        awaiting: ["ministry-of-justice", "ministry-of-interior"],
      });
    });

    it("answers 403 when a coordinator decides", async () => {
      const res = await decide("coordinator", { decision: "approve" });
      expect(res.status).toBe(403);
    });

    it("answers 400 naming `reason` to a return without one", async () => {
      const res = await decide("justice", { decision: "return" });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        "body.reason: a reason (5 characters or more) is required to return a stage",
      );
    });

    it("answers 403 to a ministry that is not in the policy", async () => {
      const res = await decide("health", { decision: "approve" });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain("ministry-of-health is not among the ministries");
    });

    it("records a decision, then answers 409 already_decided when the same ministry decides again", async () => {
      const first = await decide("justice", { decision: "approve" });
      expect(first.status).toBe(200);
      expect(first.body.stage).toMatchObject({ state: "submitted", awaiting: ["ministry-of-interior"] });

      const again = await decide("justice", { decision: "approve" });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("already_decided");
    });

    it("approves the stage once the rule is met", async () => {
      const res = await decide("interior", { decision: "approve" });
      expect(res.status).toBe(200);
      expect(res.body.stage).toMatchObject({ state: "approved", awaiting: [] });
    });
  });

  describe("when the workflow cannot take the outcome", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness();
      return () => h.cleanup();
    });

    it("answers 409 workflow_task_gone when the workflow no longer waits on the token, keeping the submission", async () => {
      const cycleId = await createCycle(h);
      await fillAssessment(h, cycleId);
      await registerStageWait(
        h.deps,
        { country: "KEN", cycleId, stage: "assessment" },
        "submission",
        "token-1",
      );
      h.workflow.failNext(
        "sendTaskSuccess",
        new WorkflowTaskGoneError("TaskTimedOut", "the submission wait timed out"),
      );

      const res = await submit(h, cycleId);

      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: "workflow_task_gone", details: { reason: "TaskTimedOut" } });
      const stage = await h.store.getStage("KEN", cycleId, "assessment");
      expect(stage?.state).toBe("submitted");
      expect(stage?.outbox?.kind).toBe("submission");
    });

    it("answers 503 with Retry-After when the workflow service is unavailable", async () => {
      const cycleId = await createCycle(h, newCycleBody({ title: "Second plan" }));
      await fillAssessment(h, cycleId);
      await registerStageWait(
        h.deps,
        { country: "KEN", cycleId, stage: "assessment" },
        "submission",
        "token-2",
      );
      h.workflow.failNext("sendTaskSuccess", new ServiceUnavailableError("Step Functions is throttling", 3));

      const res = await submit(h, cycleId);

      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("3");
      expect(res.body.code).toBe("service_unavailable");
    });

    it("delivers the submission to a waiting workflow", async () => {
      const cycleId = await createCycle(h, newCycleBody({ title: "Third plan" }));
      await fillAssessment(h, cycleId);
      await registerStageWait(
        h.deps,
        { country: "KEN", cycleId, stage: "assessment" },
        "submission",
        "token-3",
      );

      const res = await submit(h, cycleId);

      expect(res.status).toBe(200);
      expect(h.workflow.successes).toContainEqual({
        token: "token-3",
        output: { submitted: true, round: 1 },
      });
    });
  });
});
