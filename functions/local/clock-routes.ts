import { createRoute, z } from "@hono/zod-openapi";
import { RuleViolationError } from "../core/errors.js";
import { authErrors, errors, json, jsonBody, newRouter, secured } from "../http/router.js";
import type { ControllableClock } from "./controllable-clock.js";

// The controllable clock over HTTP, for tests and demos on the local stack. Mounted by local-stack.ts only (never
// by createApp), so no Lambda has these routes. Any authenticated persona may move time: locally everyone is a
// developer or a trainer.

const TEN_YEARS_DAYS = 3_660;

const ClockView = z
  .strictObject({
    now: z.iso.datetime(),
    /** How far ahead of real time the clock runs. */
    offsetSeconds: z.number(),
  })
  .openapi("LocalClock");

const AdvanceInput = z
  .strictObject({
    days: z.int().min(0).max(TEN_YEARS_DAYS).optional(),
    hours: z
      .int()
      .min(0)
      .max(TEN_YEARS_DAYS * 24)
      .optional(),
    seconds: z
      .int()
      .min(0)
      .max(TEN_YEARS_DAYS * 86_400)
      .optional(),
  })
  .refine((b) => (b.days ?? 0) + (b.hours ?? 0) + (b.seconds ?? 0) > 0, {
    error: "advance by at least one of days, hours or seconds",
    path: ["days"],
  })
  .openapi("AdvanceClockInput");

const SetInput = z
  .strictObject({ at: z.iso.datetime({ offset: true }).openapi({ example: "2027-04-01T00:00:00Z" }) })
  .openapi("SetClockInput");

const view = (clock: ControllableClock) => ({
  now: clock.now().toISOString(),
  offsetSeconds: Math.round(clock.offsetMs / 1000),
});

const get = createRoute({
  method: "get",
  path: "/clock",
  tags: ["local"],
  summary: "Local runtime only: the controllable clock's time",
  security: secured,
  responses: { 200: json(ClockView, "The clock"), ...authErrors },
});

const advance = createRoute({
  method: "post",
  path: "/clock/advance",
  tags: ["local"],
  summary: "Local runtime only: moves time forward; due Wait states and deadlines fire",
  security: secured,
  request: { body: jsonBody(AdvanceInput) },
  responses: { 200: json(ClockView, "The clock after the move"), 400: errors[400], ...authErrors },
});

const set = createRoute({
  method: "post",
  path: "/clock/set",
  tags: ["local"],
  summary: "Local runtime only: moves time forward to an instant (never back)",
  security: secured,
  request: { body: jsonBody(SetInput) },
  responses: {
    200: json(ClockView, "The clock after the move"),
    400: errors[400],
    422: errors[422],
    ...authErrors,
  },
});

export function clockRoutes(clock: ControllableClock) {
  return newRouter()
    .openapi(get, (c) => c.json(view(clock), 200))
    .openapi(advance, (c) => {
      const { days = 0, hours = 0, seconds = 0 } = c.req.valid("json");
      clock.advance(((days * 24 + hours) * 3_600 + seconds) * 1000);
      return c.json(view(clock), 200);
    })
    .openapi(set, (c) => {
      const at = new Date(c.req.valid("json").at);
      if (at.getTime() < clock.now().getTime()) {
        throw new RuleViolationError(
          "clock_backwards",
          `at: ${at.toISOString()} is before the clock's time ${clock.now().toISOString()}; the clock only moves forward`,
          { field: "at", now: clock.now().toISOString() },
        );
      }
      clock.set(at);
      return c.json(view(clock), 200);
    });
}
