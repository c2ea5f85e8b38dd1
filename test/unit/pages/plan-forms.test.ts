import { describe, expect, it } from "vitest";
import { issuesToErrors } from "../../../functions/http/pages/forms.js";
import {
  ActivityForm,
  formErrors,
  IndicatorForm,
  SettingsForm,
} from "../../../functions/http/pages/plan-forms.js";

// The plan editor's forms: typed text into the core's inputs, blanks meaning "not yet", and every error on the
// field a person can correct.

const activity = (fields: Record<string, string> = {}) => ({
  objectiveId: "obj-1",
  title: "Train labour inspectors",
  description: "",
  leadAgency: "",
  partnerAgencies: "ministry-of-health, immigration-department",
  start: "2027-01-01",
  end: "2027-06-30",
  "budget.amount": "",
  "budget.currency": "",
  "budget.source": "state",
  "budget.donorName": "",
  "budget.funded": "no",
  measureIds: "tip.prev.4.2 TIP.PROS.1.1",
  "priority.TIP.PREV.4.2": "on",
  "dependsOn.act-law": "on",
  ...fields,
});

describe("the activity form", () => {
  it("reads lists from text and checkboxes, and an empty budget as none yet", () => {
    const parsed = ActivityForm.parse(activity());
    expect(parsed).toMatchObject({
      partnerAgencies: ["ministry-of-health", "immigration-department"],
      measureIds: ["TIP.PREV.4.2", "TIP.PROS.1.1"],
      priorityIds: ["TIP.PREV.4.2"],
      dependsOn: ["act-law"],
    });
    expect(parsed.budget).toBeUndefined();
    expect(parsed.leadAgency).toBeUndefined();
  });

  it("reads a donor budget, and names the donor field when it is missing", () => {
    const funded = ActivityForm.parse(
      activity({
        "budget.amount": "1200.50",
        "budget.currency": "usd",
        "budget.source": "donor",
        "budget.donorName": "EU",
        "budget.funded": "yes",
      }),
    );
    expect(funded.budget).toEqual({
      amount: 1200.5,
      currency: "USD",
      source: "donor",
      donorName: "EU",
      funded: true,
    });
    const missing = ActivityForm.safeParse(
      activity({ "budget.amount": "10", "budget.currency": "USD", "budget.source": "donor" }),
    );
    expect(missing.success).toBe(false);
    if (!missing.success)
      expect(formErrors(issuesToErrors(missing.error))).toMatchObject({
        "budget.donorName": expect.any(String),
      });
  });

  it("puts an error about one element of a list on the list's field", () => {
    const parsed = ActivityForm.safeParse(activity({ partnerAgencies: "ministry-of-health, Not A Slug" }));
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(Object.keys(formErrors(issuesToErrors(parsed.error)))).toEqual(["partnerAgencies"]);
  });
});

describe("the indicator and settings forms", () => {
  it("reads targets per year, skipping empty years, and a baseline only when one is given", () => {
    const parsed = IndicatorForm.parse({
      attachedTo: "activity:act-1",
      name: "Inspectors trained",
      type: "output",
      unit: "persons",
      isCount: "yes",
      "baseline.value": "",
      "baseline.year": "",
      "target.2027": "20",
      "target.2028": "",
      "target.2029": "60",
      "disaggregation.sex": "on",
      meansOfVerification: "Training records",
    });
    expect(parsed.attachedTo).toEqual({ kind: "activity", id: "act-1" });
    expect(parsed.targets).toEqual([
      { year: 2027, value: 20 },
      { year: 2029, value: 60 },
    ]);
    expect(parsed.baseline).toBeUndefined();
    expect(parsed.disaggregation).toEqual(["sex"]);
  });

  it("reads the settings: justifications given, the population with its groups", () => {
    const parsed = SettingsForm.parse({
      "pillarJustifications.ICC": "Covered by the regional cooperation plan signed in 2025.",
      "pillarJustifications.NCC": "",
      suppressionThreshold: "5",
      "population.year": "2026",
      "population.total": "1000",
      "population.female": "510",
      "population.male": "490",
      "population.child": "",
      "population.adult": "",
      expectedVersion: "3",
    });
    expect(parsed).toEqual({
      pillarJustifications: { ICC: "Covered by the regional cooperation plan signed in 2025." },
      population: { year: 2026, total: 1000, bySex: { female: 510, male: 490 } },
      suppressionThreshold: 5,
      expectedVersion: 3,
    });
  });
});
