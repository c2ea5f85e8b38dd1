import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingWorkflow } from "../../support/recording-workflow.js";
import { fillAssessment, newCycleBody, type Reply } from "../../unit/http/harness.js";
import { createDynamoApp, type DynamoApp, gate } from "./dynamo-app.js";

// Idempotency-Key through the HTTP app on DynamoDB Local, where the record is a conditional put in the transaction
// of the effect. The in-memory cases (key order, scope per caller, malformed keys) are in
// test/unit/http/idempotency.test.ts.
describe("Idempotency-Key over DynamoDB", () => {
  let app: DynamoApp;
  const workflow = new RecordingWorkflow();
  /** Set while a race runs: holds each twin after its lookup until all twins have looked. */
  let hold: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    app = await createDynamoApp({
      workflow,
      wrap: (store) => ({
        ...store,
        async getIdempotency(...args) {
          const record = await store.getIdempotency(...args);
          await hold?.();
          return record;
        },
      }),
    });
  });
  afterAll(() => app.close());

  const create = (key: string, body: unknown = newCycleBody()) =>
    app.call("POST", "/cycles", { as: "coordinator", body, headers: { "Idempotency-Key": key } });

  async function trailOf(cycleId: string): Promise<string[]> {
    const res = await app.call("GET", `/cycles/${cycleId}/audit`, { as: "coordinator" });
    return (res.body.items as { action: string }[]).map((e) => e.action);
  }

  async function cyclesTitled(title: string): Promise<number> {
    const list = await app.call("GET", "/cycles?limit=100", { as: "coordinator" });
    return (list.body.items as { title: string }[]).filter((c) => c.title === title).length;
  }

  it("answers a retry with the same key and body with the same status and body, and the effect happens once", async () => {
    const body = newCycleBody({ title: "Retried plan" });
    const first = await create("retried-plan", body);
    const retry = await create("retried-plan", body);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await cyclesTitled("Retried plan")).toBe(1);
    expect(await trailOf(String(first.body.id))).toEqual(["cycle.created"]);
    expect(workflow.starts.filter((s) => s.input.cycleId === first.body.id)).toHaveLength(1);
  });

  it("answers 422 to the same key with another body, changing nothing", async () => {
    const first = await create("reused-key", newCycleBody({ title: "First use of the key" }));
    const other = await create("reused-key", newCycleBody({ title: "Second use of the key" }));

    expect(first.status).toBe(201);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_reused");
    expect(await cyclesTitled("Second use of the key")).toBe(0);
  });

  it("answers one of two concurrent calls with one key, and the other 409 idempotency_key_in_use", async () => {
    const body = newCycleBody({ title: "Twin plan" });
    // Both look the key up before either commits: the conditional put of the record decides.
    hold = gate(2);
    const twins = await Promise.all([create("twin-plan", body), create("twin-plan", body)]);
    hold = undefined;

    const [won, lost] = [...twins].sort((a, b) => a.status - b.status) as [Reply, Reply];
    expect([won.status, lost.status]).toEqual([201, 409]);
    expect(lost.body.code).toBe("idempotency_key_in_use");
    expect(lost.body.message).toContain("retry this request with the same key to read its answer");
    expect(await cyclesTitled("Twin plan")).toBe(1);
    expect(workflow.starts.filter((s) => s.input.cycleId === won.body.id)).toHaveLength(1);

    const retried = await create("twin-plan", body);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(won.body);
  });

  it("records one decision when ten concurrent calls carry one key; the others answer 409 idempotency_key_in_use", async () => {
    const created = await create("decided-plan", newCycleBody({ title: "Decided plan" }));
    const cycleId = String(created.body.id);
    await fillAssessment(app.http, cycleId);
    expect(
      (await app.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, { as: "coordinator", body: {} }))
        .status,
    ).toBe(200);
    const decide = () =>
      app.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
        as: "justice",
        body: { decision: "approve" },
        headers: { "Idempotency-Key": "justice-approves" },
      });

    hold = gate(10);
    const answers = await Promise.all(Array.from({ length: 10 }, decide));
    hold = undefined;

    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status, a.text).toBe(409);
      expect(a.body.code).toBe("idempotency_key_in_use");
    }
    const stage = await app.inspect.getStage("KEN", cycleId, "assessment");
    expect(stage?.decisions.map((d) => d.ministry)).toEqual(["ministry-of-justice"]);
    expect((await trailOf(cycleId)).filter((a) => a === "stage.decision_recorded")).toHaveLength(1);
    const replay = await decide();
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(answers.find((a) => a.status === 200)?.body);
  });
});
