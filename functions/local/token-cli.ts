import { Principal, Role } from "../core/principal.js";
import { loadOrCreateDevIssuer, type Persona } from "./dev-issuer.js";

// `npm run -s token -- <role> [COUNTRY] [org-slug]`: prints only the token on stdout, so that
// `TOKEN=$(npm run -s token -- approver KEN ministry-of-justice)` works; everything else goes to stderr.

const USAGE = `usage: npm run -s token -- <role> [COUNTRY] [org-slug]
  coordinator KEN
  member      KEN <agency>        e.g. member KEN national-police
  approver    KEN <ministry>      e.g. approver KEN ministry-of-justice
  donor       <organisation>      e.g. donor giz (a country is optional: donor DEU giz)
  admin`;

function orgField(role: Role): "agency" | "ministry" | "organisation" | undefined {
  if (role === "member") return "agency";
  if (role === "approver") return "ministry";
  if (role === "donor") return "organisation";
  return undefined;
}
const NEEDS_COUNTRY = new Set<Role>(["coordinator", "member", "approver"]);

class UsageError extends Error {}

const article = (role: Role) => (role === "admin" || role === "approver" ? "an" : "a");

function personaOf(args: readonly string[]): Persona {
  const [roleArg, ...rest] = args;
  if (!roleArg) throw new UsageError("missing role");
  const role = Role.safeParse(roleArg);
  if (!role.success)
    throw new UsageError(`unknown role "${roleArg}" (expected one of ${Role.options.join(", ")})`);
  const persona: Persona = { role: role.data };

  // Country codes are upper case and slugs lower case, so a donor's optional country cannot be mistaken for an org.
  if (rest[0] !== undefined && (NEEDS_COUNTRY.has(role.data) || /^[A-Z]{3}$/.test(rest[0]))) {
    const country = rest.shift() ?? "";
    if (!/^[A-Z]{3}$/.test(country)) {
      throw new UsageError(`bad country code "${country}": expected three capital letters like KEN`);
    }
    persona.country = country;
  } else if (NEEDS_COUNTRY.has(role.data)) {
    throw new UsageError(`${article(role.data)} ${role.data} needs a COUNTRY, e.g. ${role.data} KEN`);
  }

  const field = orgField(role.data);
  const org = rest.shift();
  if (field && !org)
    throw new UsageError(`${article(role.data)} ${role.data} needs an org-slug (the ${field})`);
  if (field && org) persona[field] = org;
  else if (org) throw new UsageError(`${article(role.data)} ${role.data} takes no org-slug, got "${org}"`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);

  const check = Principal.safeParse({ sub: "check", ...persona });
  if (!check.success) {
    const issue = check.error.issues[0];
    const name = String(issue?.path[0] ?? "argument");
    throw new UsageError(`${name === field ? "org-slug" : name}: ${issue?.message ?? "invalid"}`);
  }
  return persona;
}

async function main(): Promise<void> {
  try {
    const persona = personaOf(process.argv.slice(2));
    const issuer = await loadOrCreateDevIssuer(process.env.FFA_STATE_DIR ?? ".local");
    process.stdout.write(`${await issuer.mint(persona)}\n`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  }
}

await main();
