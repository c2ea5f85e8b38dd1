import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Changeset } from "../../../functions/core/ports.js";
import { type Authenticator, createJwtAuthenticator } from "../../../functions/http/auth.js";
import { loadOrCreateDevIssuer, type Persona } from "../../../functions/local/dev-issuer.js";
import { MemoryStore } from "../../support/memory-store.js";
import { type Api, apiOver, replay } from "./api.js";
import { buildCountry, type CountryPeople, type TenantWorld } from "./world-steps.js";

// The world the security tests run against: Kenya with a cycle at every phase a route can act on (assessment in
// draft, submitted, priorities, action plan, monitoring, closed), shared with the donor GIZ; and Mexico, built the
// same way, shared with another donor, whose titles, names and ids must never reach a Kenyan caller.

export const ROLES = [
  "coordinator",
  "member",
  "approver",
  "donor",
  "donorUnshared",
  "admin",
  "anonymous",
] as const;
export type Role = (typeof ROLES)[number];

export const TENANTS = ["own", "other"] as const;
export type Tenant = (typeof TENANTS)[number];

const people = (country: "KEN" | "MEX", name: string): CountryPeople => ({
  coordinator: { role: "coordinator", country, name },
  member: { role: "member", country, agency: "national-police" },
  otherMember: { role: "member", country, agency: "ministry-of-labour" },
  approver: { role: "approver", country, ministry: "ministry-of-justice" },
  secondApprover: { role: "approver", country, ministry: "ministry-of-interior" },
  strangerApprover: { role: "approver", country, ministry: "ministry-of-health" },
});

export const KEN = people("KEN", "Amina Otieno");
export const MEX = people("MEX", "Lucía Hernández");

/** The personas of the matrix: Kenya's government roles, two donors and the platform admin. */
export const MATRIX_PERSONAS: Record<Exclude<Role, "anonymous">, Persona> = {
  coordinator: KEN.coordinator,
  member: KEN.member,
  approver: KEN.approver,
  donor: { role: "donor", organisation: "giz" },
  donorUnshared: { role: "donor", organisation: "undp" },
  admin: { role: "admin", name: "Platform Admin" },
};

export type World = {
  ken: TenantWorld;
  mex: TenantWorld;
  /** Every commit that built the world, to copy it into a fresh store. */
  commits: readonly Changeset[];
  token(persona: Persona, ttlSeconds?: number): Promise<string>;
  /** Verifies the tokens `token` mints, for apps built around the world's. */
  authenticate: Authenticator;
  /** The world as built, for requests that change nothing. */
  shared: Api;
  /** A private copy of the world, for a request that may change it. */
  fork(): Promise<Api>;
  /** What a Kenyan caller must never read: Mexico's titles, people and ids. */
  foreignSecrets: readonly string[];
  cleanup(): Promise<void>;
};

export async function buildWorld(): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), "ffa-security-"));
  const issuer = await loadOrCreateDevIssuer(dir);
  const authenticate = createJwtAuthenticator(issuer);
  const tokens = new Map<string, string>();
  const token = async (persona: Persona, ttlSeconds?: number) => {
    if (ttlSeconds !== undefined) return issuer.mint(persona, ttlSeconds);
    const key = JSON.stringify(persona);
    let t = tokens.get(key);
    if (!t) {
      t = await issuer.mint(persona);
      tokens.set(key, t);
    }
    return t;
  };

  const store = new MemoryStore();
  const api = apiOver(store, authenticate);
  const ken = await buildCountry(api, token, {
    country: "KEN",
    people: KEN,
    title: "National Action Plan against Trafficking in Persons 2026-2030",
    donor: "giz",
  });
  const mex = await buildCountry(api, token, {
    country: "MEX",
    people: MEX,
    title: "Programa Nacional contra la Trata de Personas 2026-2030",
    donor: "usaid",
  });

  const commits = structuredClone(store.commits);
  const clockAtEnd = api.clock();
  return {
    ken,
    mex,
    commits,
    token,
    authenticate,
    shared: api,
    fork: async () => apiOver(await replay(commits), authenticate, clockAtEnd),
    foreignSecrets: [
      ...Object.values(mex.cycles),
      ...mex.titles,
      ...Object.values(mex.plan),
      ...Object.values(mex.monitored),
      MEX.coordinator.name ?? "",
      "dev-coordinator-mex",
      "dev-member-mex",
      "dev-approver-mex",
      "usaid",
    ].filter(Boolean),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
