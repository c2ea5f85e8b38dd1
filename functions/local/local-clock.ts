import { StatesError } from "./states-error.js";

/** Where time comes from. `sleepUntil` is the seam for a controllable clock; by default real timers follow `now`. */
export interface Clock {
  now(): Date;
  sleepUntil?(at: Date, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => new Date() };

/** The longest delay setTimeout holds: past it Node fires after 1 ms, so a 90-day deadline would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Resolves at `at` by `clock`, through its own `sleepUntil` if it has one; rejects when `signal` aborts. */
export function sleepUntil(clock: Clock, at: Date, signal: AbortSignal): Promise<void> {
  return clock.sleepUntil ? clock.sleepUntil(at, signal) : timersUntil(clock, at, signal);
}

/** Resolves at `at` by `clock`, in steps a setTimeout can hold; rejects when `signal` aborts. */
function timersUntil(clock: Clock, at: Date, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StatesError("LocalEngine.Stopped", "Wait cancelled"));
    };
    const step = () => {
      const remaining = at.getTime() - clock.now().getTime();
      if (remaining <= 0) {
        signal.removeEventListener("abort", onAbort);
        resolve();
      } else timer = setTimeout(step, Math.min(remaining, MAX_TIMER_MS));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    step();
  });
}
