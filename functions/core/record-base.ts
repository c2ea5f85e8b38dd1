import { z } from "zod";

/**
 * The fields every cycle-scoped record shares. A record lives in its cycle's partition under `R#<kind>#<id>`, so a
 * kind's records are listed with one query; `id` is unique within its kind and cycle and never contains `#`.
 */
export function recordBase<K extends string>(kind: K) {
  return {
    kind: z.literal(kind),
    id: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[^#]+$/),
    country: z.string().regex(/^[A-Z]{3}$/),
    cycleId: z.string(),
    updatedAt: z.iso.datetime(),
    version: z.int().min(1),
  };
}

/** Zero-padded, so that ids sort in number order as text (`003` before `010`). */
export function pad(n: number, width = 3): string {
  return String(n).padStart(width, "0");
}
