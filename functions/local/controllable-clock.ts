import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { type Clock, MAX_TIMER_MS } from "./local-clock.js";
import { StatesError } from "./states-error.js";

type Sleeper = { at: number; resolve(): void; timer?: NodeJS.Timeout };

/**
 * Time for the local runtime that tests and demos can move forward: real time plus an offset. Every Wait state and
 * callback deadline of the local engine sleeps on it, so advancing the clock past a deadline fires it at once,
 * and otherwise it fires when real time catches up. Local mode only: nothing in AWS can reach it.
 */
export class ControllableClock implements Clock {
  #offsetMs: number;
  readonly #sleepers = new Set<Sleeper>();
  readonly #onChange: ((offsetMs: number) => void) | undefined;

  constructor(options: { offsetMs?: number; onChange?: (offsetMs: number) => void } = {}) {
    this.#offsetMs = Math.max(0, options.offsetMs ?? 0);
    this.#onChange = options.onChange;
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** How far ahead of real time the clock runs. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves the clock forward; every sleeper whose time has come wakes. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the clock only moves forward, not by ${ms} ms`);
    this.#offsetMs += ms;
    this.#onChange?.(this.#offsetMs);
    this.#wake();
    return this.now();
  }

  /** Moves the clock forward to `at`; refuses to move it back, which would make deadlines that fired unfire. */
  set(at: Date): Date {
    const ms = at.getTime() - this.now().getTime();
    if (Number.isNaN(ms)) throw new RangeError("the clock needs a valid date");
    if (ms < 0) throw new RangeError(`the clock only moves forward: ${at.toISOString()} is in its past`);
    return this.advance(ms);
  }

  sleepUntil(at: Date, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        at: at.getTime(),
        resolve: () => {
          this.#forget(sleeper);
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#forget(sleeper);
        reject(new StatesError("LocalEngine.Stopped", "Wait cancelled"));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#sleepers.add(sleeper);
      this.#schedule(sleeper);
    });
  }

  /** Sleepers not woken yet: what the engine is waiting for. */
  get pending(): number {
    return this.#sleepers.size;
  }

  #schedule(sleeper: Sleeper): void {
    clearTimeout(sleeper.timer);
    const remaining = sleeper.at - this.now().getTime();
    if (remaining <= 0) sleeper.resolve();
    // In steps a timer can hold (past 2^31-1 ms Node fires after 1 ms); each step re-reads the clock.
    else sleeper.timer = setTimeout(() => this.#schedule(sleeper), Math.min(remaining, MAX_TIMER_MS));
  }

  #wake(): void {
    for (const sleeper of [...this.#sleepers]) this.#schedule(sleeper);
  }

  #forget(sleeper: Sleeper): void {
    clearTimeout(sleeper.timer);
    this.#sleepers.delete(sleeper);
  }
}

// The offset is kept next to the local data, so that a restart does not send the data's time back to real time.
const CLOCK_FILE = "clock.json";
const Stored = z.strictObject({ offsetMs: z.number().min(0) });

export async function loadClockOffset(stateDir: string): Promise<number> {
  try {
    return Stored.parse(JSON.parse(await readFile(join(stateDir, CLOCK_FILE), "utf8"))).offsetMs;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return 0;
    throw new Error(`${join(stateDir, CLOCK_FILE)} is not a clock offset; delete it to start at real time`, {
      cause: error,
    });
  }
}

export function saveClockOffset(stateDir: string, offsetMs: number): Promise<void> {
  return writeFile(join(stateDir, CLOCK_FILE), `${JSON.stringify({ offsetMs })}\n`);
}
