import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { onError } from "../../../functions/http/errors.js";
import { newRouter } from "../../../functions/http/router.js";
import { clockRoutes } from "../../../functions/local/clock-routes.js";
import {
  ControllableClock,
  loadClockOffset,
  saveClockOffset,
} from "../../../functions/local/controllable-clock.js";
import { LocalWorkflowEngine, type TaskHandlers } from "../../../functions/local/local-workflow-engine.js";
import { nextExecution, TASKS, type TaskName } from "../../../workflows/schemas.js";
import { createHarness } from "../http/harness.js";

const DAY_MS = 86_400_000;
const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the controllable clock", () => {
  it("runs with real time, ahead by what it was advanced", async () => {
    const clock = new ControllableClock();
    const before = Date.now();
    clock.advance(90 * DAY_MS);
    const now = clock.now().getTime();
    expect(now - before).toBeGreaterThanOrEqual(90 * DAY_MS);
    expect(now - Date.now()).toBeLessThanOrEqual(90 * DAY_MS + 5);
    await tick(20);
    expect(clock.now().getTime()).toBeGreaterThan(now);
  });

  it("moves to an instant forward, never back", () => {
    const clock = new ControllableClock();
    const target = new Date(Date.now() + 365 * DAY_MS);
    clock.set(target);
    expect(Math.abs(clock.now().getTime() - target.getTime())).toBeLessThan(50);
    expect(() => clock.set(new Date(Date.now()))).toThrow(/only moves forward/);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
  });

  it("wakes a sleeper when an advance jumps past its time, and not before", async () => {
    const clock = new ControllableClock();
    const woke: string[] = [];
    const signal = new AbortController().signal;
    void clock.sleepUntil(new Date(clock.now().getTime() + 30 * DAY_MS), signal).then(() => woke.push("30d"));
    void clock.sleepUntil(new Date(clock.now().getTime() + 60 * DAY_MS), signal).then(() => woke.push("60d"));

    clock.advance(29 * DAY_MS);
    await tick();
    expect(woke).toEqual([]);
    clock.advance(DAY_MS);
    await tick();
    expect(woke).toEqual(["30d"]);
    clock.advance(365 * DAY_MS);
    await tick();
    expect(woke).toEqual(["30d", "60d"]);
    expect(clock.pending).toBe(0);
  });

  it("wakes a sleeper when real time reaches it", async () => {
    const clock = new ControllableClock();
    clock.advance(DAY_MS);
    const started = Date.now();
    await clock.sleepUntil(new Date(clock.now().getTime() + 40), new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("keeps its offset across a restart of the local runtime, through its state folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ffa-clock-"));
    try {
      expect(await loadClockOffset(dir)).toBe(0);
      const saved: number[] = [];
      const clock = new ControllableClock({ onChange: (ms) => saved.push(ms) });
      clock.advance(DAY_MS);
      await saveClockOffset(dir, saved[0] ?? 0);
      const restarted = new ControllableClock({ offsetMs: await loadClockOffset(dir) });
      expect(restarted.offsetMs).toBe(DAY_MS);
      await writeFile(join(dir, "clock.json"), "{ not json");
      await expect(loadClockOffset(dir)).rejects.toThrow(/delete it to start at real time/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a sleeper when its signal aborts, and forgets it", async () => {
    const clock = new ControllableClock();
    const abort = new AbortController();
    const sleeping = clock.sleepUntil(new Date(clock.now().getTime() + DAY_MS), abort.signal);
    abort.abort();
    await expect(sleeping).rejects.toMatchObject({ name: "LocalEngine.Stopped" });
    expect(clock.pending).toBe(0);
  });
});

describe("the local engine on the controllable clock", () => {
  let engine: LocalWorkflowEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
  });

  /** Task handlers that record calls; a period opens in 90 days and its reports are due 30 days after that. */
  function periodTasks(clock: ControllableClock) {
    const calls: { task: TaskName; input: Record<string, unknown> }[] = [];
    const answers: Partial<Record<TaskName, (input: Record<string, unknown>) => unknown>> = {
      planPeriod: () => ({
        opensAt: new Date(clock.now().getTime() + 90 * DAY_MS).toISOString(),
        reportsTimeoutSeconds: 30 * 86_400,
      }),
      remindReports: (input) => ({
        again: false,
        timeoutSeconds: 60,
        reminders: Number(input.reminders) + 1,
      }),
      closePeriod: () => ({
        next: nextExecution({
          country: "KEN",
          cycleId: "cycle0000000001",
          position: { kind: "close" },
          generation: 0,
        }),
      }),
    };
    const tasks = Object.fromEntries(
      TASKS.map((task) => [
        task,
        async (input: unknown) => {
          calls.push({ task, input: input as Record<string, unknown> });
          return answers[task]?.(input as Record<string, unknown>) ?? {};
        },
      ]),
    ) as TaskHandlers;
    const called = (task: TaskName) => calls.filter((c) => c.task === task);
    return { tasks, calls, called };
  }

  async function until(check: () => boolean, what: string) {
    for (let i = 0; i < 100 && !check(); i++) await tick(10);
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  }

  it("fires a Wait state and then a callback deadline when the clock is advanced past them", async () => {
    const clock = new ControllableClock();
    const fake = periodTasks(clock);
    engine = new LocalWorkflowEngine({ tasks: fake.tasks, clock });
    await engine.startExecution(
      nextExecution({
        country: "KEN",
        cycleId: "cycle0000000001",
        position: { kind: "period", index: 0 },
        generation: 0,
      }),
    );
    await until(() => fake.called("planPeriod").length === 1, "planPeriod");
    await tick();
    expect(fake.called("openPeriod")).toEqual([]); // WaitForPeriod holds for 90 days

    clock.advance(90 * DAY_MS);
    await until(() => fake.called("registerWait").length === 1, "the reports wait");
    expect(fake.called("openPeriod")).toHaveLength(1);
    expect(engine.pendingTasks()).toMatchObject([{ state: "AwaitReports" }]);

    clock.advance(29 * DAY_MS);
    await tick();
    expect(fake.called("remindReports")).toEqual([]); // the deadline is 30 days out

    clock.advance(DAY_MS);
    await until(() => fake.called("closePeriod").length === 1, "the period to close");
    expect(fake.called("remindReports").map((c) => c.input.reminders)).toEqual([0]);
    expect(engine.pendingTasks()).toEqual([]);
  });
});

describe("the local clock routes", () => {
  function app(clock = new ControllableClock()) {
    const router = newRouter();
    router.use(async (c, next) => {
      c.set("principal", { sub: "trainer", role: "coordinator", country: "KEN" });
      await next();
    });
    router.route("/local", clockRoutes(clock));
    router.onError(onError({ error: () => {} }));
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await router.request(path, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    return { clock, call };
  }

  it("shows the clock and advances it by days, hours and seconds", async () => {
    const { clock, call } = app();
    expect((await call("GET", "/local/clock")).body).toMatchObject({ offsetSeconds: 0 });
    const res = await call("POST", "/local/clock/advance", { days: 1, hours: 2, seconds: 3 });
    expect(res.status).toBe(200);
    expect(res.body.offsetSeconds).toBe(86_400 + 7_200 + 3);
    expect(clock.offsetMs).toBe((86_400 + 7_200 + 3) * 1000);
  });

  it("answers 400 naming the field for a negative, too large or empty advance", async () => {
    const { call } = app();
    expect((await call("POST", "/local/clock/advance", { days: -1 })).body.message).toMatch(/^body\.days: /);
    expect((await call("POST", "/local/clock/advance", { days: 100_000 })).status).toBe(400);
    expect((await call("POST", "/local/clock/advance", {})).body.message).toBe(
      "body.days: advance by at least one of days, hours or seconds",
    );
    expect((await call("POST", "/local/clock/advance", { weeks: 2, days: 14 })).body.message).toBe(
      "body.weeks: is not a known field",
    );
  });

  it("is not part of the app Lambda serves", async () => {
    const h = await createHarness();
    try {
      expect((await h.call("GET", "/local/clock", { as: "coordinator" })).status).toBe(404);
      expect(
        (await h.call("POST", "/local/clock/advance", { as: "coordinator", body: { days: 1 } })).status,
      ).toBe(404);
    } finally {
      await h.cleanup();
    }
  });

  it("sets the clock forward to an instant, and answers 422 to an instant in its past", async () => {
    const { clock, call } = app();
    const at = new Date(Date.now() + 200 * DAY_MS).toISOString();
    expect((await call("POST", "/local/clock/set", { at })).status).toBe(200);
    expect(Math.abs(clock.now().getTime() - Date.parse(at))).toBeLessThan(100);
    const back = await call("POST", "/local/clock/set", { at: new Date().toISOString() });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe("clock_backwards");
  });
});
