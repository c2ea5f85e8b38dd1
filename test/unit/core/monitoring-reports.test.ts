import { describe, expect, it } from "vitest";
import { expectedAgencies, reportIssues, runsDuring } from "../../../functions/core/monitoring/reports.js";
import type { ActivityStatus, PeriodReport } from "../../../functions/core/monitoring/schema.js";
import { SubmitReportInput } from "../../../functions/core/monitoring/submit-report.js";
import { newCycleRef } from "../../support/fixtures.js";
import { activity, indicator, planRecords, report, SLOTS } from "./monitoring-fixtures.js";

const ref = newCycleRef();
const plan = planRecords(ref);
const [Q3_2026, Q4_2026] = SLOTS as [(typeof SLOTS)[0], (typeof SLOTS)[0]];
const progress = (activityId: string, status: ActivityStatus = "on_track") => ({
  activityId,
  status,
  percentComplete: 25,
  spend: 1000,
  narrative: "",
});

describe("who a report round expects", () => {
  it("expects the lead agencies of the activities running in the period, each once", () => {
    expect(expectedAgencies(plan.activities, [], Q3_2026)).toEqual(["national-police"]);
    expect(expectedAgencies(plan.activities, [], Q4_2026)).toEqual(["ministry-of-labour", "national-police"]);
  });

  it("counts an activity that starts on the period's last day or ends on its first", () => {
    expect(runsDuring({ start: "2026-09-30", end: "2027-01-01" }, Q3_2026)).toBe(true);
    expect(runsDuring({ start: "2026-01-01", end: "2026-07-01" }, Q3_2026)).toBe(true);
    expect(runsDuring({ start: "2026-10-01", end: "2027-01-01" }, Q3_2026)).toBe(false);
  });

  it("no longer expects an activity cancelled in an earlier period's report", () => {
    const cancelled = report(ref, 0, "national-police", {
      activities: [progress("act-train", "cancelled"), progress("act-border")],
    });
    const onlyTraining = [activity(ref, "act-train")];
    expect(expectedAgencies(onlyTraining, [cancelled], Q4_2026)).toEqual([]);
    // A cancellation reported for the same period does not change who that period expected.
    expect(expectedAgencies(onlyTraining, [cancelled], Q3_2026)).toEqual(["national-police"]);
  });

  it("expects nobody for an activity without a lead agency", () => {
    expect(expectedAgencies([activity(ref, "a", { leadAgency: undefined })], [], Q3_2026)).toEqual([]);
  });
});

describe("whether a report fits the approved plan", () => {
  const issues = (
    body: { activities: ReturnType<typeof progress>[]; indicatorActuals?: PeriodReport["indicatorActuals"] },
    agency = "national-police",
    slot = Q3_2026,
  ) => reportIssues(plan, [], slot, agency, { indicatorActuals: [], ...body });

  it("accepts a report covering every activity the agency leads, with actuals of their indicators", () => {
    expect(
      issues({
        activities: [progress("act-train"), progress("act-border")],
        indicatorActuals: [
          {
            indicatorId: "ind-victims",
            value: 14,
            disaggregation: { sex: { female: 9, male: 5 }, age: { child: 4, adult: 10 } },
          },
        ],
      }),
    ).toEqual([]);
  });

  it("names an activity another agency leads", () => {
    expect(
      issues(
        { activities: [progress("act-train"), progress("act-border"), progress("act-shelter")] },
        "national-police",
        Q4_2026,
      ),
    ).toEqual([
      {
        path: "activities[2].activityId",
        message: "act-shelter is led by ministry-of-labour, not national-police",
      },
    ]);
  });

  it("names an activity that does not run in the period, and one unknown to the plan", () => {
    const found = issues(
      { activities: [progress("act-campaign"), progress("act-nope")] },
      "ministry-of-health",
    );
    expect(found.map((i) => i.path)).toEqual(["activities[0].activityId", "activities[1].activityId"]);
    expect(found[0]?.message).toContain("outside Q3 2026");
    expect(found[1]?.message).toContain("not an activity of the approved plan");
  });

  it("requires every activity the agency leads in the period", () => {
    expect(issues({ activities: [progress("act-train")] })).toEqual([
      {
        path: "activities",
        message: "the report must cover every activity national-police leads in Q3 2026; missing: act-border",
      },
    ]);
  });

  it("refuses actuals of an indicator measuring another agency's work", () => {
    const found = issues({
      activities: [progress("act-train"), progress("act-border")],
      indicatorActuals: [{ indicatorId: "ind-sheltered", value: 40, disaggregation: {} }],
    });
    expect(found).toEqual([
      {
        path: "indicatorActuals[0].indicatorId",
        message:
          "ind-sheltered measures objective obj-prot, which is not among the activities of this report or their objectives",
      },
    ]);
  });

  it("accepts actuals of an indicator of the objective of a reported activity", () => {
    const found = reportIssues(plan, [], Q4_2026, "ministry-of-labour", {
      activities: [progress("act-shelter")],
      indicatorActuals: [{ indicatorId: "ind-sheltered", value: 40, disaggregation: {} }],
    });
    expect(found).toEqual([]);
  });

  it("refuses a disaggregation on a dimension the indicator did not declare", () => {
    const found = issues({
      activities: [progress("act-train"), progress("act-border")],
      indicatorActuals: [{ indicatorId: "ind-trained", value: 30, disaggregation: { sex: { female: 10 } } }],
    });
    expect(found).toEqual([
      {
        path: "indicatorActuals[0].disaggregation.sex",
        message: "ind-trained is not disaggregated by sex (declared: none)",
      },
    ]);
  });

  it("refuses category counts adding up to more than the value", () => {
    const found = issues({
      activities: [progress("act-train"), progress("act-border")],
      indicatorActuals: [
        {
          indicatorId: "ind-victims",
          value: 14,
          disaggregation: { sex: { female: 9, male: 6 }, age: { child: 14 } },
        },
      ],
    });
    expect(found).toEqual([
      {
        path: "indicatorActuals[0].disaggregation.sex",
        message: "the sex counts add up to 15, more than the value 14",
      },
    ]);
  });

  it("refuses a count that is not a whole number", () => {
    const found = issues({
      activities: [progress("act-train"), progress("act-border")],
      indicatorActuals: [{ indicatorId: "ind-trained", value: 2.5, disaggregation: {} }],
    });
    expect(found.map((i) => i.path)).toEqual(["indicatorActuals[0].value"]);
  });
});

describe("the report input holds aggregates only", () => {
  const valid = { activities: [progress("act-train")] };

  it("refuses a field the schema does not know (no room for a victim's name)", () => {
    const parsed = SubmitReportInput.safeParse({
      ...valid,
      indicatorActuals: [{ indicatorId: "ind-victims", value: 1, disaggregation: {}, victimName: "A. B." }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["victimName"] });
  });

  it("refuses a category that is not in the dimension's closed list", () => {
    const parsed = SubmitReportInput.safeParse({
      ...valid,
      indicatorActuals: [
        { indicatorId: "ind-victims", value: 1, disaggregation: { sex: { "jane doe": 1 } } },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      code: "unrecognized_keys",
      keys: ["jane doe"],
      path: ["indicatorActuals", 0, "disaggregation", "sex"],
    });
  });

  it("bounds the narrative and refuses a percentage over 100 or a negative spend", () => {
    const long = SubmitReportInput.safeParse({ ...valid, narrative: "x".repeat(4001) });
    const bad = SubmitReportInput.safeParse({
      activities: [{ ...progress("act-train"), percentComplete: 101, spend: -1 }],
    });
    expect(long.error?.issues[0]?.path).toEqual(["narrative"]);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual([
      "activities.0.percentComplete",
      "activities.0.spend",
    ]);
  });

  it("names an activity reported twice", () => {
    const parsed = SubmitReportInput.safeParse({
      activities: [progress("act-train"), progress("act-train")],
    });
    expect(parsed.error?.issues).toMatchObject([
      { path: ["activities", 1, "activityId"], message: "act-train appears twice" },
    ]);
  });

  it("accepts an ISO citizenship and refuses free text as a nationality", () => {
    const actual = (nationality: Record<string, number>) =>
      SubmitReportInput.safeParse({
        ...valid,
        indicatorActuals: [{ indicatorId: "i", value: 10, disaggregation: { nationality } }],
      }).success;
    expect(actual({ UGA: 3, domestic: 7 })).toBe(true);
    expect(actual({ "born in kampala": 3 })).toBe(false);
  });
});

// Keep the fixture honest: an indicator without targets still parses.
it("builds valid fixtures", () => {
  expect(indicator(ref, "x").targets).toEqual([]);
});
