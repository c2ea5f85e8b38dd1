import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WorkflowTaskGoneError } from "../../../functions/core/errors.js";
import { registerStageWait } from "../../../functions/core/use-cases/delivery.js";
import { canonicalJson, requestHash } from "../../../functions/http/idempotency.js";
import { createHarness, fillAssessment, type Harness, newCycleBody } from "./harness.js";

describe("Idempotency-Key", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.cleanup());

  const create = (
    key: string,
    body: unknown = newCycleBody(),
    as: "coordinator" | "mexico" = "coordinator",
  ) => h.call("POST", "/cycles", { as, body, headers: { "Idempotency-Key": key } });

  it("replays the first answer to a retry with the same key and body, and the effect happens once", async () => {
    const first = await create("create-nap-2026");
    const retry = await create("create-nap-2026");

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const cycleId = String(first.body.id);
    const trail = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "coordinator" });
    expect((trail.body.items as { action: string }[]).map((e) => e.action)).toEqual(["cycle.created"]);
    const list = await h.call("GET", "/cycles", { as: "coordinator" });
    expect(list.body.items).toHaveLength(1);
    expect(h.workflow.starts).toHaveLength(1);
  });

  it("answers 409 idempotency_key_in_use to a twin that lost the race between its lookup and its commit", async () => {
    const winner = await create("twins");
    // The twin looked before the winner committed: its lookup found nothing, its commit finds the key in use.
    const lookup = h.store.getIdempotency.bind(h.store);
    let lookups = 0;
    h.store.getIdempotency = (...args) => (lookups++ === 0 ? Promise.resolve(undefined) : lookup(...args));

    const twin = await create("twins");

    expect(twin.status).toBe(409);
    expect(twin.body.code).toBe("idempotency_key_in_use");
    expect(twin.body.message).toContain("retry this request with the same key to read its answer");
    expect(h.store.commits).toHaveLength(1);
    expect(h.workflow.starts).toHaveLength(1);
    // Retried as the message says, the twin reads the winner's answer.
    const retry = await create("twins");
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(winner.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 409 idempotency_key_in_use, not already_decided, to a twin decision that ran after the winner", async () => {
    const cycleId = String((await create("cycle-for-twins")).body.id);
    await fillAssessment(h, cycleId);
    await h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, { as: "coordinator", body: {} });
    const decide = () =>
      h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
        as: "justice",
        body: { decision: "approve" },
        headers: { "Idempotency-Key": "justice-twins" },
      });
    const winner = await decide();
    // The twin's lookup raced the winner's commit; its use case then finds the ministry already decided.
    const lookup = h.store.getIdempotency.bind(h.store);
    let lookups = 0;
    h.store.getIdempotency = (...args) => (lookups++ === 0 ? Promise.resolve(undefined) : lookup(...args));

    const twin = await decide();

    expect(winner.status).toBe(200);
    expect(twin.status).toBe(409);
    expect(twin.body.code).toBe("idempotency_key_in_use");
  });

  it("keeps its own answer when the workflow refuses the outcome after the request's own commit", async () => {
    const cycleId = String((await create("cycle-with-gone-token")).body.id);
    await fillAssessment(h, cycleId);
    await registerStageWait(
      h.deps,
      { country: "KEN", cycleId, stage: "assessment" },
      "submission",
      "token-x",
    );
    h.workflow.failNext("sendTaskSuccess", new WorkflowTaskGoneError("TaskTimedOut", "the wait timed out"));
    const submit = () =>
      h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
        as: "coordinator",
        body: {},
        headers: { "Idempotency-Key": "submit-once" },
      });

    const first = await submit();
    const retry = await submit();

    expect(first.status).toBe(409);
    expect(first.body.code).toBe("workflow_task_gone");
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ stage: { state: "submitted" } });
  });

  it("keeps the request's own error when no twin stored an answer", async () => {
    const cycleId = String((await create("cycle-alone")).body.id);
    const res = await h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
      as: "coordinator",
      body: {},
      headers: { "Idempotency-Key": "submit-too-early" },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).not.toMatch(/^idempotency/);
  });

  it("treats the same body with its keys in another order as the same request", async () => {
    const body = newCycleBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    await create("same-body", body);
    const retry = await create("same-body", reordered);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 422 idempotency_key_reused to the same key with another body, changing nothing", async () => {
    await create("create-nap-2026");
    const other = await create("create-nap-2026", newCycleBody({ title: "Another plan" }));
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_reused");
    expect(other.body.message).toContain("Idempotency-Key create-nap-2026");
    expect(h.store.commits).toHaveLength(1);
  });

  it("keeps keys private to their caller: another user's same key is a new request", async () => {
    const ken = await create("shared-key");
    const mex = await create("shared-key", newCycleBody({ title: "Plan nacional" }), "mexico");
    expect(mex.status).toBe(201);
    expect(mex.body.id).not.toBe(ken.body.id);
  });

  it("answers 400 naming the header for a malformed key", async () => {
    for (const key of ["has space", "x".repeat(129), "ünïcode"]) {
      const res = await h.call("POST", "/cycles", {
        as: "coordinator",
        body: newCycleBody(),
        headers: { "Idempotency-Key": key },
      });
      expect(res.status, key).toBe(400);
      expect(res.body.message).toMatch(/^header\.idempotency-key: Idempotency-Key must be 1-128 characters/);
    }
  });

  it("replays a decision to a retry instead of answering already_decided", async () => {
    const cycleId = String((await create("cycle")).body.id);
    await fillAssessment(h, cycleId);
    await h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, { as: "coordinator", body: {} });
    const decide = () =>
      h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
        as: "justice",
        body: { decision: "approve" },
        headers: { "Idempotency-Key": "justice-approves-round-1" },
      });
    const first = await decide();
    const retry = await decide();
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const trail = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "justice" });
    const decisions = (trail.body.items as { action: string }[]).filter(
      (e) => e.action === "stage.decision_recorded",
    );
    expect(decisions).toHaveLength(1);
  });
});

describe("the request hash", () => {
  it("is the same whatever the key order, at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});
