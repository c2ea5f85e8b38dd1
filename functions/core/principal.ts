import { z } from "zod";

export const Role = z.enum(["coordinator", "member", "approver", "donor", "admin"]);
export type Role = z.infer<typeof Role>;

/** Lower-case slug naming an agency, ministry or donor organisation, e.g. `ministry-of-justice`. */
export const OrgSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, {
  error: "must be a lower-case slug like ministry-of-justice",
});
export type OrgSlug = z.infer<typeof OrgSlug>;

/**
 * Who is calling, as established by authentication. `country` is the tenant: coordinators, members and approvers
 * belong to exactly one; donors and admins act across countries (donors only on what was shared with them).
 */
export const Principal = z
  .strictObject({
    sub: z.string().min(1).max(128),
    name: z.string().max(200).optional(),
    role: Role,
    country: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    agency: OrgSlug.optional(),
    ministry: OrgSlug.optional(),
    organisation: OrgSlug.optional(),
  })
  .superRefine((p, ctx) => {
    const needsCountry = p.role === "coordinator" || p.role === "member" || p.role === "approver";
    if (needsCountry && !p.country)
      ctx.addIssue({ code: "custom", path: ["country"], message: `a ${p.role} needs a country` });
    if (p.role === "member" && !p.agency)
      ctx.addIssue({ code: "custom", path: ["agency"], message: "a member needs an agency" });
    if (p.role === "approver" && !p.ministry)
      ctx.addIssue({ code: "custom", path: ["ministry"], message: "an approver needs a ministry" });
    if (p.role === "donor" && !p.organisation)
      ctx.addIssue({ code: "custom", path: ["organisation"], message: "a donor needs an organisation" });
  });
export type Principal = z.infer<typeof Principal>;

/** The actor recorded on audit events: a person, or the workflow acting on the cycle's behalf. */
export const Actor = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("user"),
    sub: z.string(),
    name: z.string().optional(),
    role: Role,
    agency: z.string().optional(),
    ministry: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("workflow"), task: z.string() }),
]);
export type Actor = z.infer<typeof Actor>;

export function actorOf(p: Principal): Actor {
  return {
    type: "user",
    sub: p.sub,
    role: p.role,
    ...(p.name ? { name: p.name } : {}),
    ...(p.agency ? { agency: p.agency } : {}),
    ...(p.ministry ? { ministry: p.ministry } : {}),
  };
}

export function workflowActor(task: string): Actor {
  return { type: "workflow", task };
}
