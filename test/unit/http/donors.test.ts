import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CRITERIA } from "../../../functions/core/priorities/schema.js";
import type { Stage } from "../../../functions/core/stage.js";
import { createTaskHandlers } from "../../../functions/workflow/tasks/index.js";
import { aPeriod } from "../../support/fixtures.js";
import {
  createCycle,
  createHarness,
  fillAssessment,
  type Harness,
  newCycleBody,
  PERSONAS,
  type Reply,
} from "./harness.js";

// Donors follow a cycle shared with their organisation: approved versions and monitoring, comments on periods,
// nothing of the work in progress and nobody's identity.

const RETURN_REASON = "Shelters for child victims are missing from the list";

/** A cycle whose assessment was approved and frozen, whose priorities were returned, with period 0 open. */
async function cycleInPriorities(h: Harness): Promise<string> {
  const cycleId = await createCycle(h);
  await fillAssessment(h, cycleId);
  const submitted = await h.call("POST", `/cycles/${cycleId}/stages/assessment/submit`, {
    as: "coordinator",
    body: {},
  });
  expect(submitted.status).toBe(200);
  for (const who of ["justice", "interior"] as const) {
    const res = await h.call("POST", `/cycles/${cycleId}/stages/assessment/decisions`, {
      as: who,
      body: { decision: "approve" },
    });
    expect(res.status).toBe(200);
  }
  const tasks = createTaskHandlers(h.deps);
  await tasks.closeStage({ country: "KEN", cycleId, stage: "assessment" });
  await tasks.openStage({ country: "KEN", cycleId, stage: "priorities", generation: 0 });
  // The ministry of justice returned the priorities, with a reason and its approver's identity on the decision.
  const stage = await h.store.getStage("KEN", cycleId, "priorities");
  if (!stage) throw new Error("the priorities stage is missing");
  const returned: Stage = {
    ...stage,
    state: "returned",
    round: 1,
    submittedAt: stage.updatedAt,
    submittedBy: "dev-coordinator-ken",
    decisions: [
      {
        round: 1,
        ministry: "ministry-of-justice",
        decision: "return",
        reason: RETURN_REASON,
        by: {
          type: "user",
          sub: "dev-approver-ken-ministry-of-justice",
          name: "Grace Wanjiru",
          role: "approver",
        },
        at: stage.updatedAt,
      },
    ],
    returnReason: RETURN_REASON,
    version: stage.version + 1,
  };
  const period = aPeriod({ country: "KEN", cycleId }, 0, {
    state: "open",
    openedAt: stage.updatedAt,
    expectedAgencies: ["national-police"],
  });
  await h.store.commit({
    writes: [
      { entity: "stage", item: returned, expectedVersion: stage.version },
      { entity: "period", item: period, expectedVersion: null },
    ],
    events: [],
  });
  return cycleId;
}

const share = (h: Harness, cycleId: string, organisation = "giz", headers?: Record<string, string>) =>
  h.call("POST", `/cycles/${cycleId}/shares`, {
    as: "coordinator",
    body: { organisation },
    ...(headers ? { headers } : {}),
  });

/** What no answer to a donor may contain: a person's id or name, a return's reason. */
function expectNoPersonalData(res: Reply, what: string): void {
  for (const hidden of [
    '"sub"',
    "dev-coordinator",
    "dev-approver",
    "dev-member",
    PERSONAS.coordinator.name,
    "Grace Wanjiru",
    "returnReason",
    RETURN_REASON,
  ]) {
    expect(res.text, `${what} shows ${hidden}`).not.toContain(hidden);
  }
}

describe("sharing a cycle with a donor", () => {
  let h: Harness;
  let cycleId: string;
  beforeEach(async () => {
    h = await createHarness();
    cycleId = await createCycle(h);
    return () => h.cleanup();
  });

  it("lets the coordinator share (201, audited) and answers 409 to a second share of the same organisation", async () => {
    const first = await share(h, cycleId);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ organisation: "giz", sharedBy: { role: "coordinator" } });

    const again = await share(h, cycleId);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: "already_shared",
      message: expect.stringMatching(/^organisation: /),
    });

    const trail = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "coordinator" });
    expect(
      (trail.body.items as { action: string }[]).filter((e) => e.action === "cycle.shared"),
    ).toHaveLength(1);
  });

  it("replays a share retried with its Idempotency-Key", async () => {
    const headers = { "Idempotency-Key": "share-giz-1" };
    const first = await share(h, cycleId, "giz", headers);
    const retry = await share(h, cycleId, "giz", headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
  });

  it("is the coordinator's alone: 403 for members, approvers and donors, 404 for another country", async () => {
    for (const who of ["police", "justice", "donor"] as const) {
      const res = await h.call("POST", `/cycles/${cycleId}/shares`, {
        as: who,
        body: { organisation: "giz" },
      });
      expect(res.status, who).toBe(who === "donor" ? 404 : 403);
    }
    const mexico = await h.call("POST", `/cycles/${cycleId}/shares`, {
      as: "mexico",
      body: { organisation: "giz" },
    });
    expect(mexico.status).toBe(404);
  });

  it("answers 400 naming the organisation when it is not a slug", async () => {
    const res = await h.call("POST", `/cycles/${cycleId}/shares`, {
      as: "coordinator",
      body: { organisation: "GIZ Kenya" },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^body\.organisation: /);
  });

  it("lists the shares to government roles only", async () => {
    await share(h, cycleId);
    for (const who of ["coordinator", "police", "justice"] as const) {
      const res = await h.call("GET", `/cycles/${cycleId}/shares`, { as: who });
      expect(res.status, who).toBe(200);
      expect((res.body.items as { organisation: string }[]).map((s) => s.organisation)).toEqual(["giz"]);
    }
    const donor = await h.call("GET", `/cycles/${cycleId}/shares`, { as: "donor" });
    expect(donor.status).toBe(403);
    const mexico = await h.call("GET", `/cycles/${cycleId}/shares`, { as: "mexico" });
    expect(mexico.status).toBe(404);
  });

  it("revokes access at once when unshared: the donor gets 404 with its next request", async () => {
    await share(h, cycleId);
    expect((await h.call("GET", `/cycles/${cycleId}`, { as: "donor" })).status).toBe(200);

    const approver = await h.call("DELETE", `/cycles/${cycleId}/shares/giz`, { as: "justice" });
    expect(approver.status).toBe(403);
    const res = await h.call("DELETE", `/cycles/${cycleId}/shares/giz`, { as: "coordinator" });
    expect(res.status).toBe(204);

    expect((await h.call("GET", `/cycles/${cycleId}`, { as: "donor" })).status).toBe(404);
    expect((await h.call("GET", "/shared/cycles", { as: "donor" })).body.items).toEqual([]);
    const again = await h.call("DELETE", `/cycles/${cycleId}/shares/giz`, { as: "coordinator" });
    expect(again.status).toBe(404);
    const trail = await h.call("GET", `/cycles/${cycleId}/audit`, { as: "coordinator" });
    expect((trail.body.items as { action: string }[]).map((e) => e.action)).toContain("cycle.unshared");
  });

  it("lists a donor's shared cycles across countries, as summaries, a page at a time", async () => {
    await share(h, cycleId);
    const mexId = String(
      (
        await h.call("POST", "/cycles", {
          as: "mexico",
          body: newCycleBody({ title: "Plan nacional 2026-2030" }),
        })
      ).body.id,
    );
    await h.call("POST", `/cycles/${mexId}/shares`, { as: "mexico", body: { organisation: "giz" } });
    // Not shared with giz.
    await createCycle(h, newCycleBody({ title: "Another plan" }));

    const all = await h.call("GET", "/shared/cycles", { as: "donor" });
    expect(all.status).toBe(200);
    const items = all.body.items as Record<string, unknown>[];
    expect(items.map((c) => [c.country, c.id])).toEqual([
      ["KEN", cycleId],
      ["MEX", mexId],
    ]);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(
      ["country", "frameworks", "id", "planPeriod", "position", "reportingCadence", "status", "title"].sort(),
    );
    expectNoPersonalData(all, "GET /shared/cycles");

    const page1 = await h.call("GET", "/shared/cycles?limit=1", { as: "donor" });
    expect((page1.body.items as { id: string }[]).map((c) => c.id)).toEqual([cycleId]);
    const page2 = await h.call("GET", `/shared/cycles?limit=1&cursor=${page1.body.cursor}`, { as: "donor" });
    expect((page2.body.items as { id: string }[]).map((c) => c.id)).toEqual([mexId]);
    expect(page2.body.cursor).toBeUndefined();

    const list = await h.call("GET", "/cycles", { as: "donor" });
    expect(list.body.items).toEqual(items);
    expect((await h.call("GET", "/shared/cycles", { as: "coordinator" })).status).toBe(403);
  });
});

describe("what a donor sees", () => {
  let h: Harness;
  let cycleId: string;
  beforeAll(async () => {
    h = await createHarness();
    cycleId = await cycleInPriorities(h);
    await share(h, cycleId);
    return () => h.cleanup();
  });

  it("reads a shared cycle as the donor view: approved versions only, ministries but no people", async () => {
    const res = await h.call("GET", `/cycles/${cycleId}`, { as: "donor" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: cycleId,
      country: "KEN",
      title: newCycleBody().title,
      position: { kind: "stage", stage: "priorities" },
      stages: [
        {
          stage: "assessment",
          approved: {
            number: 1,
            approvedAt: expect.any(String),
            ministries: ["ministry-of-interior", "ministry-of-justice"],
          },
        },
        { stage: "priorities", approved: null },
        { stage: "action_plan", approved: null },
      ],
    });
    expect(res.body.waitingOn).toBeUndefined();
    expect(res.body.createdBy).toBeUndefined();
    expectNoPersonalData(res, "the donor view");
    // The coordinator still gets the whole picture, the return's reason included.
    const full = await h.call("GET", `/cycles/${cycleId}`, { as: "coordinator" });
    expect(full.text).toContain(RETURN_REASON);
  });

  it("refuses a donor every route that shows work in progress and every write except comments", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const params: Record<string, string> = {
      cycleId,
      stage: "assessment",
      measureId: "TIP.PROS.1.1",
      index: "0",
      organisation: "giz",
      number: "1",
      from: "1",
      to: "1",
      id: "obj-1",
      kind: "assessment",
    };
    const checked: string[] = [];
    let leaks: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const path =
          template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? "x") +
          // Deletions of plan items name the version read in the query.
          (method === "DELETE" && template.includes("/plan/") ? "?expectedVersion=1" : "");
        const route = `${method} ${template}`;
        if (!path.startsWith("/cycles/") && !path.startsWith("/shared/")) continue;
        const body = method === "GET" || method === "DELETE" ? undefined : (WRITE_BODIES[route] ?? {});
        const res = await h.call(method, path, { as: "donor", ...(body === undefined ? {} : { body }) });
        checked.push(route);
        if (DONOR_MAY.has(route)) {
          expect(res.status, `${route}: ${res.text}`).toBeLessThan(500);
          expectNoPersonalData(res, route);
        } else if (res.status !== 403 && res.status !== 404) {
          // A 400 means the body was refused before the role was looked at: add a valid one to WRITE_BODIES.
          leaks = [...leaks, `${route} answered a donor ${res.status}: ${res.text.slice(0, 300)}`];
        }
      }
    }
    expect(leaks).toEqual([]);
    // The check ran over the routes this part added and those it must guard, not over an empty document.
    for (const route of [
      "GET /cycles/{cycleId}/assessment",
      "GET /cycles/{cycleId}/audit",
      "POST /cycles/{cycleId}/shares",
      "POST /cycles/{cycleId}/successor",
      "GET /cycles/{cycleId}/summary",
    ]) {
      expect(checked).toContain(route);
    }
  });
});

/** What a donor of a shared cycle may call; everything else under /cycles answers it 403 or 404. */
const DONOR_MAY = new Set([
  "GET /cycles/{cycleId}",
  "GET /cycles/{cycleId}/stages/{stage}/versions",
  "GET /cycles/{cycleId}/stages/{stage}/versions/{number}",
  "GET /cycles/{cycleId}/stages/{stage}/versions/{from}/diff/{to}",
  "GET /shared/cycles",
  "GET /cycles/{cycleId}/periods/{index}/comments",
  "POST /cycles/{cycleId}/periods/{index}/comments",
  "GET /cycles/{cycleId}/summary",
  // Monitoring, suppressed for donors by the monitoring routes.
  "GET /cycles/{cycleId}/periods",
  "GET /cycles/{cycleId}/periods/{index}",
  "GET /cycles/{cycleId}/monitoring",
  // Exports: approved versions only, small counts suppressed (test/unit/exports).
  "GET /cycles/{cycleId}/exports/plan",
  "GET /cycles/{cycleId}/exports/indicators",
  "GET /cycles/{cycleId}/exports/periods/{index}/report",
  "GET /cycles/{cycleId}/exports/final-report",
  "GET /cycles/{cycleId}/exports/iati",
]);

const objective = { title: "Specialised investigation units", pillar: "PROS" };
const activity = {
  objectiveId: "obj-1",
  title: "Train investigators",
  start: "2026-07-01",
  end: "2027-06-30",
};
const indicator = {
  attachedTo: { kind: "activity", id: "act-1" },
  name: "Victims identified",
  type: "outcome",
  unit: "persons",
  isCount: true,
};

/** Valid bodies for the writes, so that a donor's refusal is the role check and not the body's validation. */
const WRITE_BODIES: Record<string, unknown> = {
  "PUT /cycles/{cycleId}/assessment/entries/{measureId}": { answer: { status: "in_place", severity: 0 } },
  "POST /cycles/{cycleId}/assessment/bulk": {
    entries: [{ measureId: "TIP.PROS.1.1", answer: { status: "in_place", severity: 0 } }],
  },
  "POST /cycles/{cycleId}/stages/{stage}/decisions": { decision: "approve" },
  "POST /cycles/{cycleId}/stages/{stage}/amendments": { reason: "A new law was passed in 2027" },
  "POST /cycles/{cycleId}/plan/objectives": objective,
  "PUT /cycles/{cycleId}/plan/objectives/{id}": { ...objective, expectedVersion: 1 },
  "POST /cycles/{cycleId}/plan/activities": activity,
  "PUT /cycles/{cycleId}/plan/activities/{id}": { ...activity, expectedVersion: 1 },
  "POST /cycles/{cycleId}/plan/indicators": indicator,
  "PUT /cycles/{cycleId}/plan/indicators/{id}": { ...indicator, expectedVersion: 1 },
  "POST /cycles/{cycleId}/priorities": { measureId: "TIP.PROS.1.1" },
  "PUT /cycles/{cycleId}/priorities/criteria": { criteria: DEFAULT_CRITERIA },
  "PUT /cycles/{cycleId}/priorities/{measureId}/ratings": { ratings: { impact: 2 }, expectedVersion: 1 },
  "POST /cycles/{cycleId}/priorities/{measureId}/decision": {
    outcome: "accepted",
    reason: "The worst gap found",
  },
  "POST /cycles/{cycleId}/periods/{index}/reports": {
    activities: [{ activityId: "act-1", status: "on_track", percentComplete: 10, spend: 0 }],
  },
  "POST /cycles/{cycleId}/shares": { organisation: "usaid" },
  "POST /cycles/{cycleId}/periods/{index}/comments": { text: "Good progress on the shelters." },
  "POST /cycles/{cycleId}/imports/{kind}": {
    format: "csv",
    content: Buffer.from("Measure ID,Status\r\nTIP.PROS.1.1,in_place\r\n").toString("base64"),
  },
  "POST /cycles/{cycleId}/successor": {
    title: "National Action Plan 2030-2034",
    planPeriod: { start: "2030-07-01", end: "2034-06-30" },
  },
};

describe("comments on a reporting period", () => {
  let h: Harness;
  let cycleId: string;
  let usaid: string;
  const comments = (index = 0) => `/cycles/${cycleId}/periods/${index}/comments`;

  beforeAll(async () => {
    h = await createHarness();
    cycleId = await cycleInPriorities(h);
    await share(h, cycleId, "giz");
    await share(h, cycleId, "usaid");
    usaid = await h.issuer.mint({ role: "donor", organisation: "usaid" });
    return () => h.cleanup();
  });

  it("lets a donor of the shared cycle comment (201), audits it and tells the coordinator", async () => {
    const res = await h.call("POST", comments(), {
      as: "donor",
      body: { text: "  Good progress on the shelters.  " },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      periodIndex: 0,
      text: "Good progress on the shelters.",
      author: { role: "donor", organisation: "giz" },
    });
    expectNoPersonalData(res, "the comment");

    const inbox = await h.store.listInbox("KEN", "coordinator", { limit: 10 });
    expect(inbox.items[0]).toMatchObject({
      kind: "report_comment",
      cycleId,
      subject: "giz commented on Q3 2026",
      body: "Good progress on the shelters.",
    });
    const trail = await h.call("GET", `/cycles/${cycleId}/audit?limit=100`, { as: "coordinator" });
    expect((trail.body.items as { action: string }[]).map((e) => e.action)).toContain("comment.added");
  });

  it("sends the coordinator's comment to the lead agencies the period waits on", async () => {
    const res = await h.call("POST", comments(), {
      as: "coordinator",
      body: { text: "Reports are due on 30 October." },
    });
    expect(res.status).toBe(201);
    const inbox = await h.store.listInbox("KEN", "agency:national-police", { limit: 10 });
    expect(inbox.items.map((n) => n.subject)).toContain("the coordinator commented on Q3 2026");
  });

  it("shows the government every comment, and a donor the government's and its own organisation's", async () => {
    for (const who of ["coordinator", "police", "justice"] as const) {
      const res = await h.call("GET", comments(), { as: who });
      expect(res.status, who).toBe(200);
      expect((res.body.items as unknown[]).length, who).toBeGreaterThanOrEqual(2);
    }
    const other = await h.call("POST", comments(), {
      token: usaid,
      body: { text: "When will the audit be shared?" },
    });
    expect(other.status).toBe(201);
    const giz = await h.call("GET", comments(), { as: "donor" });
    const texts = (giz.body.items as { text: string }[]).map((c) => c.text);
    expect(texts).toContain("Reports are due on 30 October.");
    expect(texts).not.toContain("When will the audit be shared?");
    expectNoPersonalData(giz, "the donor's comment list");
  });

  it("answers 403 to an approver or a member commenting, 404 to a donor of an unshared cycle or another country", async () => {
    for (const who of ["justice", "police"] as const) {
      const res = await h.call("POST", comments(), { as: who, body: { text: "Noted." } });
      expect(res.status, who).toBe(403);
    }
    const unshared = await h.issuer.mint({ role: "donor", organisation: "world-bank" });
    for (const res of [
      await h.call("POST", comments(), { token: unshared, body: { text: "Noted." } }),
      await h.call("GET", comments(), { token: unshared }),
      await h.call("POST", comments(), { as: "mexico", body: { text: "Noted." } }),
    ]) {
      expect(res.status).toBe(404);
    }
  });

  it("answers 404 for a period whose round has not opened, and 400 naming the text when it is empty or too long", async () => {
    const later = await h.call("POST", comments(3), { as: "donor", body: { text: "Noted." } });
    expect(later.status).toBe(404);
    expect(later.body.message).toContain("reporting period 3");
    const empty = await h.call("POST", comments(), { as: "donor", body: { text: "   " } });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^body\.text: /);
    const long = await h.call("POST", comments(), { as: "donor", body: { text: "x".repeat(2001) } });
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/^body\.text: /);
  });

  it("stores a comment retried with its Idempotency-Key once", async () => {
    const headers = { "Idempotency-Key": "comment-q3-giz" };
    const body = { text: "Could the next report include the county breakdown?" };
    const first = await h.call("POST", comments(), { as: "donor", body, headers });
    const retry = await h.call("POST", comments(), { as: "donor", body, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body.id).toBe(first.body.id);
    const stored = await h.store.listRecords("KEN", cycleId, "comment");
    expect(stored.filter((c) => c.text === body.text)).toHaveLength(1);
  });
});
