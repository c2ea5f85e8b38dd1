import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Share } from "../../../functions/core/donors/schema.js";
import { coordinator, FIXTURE_TIME } from "../../support/fixtures.js";
import {
  createPlanViaApi,
  FIXTURE_PLAN_PERIOD,
  type PlanFixtureOptions,
  type Send,
  seedPlanStage,
} from "../../support/plan-fixtures.js";
import { createCycle, createHarness, type Harness, newCycleBody, type PersonaName } from "./harness.js";

type Body = Record<string, unknown>;
type Issue = { rule: string; id: string; message: string };

const COMBINED: PlanFixtureOptions = { catalogues: ["TIP", "SOM"] };

/** An item as GET /plan shows it, turned back into a PUT body at the version read. */
function putBody(item: Body | undefined, changes: Body = {}): Body {
  if (!item) throw new Error("no such item in the plan");
  const { id: _id, version, updatedAt: _u, indicators: _i, ...rest } = item;
  return { ...rest, ...changes, expectedVersion: version };
}

describe("the action plan API", () => {
  let h: Harness;
  let cycleId: string;
  let plan: string;
  const as =
    (who: PersonaName): Send =>
    (method, path, body) =>
      h.call(method, path, { as: who, body });

  beforeEach(async () => {
    h = await createHarness();
    cycleId = await createCycle(
      h,
      newCycleBody({ frameworks: [{ id: "TIP" }, { id: "SOM" }], planPeriod: FIXTURE_PLAN_PERIOD }),
    );
    plan = `/cycles/${cycleId}/plan`;
    await seedPlanStage(h.deps, { country: "KEN", cycleId }, COMBINED);
  });
  afterEach(() => h.cleanup());

  const post = (
    path: string,
    body: unknown,
    who: PersonaName = "coordinator",
    headers?: Record<string, string>,
  ) => h.call("POST", `${plan}${path}`, { as: who, body, ...(headers ? { headers } : {}) });
  const put = (path: string, body: unknown, who: PersonaName = "coordinator") =>
    h.call("PUT", `${plan}${path}`, { as: who, body });
  const del = (path: string, who: PersonaName = "coordinator") =>
    h.call("DELETE", `${plan}${path}`, { as: who });
  const getPlan = async (who: PersonaName = "coordinator") => {
    const res = await h.call("GET", plan, { as: who });
    expect(res.status).toBe(200);
    return res.body as {
      settings: Body;
      objectives: (Body & { activities: (Body & { indicators: Body[] })[]; indicators: Body[] })[];
      validation: { submittable: boolean; errors: Issue[]; warnings: Issue[] };
      totals: { plan: Body; byCatalogue: Record<string, Body> };
    };
  };
  const objectiveBody = {
    title: "Bring the law in line with the Protocol",
    pillar: "PROS",
    priorityIds: ["TIP.PROS.1.1"],
  };
  const activityBody = (objectiveId: string, extra: Body = {}) => ({
    objectiveId,
    title: "Draft amendment covering all forms of exploitation",
    leadAgency: "ministry-of-justice",
    partnerAgencies: ["parliamentary-legal-committee"],
    start: "2027-01-01",
    end: "2027-12-31",
    budget: { amount: 45_000, currency: "USD", source: "state", funded: true },
    measureIds: ["TIP.PROS.1.1", "TIP.PROS.1.4"],
    priorityIds: ["TIP.PROS.1.1", "TIP.PROS.1.4"],
    ...extra,
  });
  const newObjective = async () => {
    const res = await post("/objectives", objectiveBody);
    expect(res.status).toBe(201);
    return String(res.body.id);
  };
  const newActivity = async (objectiveId: string, extra: Body = {}, who: PersonaName = "coordinator") => {
    const res = await post("/activities", activityBody(objectiveId, extra), who);
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  it("opens with default settings and names what the empty plan lacks", async () => {
    const body = await getPlan();
    expect(body.settings).toMatchObject({ suppressionThreshold: 5, pillarJustifications: {}, version: 1 });
    expect(body.objectives).toEqual([]);
    expect(body.validation.submittable).toBe(false);
    const rules = new Set(body.validation.errors.map((e) => e.rule));
    expect(rules).toEqual(new Set(["priority_without_activity", "pillar_not_covered"]));
    expect(body.totals.plan).toEqual({});
  });

  it("expresses scenario 1: the legislation amendment with its yes/no output indicator", async () => {
    const objectiveId = await newObjective();
    const activity = await newActivity(objectiveId, { end: "2027-12-31" });
    const indicator = await post("/indicators", {
      attachedTo: { kind: "activity", id: activity.id },
      name: "Amendment adopted (Y/N)",
      type: "output",
      unit: "yes/no",
      isCount: false,
      baseline: { value: 0, year: 2026 },
      targets: [{ year: 2027, value: 1 }],
      meansOfVerification: "Kenya Gazette",
    });
    expect(indicator.status).toBe(201);
    const [objective] = (await getPlan()).objectives;
    expect(objective?.activities).toEqual([
      expect.objectContaining({
        id: activity.id,
        leadAgency: "ministry-of-justice",
        partnerAgencies: ["parliamentary-legal-committee"],
        end: "2027-12-31",
        version: 1,
        indicators: [
          expect.objectContaining({
            name: "Amendment adopted (Y/N)",
            baseline: { value: 0, year: 2026 },
            targets: [{ year: 2027, value: 1 }],
          }),
        ],
      }),
    ]);
  });

  describe("with the realistic plan of scenario 2", () => {
    let ids: Record<string, string>;
    beforeEach(async () => {
      ids = await createPlanViaApi(as("coordinator"), cycleId, COMBINED);
    });
    const id = (key: string) => ids[key] ?? "";

    it("answers the tree, a clean validation and the totals, counting the joint activity once", async () => {
      const body = await getPlan();
      expect(body.validation).toEqual({ submittable: true, errors: [], warnings: [] });
      expect(body.objectives.map((o) => o.pillar)).toEqual(["PROS", "PROT", "PREV", "NCC", "ICC"]);
      expect(body.objectives[0]?.indicators.map((i) => i.name)).toEqual(["Trafficking convictions per year"]);
      expect(body.totals.plan).toEqual({
        EUR: { total: 30_000, funded: 30_000, unfunded: 0 },
        KES: { total: 8_000_000, funded: 8_000_000, unfunded: 0 },
        USD: { total: 530_000, funded: 240_000, unfunded: 290_000 },
      });
      expect(body.totals.byCatalogue.both).toEqual({ USD: { total: 75_000, funded: 75_000, unfunded: 0 } });
      expect(body.settings).toMatchObject({ version: 2, population: { total: 55_100_000 } });
    });

    it("lets the complete plan be submitted, and then locks it", async () => {
      const submitted = await h.call("POST", `/cycles/${cycleId}/stages/action_plan/submit`, {
        as: "coordinator",
        body: {},
      });
      expect(submitted.status, submitted.text).toBe(200);
      const edit = await post("/objectives", objectiveBody);
      expect(edit.status).toBe(422);
      expect(edit.body).toMatchObject({ code: "stage_locked" });
      const remove = await del(`/indicators/${id("convictions")}?expectedVersion=1`);
      expect(remove.status).toBe(422);
    });

    it("refuses to submit an incomplete plan, naming every failed rule (422 plan_incomplete)", async () => {
      const { budget: _b, leadAgency: _l, ...rest } = putBody((await getPlan()).objectives[0]?.activities[0]);
      expect((await put(`/activities/${id("law")}`, rest)).status).toBe(200);
      const res = await h.call("POST", `/cycles/${cycleId}/stages/action_plan/submit`, {
        as: "coordinator",
        body: {},
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("plan_incomplete");
      expect((res.body.details as { failures: Issue[] }).failures).toEqual([
        {
          rule: "activity_without_lead_agency",
          id: id("law"),
          message: expect.stringContaining("no lead agency"),
        },
        { rule: "activity_without_budget", id: id("law"), message: expect.stringContaining("no budget") },
      ]);
      expect(res.body.message).toContain("2 rules fail");
    });

    it("shows a dependency scheduled too early as a warning, not an error", async () => {
      const training = (await getPlan()).objectives[0]?.activities[1];
      const res = await put(`/activities/${id("training")}`, putBody(training, { start: "2027-06-01" }));
      expect(res.status).toBe(200);
      const { validation } = await getPlan();
      expect(validation.submittable).toBe(true);
      expect(validation.warnings).toEqual([
        expect.objectContaining({ rule: "starts_before_dependency_ends", id: id("training") }),
      ]);
    });

    it("answers 409 naming what still refers to an objective or activity it is asked to delete", async () => {
      const objective = await del(`/objectives/${id("pros")}?expectedVersion=1`);
      expect(objective.status).toBe(409);
      expect(objective.body.code).toBe("objective_in_use");
      expect(objective.body.details).toEqual({
        referencedBy: [
          { kind: "activity", id: id("law"), title: "Draft amendment covering all forms of exploitation" },
          { kind: "activity", id: id("training"), title: "Train police and prosecutors on the amended law" },
          { kind: "indicator", id: id("convictions"), title: "Trafficking convictions per year" },
        ],
      });
      const activity = await del(`/activities/${id("law")}?expectedVersion=1`);
      expect(activity.status).toBe(409);
      expect(activity.body.code).toBe("activity_in_use");
      expect(activity.body.message).toContain(id("training"));
      expect(activity.body.message).toContain(id("central-authority"));
      expect(activity.body.message).toContain(id("amendment-adopted"));
    });

    it("deletes an indicator at the version read (204), with its audit event", async () => {
      const stale = await del(`/indicators/${id("convictions")}?expectedVersion=2`);
      expect(stale.status).toBe(409);
      expect(stale.body.details).toMatchObject({ currentVersion: 1 });
      const missing = await del(`/indicators/${id("convictions")}`);
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/^query\.expectedVersion: /);

      const res = await del(`/indicators/${id("convictions")}?expectedVersion=1`);
      expect(res.status).toBe(204);
      expect((await getPlan()).objectives[0]?.indicators).toEqual([]);
      const commit = h.store.commits.at(-1);
      expect(commit?.writes).toEqual([expect.objectContaining({ entity: "deletion", expectedVersion: 1 })]);
      expect(commit?.events.map((e) => [e.action, e.changes[0]?.after])).toEqual([["indicator.deleted", {}]]);
      const again = await del(`/indicators/${id("convictions")}?expectedVersion=1`);
      expect(again.status).toBe(404);
    });
  });

  describe("writes", () => {
    it("create with server-made ids and replay a retry with the same Idempotency-Key", async () => {
      const headers = { "Idempotency-Key": "objective-pros-1" };
      const first = await post("/objectives", objectiveBody, "coordinator", headers);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        id: expect.stringMatching(/^[0-9A-Z]{26}$/),
        version: 1,
        pillar: "PROS",
      });
      const retry = await post("/objectives", objectiveBody, "coordinator", headers);
      expect(retry.status).toBe(201);
      expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
      expect(retry.body.id).toBe(first.body.id);
      expect((await getPlan()).objectives).toHaveLength(1);
      const other = await post("/objectives", { ...objectiveBody, pillar: "PROT" }, "coordinator", headers);
      expect(other.status).toBe(422);
    });

    it("never let a client write server-owned fields (400 naming them)", async () => {
      const res = await post("/objectives", {
        ...objectiveBody,
        id: "mine",
        version: 7,
        country: "MEX",
        kind: "x",
      });
      expect(res.status).toBe(400);
      for (const field of ["id", "version", "country", "kind"]) {
        expect(res.body.message).toContain(`body.${field}: is not a known field`);
      }
    });

    it("bound and check every field (400 naming it)", async () => {
      const objectiveId = await newObjective();
      const cases: [Body, string][] = [
        [{ title: "x".repeat(201) }, "body.title"],
        [{ end: "2026-12-31" }, "body.end: must not be before start"],
        [
          { budget: { amount: 10, currency: "USD", source: "donor", funded: false } },
          "body.budget.donorName: is required when the source is donor",
        ],
        [{ budget: { amount: -1, currency: "USD", source: "state", funded: false } }, "body.budget.amount"],
        [
          { budget: { amount: 1, currency: "dollars", source: "state", funded: false } },
          "body.budget.currency",
        ],
        [{ measureIds: ["TIP.PROS.1.1", "TIP.PROS.1.1"] }, "body.measureIds[1]: TIP.PROS.1.1 appears twice"],
        [{ partnerAgencies: Array.from({ length: 21 }, (_, i) => `agency-${i}`) }, "body.partnerAgencies"],
        [{ leadAgency: "Ministry of Justice" }, "body.leadAgency: must be a lower-case slug"],
      ];
      for (const [extra, message] of cases) {
        const res = await post("/activities", activityBody(objectiveId, extra));
        expect(res.status, JSON.stringify(extra)).toBe(400);
        expect(res.body.message).toContain(message);
      }
    });

    it("update only at the version read (409 with currentVersion)", async () => {
      const objectiveId = await newObjective();
      const updated = await put(`/objectives/${objectiveId}`, {
        ...objectiveBody,
        title: "Amend the penal code",
        expectedVersion: 1,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: objectiveId, version: 2, title: "Amend the penal code" });
      expect(updated.body).not.toHaveProperty("expectedVersion");
      const stale = await put(`/objectives/${objectiveId}`, { ...objectiveBody, expectedVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
      expect(stale.body.message).toMatch(/^expectedVersion: /);
      const without = await put(`/objectives/${objectiveId}`, objectiveBody);
      expect(without.status).toBe(400);
      expect(without.body.message).toContain("body.expectedVersion");
      const unknown = await put("/objectives/01JD4A1B2C3D4E5F6G7H8J9K0M", {
        ...objectiveBody,
        expectedVersion: 1,
      });
      expect(unknown.status).toBe(404);
    });

    it("delete an objective nothing refers to (204), once", async () => {
      const objectiveId = await newObjective();
      expect((await del(`/objectives/${objectiveId}?expectedVersion=1`, "police")).status).toBe(403);
      expect((await del(`/objectives/${objectiveId}?expectedVersion=1`)).status).toBe(204);
      expect(h.store.commits.at(-1)?.events.map((e) => e.action)).toEqual(["objective.deleted"]);
      expect((await getPlan()).objectives).toEqual([]);
      expect((await del(`/objectives/${objectiveId}?expectedVersion=1`)).status).toBe(404);
    });

    it("store each change atomically with one audit event and the editable-stage check", async () => {
      const objectiveId = await newObjective();
      const commit = h.store.commits.at(-1);
      expect(commit?.checks).toEqual([
        { country: "KEN", cycleId, stage: "action_plan", states: ["draft", "returned"] },
      ]);
      expect(commit?.writes).toEqual([expect.objectContaining({ entity: "record", expectedVersion: null })]);
      expect(commit?.events).toEqual([
        expect.objectContaining({
          action: "objective.saved",
          actor: expect.objectContaining({ role: "coordinator" }),
          changes: [expect.objectContaining({ key: `${cycleId}/objective/${objectiveId}`, before: null })],
        }),
      ]);
      await newActivity(objectiveId);
      expect(h.store.commits.at(-1)?.events.map((e) => e.action)).toEqual(["activity.saved"]);
    });
  });

  describe("references", () => {
    let objectiveId: string;
    beforeEach(async () => {
      objectiveId = await newObjective();
    });
    const refused = async (path: string, body: Body, code: string, message: string) => {
      const res = await post(path, body);
      expect(res.status, res.text).toBe(422);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(message);
    };

    it("answer 422 naming the field for an unknown objective, priority or measure", async () => {
      await refused(
        "/activities",
        activityBody("nope"),
        "invalid_reference",
        "objectiveId: objective nope is not part of this plan",
      );
      await refused(
        "/activities",
        activityBody(objectiveId, { priorityIds: ["TIP.PROS.1.1", "TIP.PROT.3.1"] }),
        "invalid_reference",
        "priorityIds[1]: TIP.PROT.3.1 is not an accepted priority of this cycle",
      );
      await refused(
        "/objectives",
        { ...objectiveBody, priorityIds: ["SOM.PROS.1.1"] },
        "invalid_reference",
        "priorityIds[0]: SOM.PROS.1.1 is not an accepted priority",
      );
      await refused(
        "/activities",
        activityBody(objectiveId, { measureIds: ["SOM.PROS.9.9"] }),
        "invalid_reference",
        "measureIds[0]: SOM.PROS.9.9 is not a measure",
      );
    });

    it("accept a joint activity serving measures of both catalogues", async () => {
      const joint = await newActivity(objectiveId, {
        title: "Joint border training on trafficking and smuggling",
        measureIds: ["TIP.PREV.5.1", "SOM.PREV.4.1"],
        priorityIds: ["TIP.PREV.5.1", "SOM.PREV.4.1"],
      });
      expect(joint.measureIds).toEqual(["TIP.PREV.5.1", "SOM.PREV.4.1"]);
      expect((await getPlan()).totals.byCatalogue.both).toEqual({
        USD: { total: 45_000, funded: 45_000, unfunded: 0 },
      });
    });

    it("refuse dependencies on unknown activities, on itself, and in a circle (naming the path)", async () => {
      await refused(
        "/activities",
        activityBody(objectiveId, { dependsOn: ["nope"] }),
        "invalid_reference",
        "dependsOn[0]: activity nope",
      );
      const a = await newActivity(objectiveId);
      const b = await newActivity(objectiveId, { dependsOn: [a.id] });
      const c = await newActivity(objectiveId, { dependsOn: [b.id] });
      const self = await put(`/activities/${a.id}`, {
        ...activityBody(objectiveId, { dependsOn: [a.id] }),
        expectedVersion: 1,
      });
      expect(self.status).toBe(422);
      expect(self.body.message).toBe("dependsOn[0]: an activity cannot depend on itself");
      const circle = await put(`/activities/${a.id}`, {
        ...activityBody(objectiveId, { dependsOn: [c.id] }),
        expectedVersion: 1,
      });
      expect(circle.status).toBe(422);
      expect(circle.body.code).toBe("dependency_cycle");
      expect(circle.body.details).toEqual({ field: "dependsOn", path: [a.id, c.id, b.id, a.id] });
    });

    it("refuse an indicator attached to nothing, or with a target outside the plan years", async () => {
      const activity = await newActivity(objectiveId);
      const indicator = (extra: Body) => ({
        attachedTo: { kind: "activity", id: activity.id },
        name: "Amendment adopted (Y/N)",
        type: "output",
        unit: "yes/no",
        isCount: false,
        targets: [{ year: 2027, value: 1 }],
        ...extra,
      });
      await refused(
        "/indicators",
        indicator({ attachedTo: { kind: "objective", id: activity.id } }),
        "invalid_reference",
        "attachedTo.id",
      );
      await refused(
        "/indicators",
        indicator({ targets: [{ year: 2030, value: 1 }] }),
        "outside_plan_period",
        "targets[0].year: 2030",
      );
      const draft = await post("/indicators", indicator({ meansOfVerification: "" }));
      expect(draft.status).toBe(201);
      expect(draft.body).not.toHaveProperty("baseline");
      const sdg = await post("/indicators", indicator({ sdg: "16.2.2" }));
      expect(sdg.status).toBe(400);
      expect(sdg.body.message).toContain("body.isCount: must be true for an SDG 16.2.2 indicator");
    });
  });

  describe("who may do what", () => {
    let objectiveId: string;
    beforeEach(async () => {
      objectiveId = await newObjective();
    });

    it("lets a member create an activity its agency leads, defaulting the lead to its agency", async () => {
      const activity = await newActivity(
        objectiveId,
        { leadAgency: undefined, partnerAgencies: [] },
        "police",
      );
      expect(activity.leadAgency).toBe("national-police");
      const indicator = await post(
        "/indicators",
        {
          attachedTo: { kind: "activity", id: activity.id },
          name: "Officers trained",
          type: "output",
          unit: "persons",
          isCount: true,
        },
        "police",
      );
      expect(indicator.status).toBe(201);
    });

    it("answers 403 naming why when a member steps outside its agency's activities", async () => {
      const other = await post("/activities", activityBody(objectiveId), "police");
      expect(other.status).toBe(403);
      expect(other.body.message).toContain(
        "leadAgency: a member may make only its own agency (national-police) the lead",
      );

      const labours = await newActivity(objectiveId, { leadAgency: "ministry-of-labour" }, "labour");
      const takeOver = await put(
        `/activities/${labours.id}`,
        { ...activityBody(objectiveId, { leadAgency: undefined }), expectedVersion: 1 },
        "police",
      );
      expect(takeOver.status).toBe(403);
      expect(takeOver.body.message).toContain("is led by ministry-of-labour, not by national-police");
      expect((await del(`/activities/${labours.id}?expectedVersion=1`, "police")).status).toBe(403);
      const indicator = await post(
        "/indicators",
        {
          attachedTo: { kind: "activity", id: labours.id },
          name: "Inspections",
          type: "process",
          unit: "inspections",
          isCount: true,
        },
        "police",
      );
      expect(indicator.status).toBe(403);

      for (const res of [
        await post("/objectives", objectiveBody, "police"),
        await put("/settings", { expectedVersion: 1 }, "police"),
        await post(
          "/indicators",
          {
            attachedTo: { kind: "objective", id: objectiveId },
            name: "Convictions",
            type: "outcome",
            unit: "convictions",
            isCount: true,
          },
          "police",
        ),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.message).toContain("a member edits only the activities its agency leads");
      }
    });

    it("lets a member delete an activity its agency leads", async () => {
      const own = await newActivity(objectiveId, { leadAgency: "national-police" }, "police");
      expect((await del(`/activities/${own.id}?expectedVersion=1`, "police")).status).toBe(204);
    });

    it("lets approvers read but not write", async () => {
      await getPlan("justice");
      expect((await post("/objectives", objectiveBody, "justice")).status).toBe(403);
    });

    it("never shows the draft plan to a donor, shared or not, nor to another country", async () => {
      expect((await h.call("GET", plan, { as: "donor" })).status).toBe(404);
      const share = Share.parse({
        kind: "share",
        id: "giz",
        country: "KEN",
        cycleId,
        updatedAt: FIXTURE_TIME,
        version: 1,
        organisation: "giz",
        sharedBy: coordinator,
        sharedAt: FIXTURE_TIME,
      });
      await h.store.commit({
        writes: [{ entity: "record", item: share, expectedVersion: null }],
        events: [],
      });
      const shared = await h.call("GET", plan, { as: "donor" });
      expect(shared.status).toBe(403);
      expect(shared.body.message).toContain("only approved versions");
      expect((await h.call("GET", plan, { as: "mexico" })).status).toBe(404);
      expect((await h.call("POST", `${plan}/objectives`, { as: "mexico", body: objectiveBody })).status).toBe(
        404,
      );
    });
  });

  describe("settings", () => {
    it("replace the settings at the version read", async () => {
      const body = {
        pillarJustifications: { ICC: "Handled under the regional plan of the East African Community" },
        population: { year: 2027, total: 55_100_000, bySex: { female: 27_900_000, male: 27_200_000 } },
        expectedVersion: 1,
      };
      const res = await put("/settings", body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        suppressionThreshold: 5,
        version: 2,
        pillarJustifications: body.pillarJustifications,
      });
      const { validation } = await getPlan();
      expect(validation.errors.filter((e) => e.rule === "pillar_not_covered").map((e) => e.id)).not.toContain(
        "ICC",
      );
      expect((await put("/settings", body)).status).toBe(409);
    });

    it("refuse a population split larger than the total, an unknown pillar or a short justification", async () => {
      const cases: [Body, string][] = [
        [
          { population: { year: 2027, total: 100, byAge: { child: 60, adult: 50 } } },
          "body.population.byAge: child + adult must not exceed total",
        ],
        [{ pillarJustifications: { XYZ: "Not a pillar of either framework" } }, "body.pillarJustifications"],
        [{ pillarJustifications: { ICC: "n/a" } }, "body.pillarJustifications.ICC"],
        [{ suppressionThreshold: 0 }, "body.suppressionThreshold"],
      ];
      for (const [extra, message] of cases) {
        const res = await put("/settings", { ...extra, expectedVersion: 1 });
        expect(res.status, JSON.stringify(extra)).toBe(400);
        expect(res.body.message).toContain(message);
      }
    });
  });

  it("is documented in /openapi.json", async () => {
    const doc = await h.call("GET", "/openapi.json");
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths["/cycles/{cycleId}/plan"] ?? {})).toEqual(["get"]);
    expect(Object.keys(paths["/cycles/{cycleId}/plan/settings"] ?? {})).toEqual(["put"]);
    for (const segment of ["objectives", "activities", "indicators"]) {
      expect(Object.keys(paths[`/cycles/{cycleId}/plan/${segment}`] ?? {})).toEqual(["post"]);
      expect(Object.keys(paths[`/cycles/{cycleId}/plan/${segment}/{id}`] ?? {}).sort()).toEqual([
        "delete",
        "put",
      ]);
    }
  });
});
