import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateDevIssuer } from "../../../functions/local/dev-issuer.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../../..");

describe("the local JWT issuer", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ffa-issuer-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("stores its key pair on first use, readable only by its owner, and reuses it afterwards", async () => {
    const first = await loadOrCreateDevIssuer(dir);
    const file = join(dir, "dev-issuer.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, "utf8"));
    expect(Object.keys(stored).sort()).toEqual(["kid", "privateJwk", "publicJwk"]);
    expect(stored.publicJwk.d).toBeUndefined();

    const again = await loadOrCreateDevIssuer(dir);
    expect(again.jwks).toEqual(first.jwks);
    expect(first).toMatchObject({ issuer: "ffa-planner-local", audience: "ffa-planner" });
  });

  it("mints ES256 tokens with Cognito-shaped claims and an 8-hour lifetime by default", async () => {
    const issuer = await loadOrCreateDevIssuer(dir);
    const token = await issuer.mint({ role: "approver", country: "KEN", ministry: "ministry-of-justice" });

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", kid: issuer.jwks.keys[0]?.kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: "ffa-planner-local",
      aud: "ffa-planner",
      sub: "dev-approver-ken-ministry-of-justice",
      "cognito:groups": ["approver"],
      "custom:country": "KEN",
      "custom:ministry": "ministry-of-justice",
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(8 * 60 * 60);
  });
});

describe("npm run token", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "ffa-token-"));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));

  const token = (...args: string[]) =>
    run(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "functions/local/token-cli.ts"), ...args], { cwd });

  it("prints only the token on stdout", async () => {
    const { stdout } = await token("member", "KEN", "national-police");
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(decodeJwt(stdout.trim())).toMatchObject({ "custom:agency": "national-police" });
  }, 20_000);

  it("exits 2 naming what is wrong", async () => {
    const failure = await token("approver", "KEN").catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2, stdout: "" });
    expect("stderr" in failure && failure.stderr).toMatch(
      /^token: an approver needs an org-slug \(the ministry\)/,
    );
  }, 20_000);
});
