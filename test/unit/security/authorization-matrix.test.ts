import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RecordKind } from "../../../functions/core/records.js";
import type { Persona } from "../../../functions/local/dev-issuer.js";
import { checkCell, errorShapeProblems, requestFor } from "./matrix.js";
import { ROUTE_TABLE } from "./route-table.js";
import { documentedRoutes } from "./routes.js";
import { buildWorld, KEN, ROLES, TENANTS, type World } from "./world.js";
import { activityBody, indicatorBody } from "./world-steps.js";

// Every route of the OpenAPI document x every role x own country / another country, against a world with Kenyan
// cycles at every phase and a Mexican twin. See route-table.ts for what each cell must answer and why.

// Each test sends from dozens to hundreds of requests in-process: more than the default 5 s on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const { routes } = await documentedRoutes();

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world.cleanup());

describe("the authorization matrix", () => {
  it("classifies every route of the OpenAPI document, and nothing else", () => {
    const documented = routes.map((r) => r.key).sort();
    const unclassified = documented.filter((key) => !(key in ROUTE_TABLE));
    const stale = Object.keys(ROUTE_TABLE).filter((key) => !documented.includes(key));
    expect(unclassified, "routes with no entry in ROUTE_TABLE").toEqual([]);
    expect(stale, "ROUTE_TABLE entries for routes the API no longer has").toEqual([]);
  });

  it("has an example body for every route that takes one", () => {
    const missing = routes.filter((r) => r.body && !ROUTE_TABLE[r.key]?.body).map((r) => r.key);
    expect(missing).toEqual([]);
  });

  describe.each(routes.map((route) => [route.key, route] as const))("%s", (_key, route) => {
    it("answers every role in its own country and in another as the table says", async () => {
      const problems: string[] = [];
      for (const role of ROLES) {
        for (const tenant of TENANTS) problems.push(...(await checkCell(world, { route, role, tenant })));
      }
      expect(problems).toEqual([]);
    });
  });
});

describe("what a member may do only for its own agency, and an approver only for a signing ministry", () => {
  /** Sends as a Kenyan persona against the shared world, and checks that nothing was written. */
  async function refused(who: Persona, method: string, path: string, body?: unknown) {
    const before = world.shared.store.commits.length;
    const res = await world.shared.call(method, path, {
      token: await world.token(who),
      ...(body === undefined ? {} : { body }),
    });
    expect(world.shared.store.commits.length, `${method} ${path} changed the store`).toBe(before);
    expect(res.body.code, res.text).toBe("forbidden");
    return res;
  }
  const version = async (kind: RecordKind, id: string) =>
    (await world.shared.store.getRecord("KEN", world.ken.cycles.planning, kind, id))?.version ?? 0;

  it("answers 403 to a member changing another agency's answer, alone or in a bulk request", async () => {
    const { cycles, measures } = world.ken;
    const entry = await world.shared.store.getEntry("KEN", cycles.assessing, measures.otherMember);
    const answer = { status: "partial", severity: 1, evidence: "Overwritten by the police" };
    const expectedVersion = entry?.version;
    const one = await refused(
      KEN.member,
      "PUT",
      `/cycles/${cycles.assessing}/assessment/entries/${measures.otherMember}`,
      {
        answer,
        expectedVersion,
      },
    );
    expect(one.status).toBe(403);
    expect(one.body.message).toContain("is answered by ministry-of-labour, not by your agency");
    const bulk = await refused(KEN.member, "POST", `/cycles/${cycles.assessing}/assessment/bulk`, {
      entries: [
        { measureId: measures.member, answer, expectedVersion: 1 },
        { measureId: measures.otherMember, answer, expectedVersion },
      ],
    });
    expect(bulk.status).toBe(403);
    expect(bulk.body.message).toContain("entries[1]");
    const claim = await refused(
      KEN.member,
      "PUT",
      `/cycles/${cycles.assessing}/assessment/entries/${measures.member}`,
      {
        answer: { ...answer, agency: "ministry-of-labour" },
        expectedVersion: 1,
      },
    );
    expect(claim.body.message).toBe("agency: a member answers only for their own agency");
  });

  it("answers 403 to a member editing another agency's activity, its indicator, or an objective's", async () => {
    const { cycles, plan } = world.ken;
    const base = `/cycles/${cycles.planning}/plan`;
    const activity = {
      ...activityBody(plan.objective),
      leadAgency: "ministry-of-justice",
      expectedVersion: await version("activity", plan.otherActivity),
    };
    expect(
      (await refused(KEN.member, "PUT", `${base}/activities/${plan.otherActivity}`, activity)).status,
    ).toBe(403);
    const removal = `${base}/activities/${plan.otherActivity}?expectedVersion=${activity.expectedVersion}`;
    expect((await refused(KEN.member, "DELETE", removal)).status).toBe(403);
    const foreignLead = { ...activityBody(plan.objective), leadAgency: "ministry-of-labour" };
    expect((await refused(KEN.member, "POST", `${base}/activities`, foreignLead)).status).toBe(403);
    const takeOver = { ...activityBody(plan.objective), expectedVersion: activity.expectedVersion };
    expect(
      (await refused(KEN.member, "PUT", `${base}/activities/${plan.otherActivity}`, takeOver)).status,
    ).toBe(403);

    expect(
      (await refused(KEN.member, "POST", `${base}/indicators`, indicatorBody(plan.otherActivity))).status,
    ).toBe(403);
    for (const id of [plan.otherIndicator, plan.objectiveIndicator]) {
      const indicator = await world.shared.store.getRecord("KEN", cycles.planning, "indicator", id);
      const body = {
        ...indicatorBody(plan.memberActivity),
        ...(indicator ? { attachedTo: indicator.attachedTo } : {}),
      };
      const res = await refused(KEN.member, "PUT", `${base}/indicators/${id}`, {
        ...body,
        expectedVersion: indicator?.version,
      });
      expect(res.status).toBe(403);
    }
  });

  it("answers 403 to a member reporting for another agency", async () => {
    const { cycles, monitored } = world.ken;
    const res = await refused(KEN.member, "POST", `/cycles/${cycles.monitoring}/periods/0/reports`, {
      agency: "ministry-of-labour",
      activities: [{ activityId: monitored.activity, status: "on_track", percentComplete: 10, spend: 0 }],
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("agency: a member reports only for their own agency");
  });

  it("answers 403 to an approver whose ministry does not sign the stage", async () => {
    const res = await refused(
      KEN.strangerApprover,
      "POST",
      `/cycles/${world.ken.cycles.submitted}/stages/assessment/decisions`,
      { decision: "approve" },
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toContain("ministry-of-health is not among the ministries that sign");
  });
});

describe("a request without a valid token", () => {
  /** Tokens that must not get anyone in: expired, signed by another key, altered, unsigned, or not a JWT at all. */
  async function badTokens(): Promise<{ name: string; token: string; code: string }[]> {
    const good = await world.token(KEN.coordinator);
    const [header = "", payload = "", signature = ""] = good.split(".");
    const claims = decodeJwt(good);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ ...decodeProtectedHeader(good), alg: "ES256" })
      .sign(privateKey);
    return [
      { name: "expired", token: await world.token(KEN.coordinator, -60), code: "token_expired" },
      { name: "signed by another key", token: forged, code: "invalid_token" },
      {
        name: "claims altered after signing",
        token: `${header}.${b64({ ...claims, "cognito:groups": ["admin"] })}.${signature}`,
        code: "invalid_token",
      },
      {
        name: "unsigned (alg none)",
        token: `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
        code: "invalid_token",
      },
      { name: "not a JWT", token: "not-a-token", code: "invalid_token" },
    ];
  }

  it("answers 401 on every route but the public ones, naming what is wrong, and changes nothing", async () => {
    const tokens = await badTokens();
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.secured)) {
      const request = await requestFor(world, world.shared, { route, role: "coordinator", tenant: "own" });
      for (const { name, token, code } of tokens) {
        const before = world.shared.store.commits.length;
        const res = await world.shared.call(request.method, request.path, {
          token,
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        const where = `${route.key} with a token ${name}`;
        if (res.status !== 401 || res.body.code !== code)
          problems.push(`${where}: ${res.status} ${res.text}`);
        if (!res.headers.get("www-authenticate")?.startsWith("Bearer"))
          problems.push(`${where}: no challenge`);
        problems.push(...errorShapeProblems(res).map((p) => `${where}: ${p}`));
        if (world.shared.store.commits.length !== before) problems.push(`${where}: changed the store`);
      }
    }
    expect(problems).toEqual([]);
  });
});
