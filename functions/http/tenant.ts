import { z } from "@hono/zod-openapi";
import { NotFoundError, ValidationError } from "../core/errors.js";
import type { Store } from "../core/ports.js";
import type { Principal } from "../core/principal.js";

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: "must be an ISO 3166-1 alpha-3 code like KEN" })
  .openapi({ example: "KEN" });

/** The query every tenant-scoped route accepts: only an admin's `country` counts. */
export const TenantQuery = z.strictObject({
  country: CountryCode.optional().openapi({
    description: "Admins only: the country to act in. Ignored for everyone else, who act in their own.",
  }),
});

/**
 * The country a request about a cycle acts in. Coordinators, members and approvers act in their own (a `country`
 * query parameter cannot move them); admins name one; donors act in the country of a cycle shared with their
 * organisation, and any other cycle id answers 404 for them. A cycle id of another country is looked up under the
 * caller's own country, so it answers 404 and reveals nothing.
 */
export async function cycleTenant(
  store: Pick<Store, "listSharedCycles">,
  principal: Principal,
  requested: string | undefined,
  cycleId: string,
): Promise<string> {
  switch (principal.role) {
    case "admin":
      if (!requested) {
        throw new ValidationError("country: an admin names the country to act in (?country=KEN)", {
          field: "country",
        });
      }
      return requested;
    case "donor": {
      const shared = principal.organisation ? await store.listSharedCycles(principal.organisation) : [];
      const found = shared.find((ref) => ref.cycleId === cycleId);
      if (!found) throw new NotFoundError(`cycle ${cycleId} was not found`);
      return found.country;
    }
    default:
      if (!principal.country) throw new NotFoundError(`cycle ${cycleId} was not found`);
      return principal.country;
  }
}
