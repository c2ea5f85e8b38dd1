import { describe, expect, it } from "vitest";
import {
  pairsOf,
  parseReportForm,
  ruleIssuesToErrors,
} from "../../../functions/http/pages/monitoring-forms.js";

// The report form: activities and indicator actuals into SubmitReportInput, indicators left empty not reported, and
// errors (the schema's and the plan rules') put back on the form's own fields.

const form = (fields: Record<string, string> = {}) => ({
  "activities.0.activityId": "act-train",
  "activities.0.status": "on_track",
  "activities.0.percentComplete": "40",
  "activities.0.spend": "2500",
  "activities.0.narrative": "",
  "indicatorActuals.0.indicatorId": "ind-trained",
  "indicatorActuals.0.value": "",
  "indicatorActuals.1.indicatorId": "ind-victims",
  "indicatorActuals.1.value": "14",
  "indicatorActuals.1.disaggregation.sex.female": "9",
  "indicatorActuals.1.disaggregation.sex.male": "5",
  "indicatorActuals.1.disaggregation.nationality": "KEN=10, foreign=4",
  narrative: "",
  ...fields,
});

describe("the report form", () => {
  it("reports only the indicators with a value, with their breakdowns", () => {
    const parsed = parseReportForm(form());
    expect(parsed).toEqual({
      ok: true,
      data: {
        activities: [
          { activityId: "act-train", status: "on_track", percentComplete: 40, spend: 2500, narrative: "" },
        ],
        indicatorActuals: [
          {
            indicatorId: "ind-victims",
            value: 14,
            disaggregation: { sex: { female: 9, male: 5 }, nationality: { KEN: 10, foreign: 4 } },
          },
        ],
        narrative: "",
      },
    });
  });

  it("moves an error of the second indicator (the first reported) back onto the second indicator's fields", () => {
    const parsed = parseReportForm(form({ "indicatorActuals.1.value": "many" }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(["indicatorActuals.1.value"]);
    const rules = ruleIssuesToErrors(
      [
        {
          path: "indicatorActuals[0].disaggregation.sex",
          message: "the sex counts add up to 15, more than the value 14",
        },
      ],
      form(),
    );
    expect(rules).toEqual({
      "indicatorActuals.1.disaggregation.sex": "the sex counts add up to 15, more than the value 14",
    });
  });

  it("refuses a breakdown that does not read as code=count pairs, on its field", () => {
    const parsed = parseReportForm(form({ "indicatorActuals.1.disaggregation.nationality": "Kenyan ten" }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors["indicatorActuals.1.disaggregation.nationality"]).toContain("code=count");
    expect(pairsOf("nairobi: 3; mombasa=2")).toEqual({ nairobi: 3, mombasa: 2 });
    expect(pairsOf("")).toEqual({});
  });
});
