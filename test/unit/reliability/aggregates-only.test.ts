import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { IndicatorInput } from "../../../functions/core/action-plan/inputs.js";
import { SubmitReportInput } from "../../../functions/core/monitoring/submit-report.js";
import { fieldIssues } from "../../../functions/http/errors.js";
import { openPeriod } from "../../../functions/workflow/tasks/period-tasks.js";
import { newCycleRef } from "../../support/fixtures.js";
import { seedMonitoredCycle } from "../core/monitoring-fixtures.js";
import { createHarness, type Harness } from "../http/harness.js";

// Monitoring holds aggregates, never people: what a report or an indicator accepts is read from its schema (as
// JSON Schema, the form the OpenAPI document publishes), and a person's data is refused wherever it is put.

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

type Shape = { freeText: Record<string, number | "unbounded">; openObjects: string[] };

/** Every string a schema accepts that is not a code, a reference or a date, with its bound; and objects open to any key. */
function shapeOf(schema: JsonSchema, path = "", shape: Shape = { freeText: {}, openObjects: [] }): Shape {
  for (const branch of schema.anyOf ?? []) shapeOf(branch, path, shape);
  if (schema.type === "string" && schema.enum === undefined && schema.const === undefined) {
    if (schema.pattern === undefined && schema.format === undefined) {
      shape.freeText[path] = schema.maxLength ?? "unbounded";
    }
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    shapeOf(child, path ? `${path}.${key}` : key, shape);
  }
  if (schema.items) shapeOf(schema.items, `${path}[]`, shape);
  const extra = schema.additionalProperties;
  if (schema.type === "object" && extra !== false) {
    const keys = schema.propertyNames;
    const closedKeys = (k: JsonSchema | undefined): boolean =>
      k !== undefined &&
      (k.enum !== undefined || k.pattern !== undefined || (k.anyOf ?? []).every(closedKeys));
    if (!closedKeys(keys)) shape.openObjects.push(path);
    if (typeof extra === "object") shapeOf(extra, `${path}.*`, shape);
  }
  return shape;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input" }) as JsonSchema;

describe("monitoring holds aggregates only", () => {
  it("lets a report hold only codes, references, numbers and two bounded narratives", () => {
    expect(shapeOf(jsonSchema(SubmitReportInput))).toEqual({
      freeText: { "activities[].narrative": 2000, narrative: 4000 },
      openObjects: [],
    });
  });

  it("lets an indicator hold only codes and numbers besides its bounded name, unit and means of verification", () => {
    expect(shapeOf(jsonSchema(IndicatorInput))).toEqual({
      freeText: { name: 200, unit: 40, meansOfVerification: 1000 },
      openObjects: [],
    });
  });

  const PERSON_KEYS = [
    "name",
    "victims",
    "fullName",
    "dateOfBirth",
    "passportNumber",
    "address",
    "phone",
    "caseFile",
  ];
  const personName = fc
    .tuple(
      fc.constantFrom("Amina", "Jean", "Lucía", "Wei"),
      fc.constantFrom("Otieno", "Dupont", "Hernández", "Li"),
    )
    .map(([first, last]) => `${first} ${last}`);
  const personData = fc.oneof(
    personName,
    fc.array(fc.record({ name: personName, age: fc.integer({ min: 1, max: 80 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  );
  const report = () => ({
    activities: [
      { activityId: "act-train", status: "on_track", percentComplete: 40, spend: 2500, narrative: "" },
    ],
    indicatorActuals: [
      { indicatorId: "ind-victims", value: 14, disaggregation: { sex: { female: 9, male: 5 } } },
    ],
    narrative: "",
  });
  type Body = ReturnType<typeof report>;
  /** Where a person's data is slipped in, and the field the refusal must name. */
  const placements: ((body: Body, key: string, data: unknown, name: string) => string)[] = [
    (body, key, data) => {
      Object.assign(body, { [key]: data });
      return `body.${key}`;
    },
    (body, key, data) => {
      Object.assign(body.activities[0] ?? {}, { [key]: data });
      return `body.activities[0].${key}`;
    },
    (body, key, data) => {
      Object.assign(body.indicatorActuals[0] ?? {}, { [key]: data });
      return `body.indicatorActuals[0].${key}`;
    },
    (body, key) => {
      Object.assign(body.indicatorActuals[0]?.disaggregation ?? {}, { [key]: { listed: 1 } });
      return `body.indicatorActuals[0].disaggregation.${key}`;
    },
    (body, _key, _data, name) => {
      Object.assign(body.indicatorActuals[0]?.disaggregation.sex ?? {}, { [name]: 1 });
      return "body.indicatorActuals[0].disaggregation.sex";
    },
    (body, _key, _data, name) => {
      Object.assign(body.indicatorActuals[0]?.disaggregation ?? {}, { nationality: { [name]: 1 } });
      return "body.indicatorActuals[0].disaggregation.nationality";
    },
    (body, _key, _data, name) => {
      Object.assign(body.indicatorActuals[0]?.disaggregation ?? {}, { region: { [name]: 1 } });
      return "body.indicatorActuals[0].disaggregation.region";
    },
  ];

  it("refuses a report carrying a person's data wherever it is put, naming the field", () => {
    fc.assert(
      fc.property(
        fc.nat(placements.length - 1),
        fc.constantFrom(...PERSON_KEYS),
        personData,
        personName,
        (at, key, data, name) => {
          const body = report();
          const field = placements[at]?.(body, key, data, name) ?? "";
          const parsed = SubmitReportInput.safeParse(body);
          expect(parsed.success).toBe(false);
          if (parsed.success) return;
          expect(fieldIssues("body", parsed.error).map((i) => i.path)).toContainEqual(
            expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, "\\$&")}`)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  describe("over the API", () => {
    let h: Harness;
    const ref = newCycleRef();
    beforeAll(async () => {
      h = await createHarness();
      await seedMonitoredCycle(h.store, ref);
      await openPeriod(h.deps, { ...ref, periodIndex: 0 });
      return () => h.cleanup();
    });

    it("refuses a report naming an activity or indicator the plan does not have: ids are references, not text", async () => {
      for (const [field, body] of [
        [
          "activities[0].activityId",
          { ...report(), activities: [{ ...report().activities[0], activityId: "Amina Otieno" }] },
        ],
        [
          "indicatorActuals[0].indicatorId",
          { ...report(), indicatorActuals: [{ indicatorId: "Amina Otieno", value: 1 }] },
        ],
      ] as const) {
        const res = await h.call("POST", `/cycles/${ref.cycleId}/periods/0/reports`, { as: "police", body });
        expect(res.status, res.text).toBe(422);
        expect(res.body.message).toContain(`${field}: `);
      }
      expect(await h.store.listRecords(ref.country, ref.cycleId, "report")).toEqual([]);
    });

    it("answers 400 naming the field to a report with a list of victims, storing nothing", async () => {
      const res = await h.call("POST", `/cycles/${ref.cycleId}/periods/0/reports`, {
        as: "police",
        body: { ...report(), victims: [{ name: "Amina Otieno", age: 16, nationality: "KEN" }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("body.victims: is not a known field");
      expect(await h.store.listRecords(ref.country, ref.cycleId, "report")).toEqual([]);
    });
  });
});
