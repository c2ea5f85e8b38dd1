import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkCsrf,
  csrfTokenOf,
  SESSION_COOKIE,
  sessionVerifier,
} from "../../../functions/http/pages/session.js";
import { safeNext } from "../../../functions/http/pages/sign-in.js";
import { loadOrCreateDevIssuer } from "../../../functions/local/dev-issuer.js";
import { newCycleBody } from "../http/harness.js";
import { createPageHarness, ORIGIN, type PageHarness } from "./page-harness.js";

describe("sessions and CSRF protection", () => {
  let h: PageHarness;
  let cycleId: string;
  let foreignDir: string;

  beforeAll(async () => {
    h = await createPageHarness();
    foreignDir = await mkdtemp(join(tmpdir(), "ffa-foreign-issuer-"));
    const created = await h.api("POST", "/cycles", "coordinator", newCycleBody());
    cycleId = (created.body as { id: string }).id;
  });
  afterAll(async () => {
    await h.cleanup();
    await rm(foreignDir, { recursive: true, force: true });
  });

  it("derives a different CSRF token for every session and accepts only the session's own", async () => {
    const a = await h.token("coordinator");
    const b = await h.token("police");
    expect(csrfTokenOf(a)).not.toBe(csrfTokenOf(b));
    expect(checkCsrf(a, csrfTokenOf(a))).toBe(true);
    expect(checkCsrf(a, csrfTokenOf(b))).toBe(false);
    expect(checkCsrf(a, "")).toBe(false);
    expect(checkCsrf(a, undefined)).toBe(false);
    expect(checkCsrf(a, ["a", "b"])).toBe(false);
  });

  it("verifies a session token with the issuer's key and maps it to the same principal as the API", async () => {
    const verify = sessionVerifier({ mode: "local", issuer: h.issuer });
    const ok = await verify(await h.token("justice"));
    expect(ok?.principal).toMatchObject({
      role: "approver",
      country: "KEN",
      ministry: "ministry-of-justice",
    });
    // Another issuer's key, an expired token and garbage are all "no session".
    const foreign = await loadOrCreateDevIssuer(foreignDir);
    await expect(
      verify(await foreign.mint({ role: "coordinator", country: "KEN" })),
    ).resolves.toBeUndefined();
    await expect(
      verify(await h.issuer.mint({ role: "coordinator", country: "KEN" }, -60)),
    ).resolves.toBeUndefined();
    await expect(verify("not-a-token")).resolves.toBeUndefined();
    // A token that names no valid principal (a member without an agency) is no session either.
    await expect(verify(await h.issuer.mint({ role: "member", country: "KEN" }))).resolves.toBeUndefined();
  });

  it("sends a visitor without a valid session to the sign-in page and back to where they were going", async () => {
    const anonymous = await h.get(`/app/cycles/${cycleId}/audit`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(`/sign-in?next=${encodeURIComponent(`/app/cycles/${cycleId}/audit`)}`);
    const tampered = await h.get("/app", undefined, {
      Cookie: `${SESSION_COOKIE}=${(await h.token("coordinator")).slice(0, -4)}AAAA`,
    });
    expect(tampered.status).toBe(303);
    const signedIn = await h.get("/app", "coordinator");
    expect(signedIn.status).toBe(200);
  });

  it("sets an http-only, SameSite=Lax session cookie at sign-in, Secure over https", async () => {
    const res = await h.post("/sign-in", { preset: "coordinator-ken", next: `/app/cycles/${cycleId}` });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/app/cycles/${cycleId}`);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=ey`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    // Plain http on localhost: not Secure (browsers other than Chromium would drop it).
    expect(cookie).not.toContain("Secure");

    const overHttps = await h.post("https://planner.example.org/sign-in", { preset: "coordinator-ken" });
    expect(overHttps.status).toBe(303);
    expect(overHttps.headers.get("set-cookie") ?? "").toContain("Secure");
  });

  it("never sends people elsewhere after sign-in", () => {
    expect(safeNext("//evil.example/app")).toBe("/app");
    expect(safeNext("https://evil.example/app")).toBe("/app");
    expect(safeNext("/docs")).toBe("/app");
    expect(safeNext("/app/cycles/X")).toBe("/app/cycles/X");
  });

  it("refuses a form post without the session's CSRF token, and changes nothing", async () => {
    const path = `/app/cycles/${cycleId}/assessment/TIP.PROS.1.1`;
    const answer = { status: "in_place", severity: "0", evidence: "x", source: "", expectedVersion: "" };
    const missing = await h.post(path, { ...answer, _csrf: "" }, "coordinator");
    expect(missing.status).toBe(403);
    expect(missing.html).toContain("did not come from FFA Planner");
    const stolen = await h.post(
      path,
      { ...answer, _csrf: csrfTokenOf(await h.token("police")) },
      "coordinator",
    );
    expect(stolen.status).toBe(403);
    const entries = await h.api("GET", `/cycles/${cycleId}/assessment?status=in_place`, "coordinator");
    expect((entries.body as { items: unknown[] }).items).toEqual([]);
  });

  it("refuses a cross-site form post even with the right token (Origin check)", async () => {
    const path = `/app/cycles/${cycleId}/assessment/TIP.PROS.1.1`;
    const res = await h.post(
      path,
      { status: "in_place", severity: "0", evidence: "x", source: "", expectedVersion: "" },
      "coordinator",
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    );
    expect(res.status).toBe(403);
    const ok = await h.post(
      path,
      { status: "in_place", severity: "0", evidence: "x", source: "", expectedVersion: "" },
      "coordinator",
    );
    expect(ok.status).toBe(303);
  });

  it("signs out only with the form token, and clears the cookie", async () => {
    const refused = await h.post("/sign-out", { _csrf: "forged" }, "coordinator");
    expect(refused.status).toBe(403);
    const res = await h.post("/sign-out", {}, "coordinator");
    expect(res.status).toBe(303);
    expect(res.location).toBe("/sign-in?signed_out=1");
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0`));
  });

  it("serves pages under their own content security policy, and leaves the API's as it was", async () => {
    const page = await h.get("/app", "coordinator");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const api = await h.api("GET", "/cycles", "coordinator");
    expect(api.status).toBe(200);
    const apiRes = await fetchHeaders(h, "/health");
    expect(apiRes.get("content-security-policy")).toContain("default-src 'none'");
    expect(ORIGIN).toBe("http://localhost");
  });
});

async function fetchHeaders(h: PageHarness, path: string): Promise<Headers> {
  return (await h.get(path)).headers;
}
