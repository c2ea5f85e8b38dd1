import { type Api, endAfterMonths, expectCreated, LABOUR, POLICE } from "./whole-cycle-steps.js";

// The content of the whole-cycle test's plan: which priorities the working group accepts, the action plan it writes
// for them through the API, and the progress reports its two lead agencies file.

export type Candidate = {
  measureId: string;
  catalogue: "TIP" | "SOM";
  pillarId: string;
  mandatory: boolean;
  gapStatus: string;
  severity: number;
  flags: { mandatory: boolean; carriedOver: boolean };
  rank: number;
  score: number;
  decision: { outcome: string; reason: string } | null;
  version: number;
};
export type Priorities = {
  stage: { state: string };
  summary: Record<
    "candidates" | "accepted" | "deferred" | "rejected" | "undecided" | "unmetObligations",
    number
  >;
  items: Candidate[];
};

/** The four priorities the plan answers: two TIP obligations, one SOM obligation, and one measure that is not. */
export type Chosen = {
  victims: Candidate;
  inspections: Candidate;
  smuggling: Candidate;
  optional: Candidate;
};

export function choosePriorities(items: Candidate[]): Chosen {
  const pick = (what: string, ok: (c: Candidate) => boolean, not: Candidate[] = []) => {
    const found = items.find((c) => ok(c) && !not.includes(c));
    if (!found) throw new Error(`no candidate for ${what} among ${items.length}`);
    return found;
  };
  const victims = pick("a TIP protection obligation", (c) => c.mandatory && c.pillarId === "TIP.PROT");
  const inspections = pick("a TIP prevention obligation", (c) => c.mandatory && c.pillarId === "TIP.PREV");
  const smuggling = pick("a SOM obligation", (c) => c.mandatory && c.catalogue === "SOM");
  const optional = pick(
    "a TIP measure that is not an obligation",
    (c) => !c.mandatory && c.catalogue === "TIP",
  );
  return { victims, inspections, smuggling, optional };
}

const pillarCode = (c: Candidate) => c.pillarId.split(".")[1] ?? "";

export type PlanIds = {
  activities: { victims: string; inspections: string; border: string };
  indicators: { victims: string; inspections: string; border: string };
  objectives: string[];
};

/**
 * Writes the action plan as the coordinator would: the settings (a population for SDG 16.2.2, the pillars without an
 * objective justified), an objective per pillar of the accepted priorities, an activity for every accepted priority
 * (one joint border activity serves the SOM obligation and the optional TIP measure), and an indicator on each.
 */
export async function writePlan(
  api: Api,
  token: string,
  cycleId: string,
  period: { start: string; end: string },
  chosen: Chosen,
): Promise<PlanIds> {
  const post = async (path: string, body: unknown) =>
    expectCreated(await api.post<{ id: string }>(`/cycles/${cycleId}/plan${path}`, token, body));
  const pillars = [...new Set(Object.values(chosen).map(pillarCode))];
  const justified = ["PROS", "PROT", "PREV", "NCC", "ICC"].filter((p) => !pillars.includes(p));
  const current = await api.get<{ settings: { version: number } }>(`/cycles/${cycleId}/plan`, token);
  if (current.status !== 200) throw new Error(`GET /plan answered ${current.status}`);
  const settings = await api.put(`/cycles/${cycleId}/plan/settings`, token, {
    pillarJustifications: Object.fromEntries(
      justified.map((p) => [p, `Covered by the national policing strategy; no gap assessed under ${p}`]),
    ),
    suppressionThreshold: 5,
    population: {
      year: Number(period.start.slice(0, 4)),
      total: 55_100_000,
      bySex: { female: 27_900_000, male: 27_200_000 },
      byAge: { child: 24_000_000, adult: 31_100_000 },
    },
    ...(current.body.settings.version > 0 ? { expectedVersion: current.body.settings.version } : {}),
  });
  if (settings.status !== 200)
    throw new Error(`PUT /plan/settings answered ${settings.status}: ${JSON.stringify(settings.body)}`);

  const objectiveOf: Record<string, string> = {};
  for (const pillar of pillars) {
    const serves = Object.values(chosen).filter((c) => pillarCode(c) === pillar);
    objectiveOf[pillar] = await post("/objectives", {
      title: `Close the assessed gaps under ${pillar}`,
      pillar,
      priorityIds: serves.map((c) => c.measureId),
    });
  }
  const activity = (c: Candidate, body: Record<string, unknown>) =>
    post("/activities", { objectiveId: objectiveOf[pillarCode(c)], start: period.start, ...body });
  const victims = await activity(chosen.victims, {
    title: "Identify victims and refer them to assistance",
    leadAgency: POLICE,
    partnerAgencies: ["social-protection-department"],
    end: period.end,
    budget: { amount: 120_000, currency: "USD", source: "donor", donorName: "GIZ", funded: true },
    measureIds: [chosen.victims.measureId],
    priorityIds: [chosen.victims.measureId],
  });
  const inspections = await activity(chosen.inspections, {
    title: "Inspect recruitment agencies in high-risk sectors",
    leadAgency: LABOUR,
    end: period.end,
    budget: { amount: 40_000, currency: "USD", source: "state", funded: true },
    measureIds: [chosen.inspections.measureId],
    priorityIds: [chosen.inspections.measureId],
  });
  // A joint activity of both catalogues, over the first half of the plan only.
  const border = await activity(chosen.smuggling, {
    title: "Joint border training on trafficking and smuggling",
    leadAgency: POLICE,
    partnerAgencies: ["immigration-department"],
    end: endAfterMonths(period.start, 6),
    budget: { amount: 60_000, currency: "USD", source: "state", funded: false },
    measureIds: [chosen.smuggling.measureId, chosen.optional.measureId],
    priorityIds: [chosen.smuggling.measureId, chosen.optional.measureId],
  });
  const [first, last] = [Number(period.start.slice(0, 4)), Number(period.end.slice(0, 4))];
  const indicator = (activityId: string, body: Record<string, unknown>) =>
    post("/indicators", {
      attachedTo: { kind: "activity", id: activityId },
      type: "output",
      isCount: true,
      baseline: { value: 0, year: first - 1 },
      meansOfVerification: "Agency records, checked by the secretariat",
      ...body,
    });
  const indicators = {
    victims: await indicator(victims, {
      name: "Victims identified and referred",
      type: "outcome",
      unit: "persons",
      // Judged on the periods ending in the plan's last year: at least the last quarter's, whatever today's date.
      targets: [{ year: last, value: 10 }],
      disaggregation: ["sex", "age"],
      sdg: "16.2.2",
    }),
    inspections: await indicator(inspections, {
      name: "Recruitment agencies inspected",
      type: "process",
      unit: "agencies",
      targets: [{ year: last, value: 1_000 }],
    }),
    border: await indicator(border, {
      name: "Border officers trained on both protocols",
      unit: "persons",
      targets: [{ year: Number(endAfterMonths(period.start, 6).slice(0, 4)), value: 25 }],
      disaggregation: ["sex"],
    }),
  };
  return { activities: { victims, inspections, border }, indicators, objectives: Object.values(objectiveOf) };
}

/** An activity's progress in a report: status, % complete, spend in the period. */
type Progress = readonly [
  status: "on_track" | "delayed" | "completed",
  percentComplete: number,
  spend: number,
];
const progress = (activityId: string, [status, percentComplete, spend]: Progress) => ({
  activityId,
  status,
  percentComplete,
  spend,
});

/**
 * The two lead agencies' reports, as their members file them: the police on victim identification (the SDG 16.2.2
 * count, by sex and age) and, while it runs, the border training; the labour inspectorate on its inspections.
 */
export function reportsOf(
  api: Api,
  cycleId: string,
  plan: PlanIds,
  tokens: { police: string; labour: string },
) {
  const send = (token: string, index: number, activities: unknown[], indicatorActuals: unknown[]) =>
    api.post(
      `/cycles/${cycleId}/periods/${index}/reports`,
      token,
      { activities, indicatorActuals, narrative: `Progress in period ${index + 1}` },
      { "idempotency-key": `${cycleId}-${index}-${token.slice(-12)}` },
    );
  return {
    police: (
      index: number,
      victims: Progress,
      [value, female, male, child]: readonly [number, number, number, number],
      border?: { progress: Progress; trained: readonly [number, number, number] },
    ) =>
      send(
        tokens.police,
        index,
        [
          progress(plan.activities.victims, victims),
          ...(border ? [progress(plan.activities.border, border.progress)] : []),
        ],
        [
          {
            indicatorId: plan.indicators.victims,
            value,
            disaggregation: { sex: { female, male }, age: { child, adult: value - child } },
          },
          ...(border
            ? [
                {
                  indicatorId: plan.indicators.border,
                  value: border.trained[0],
                  disaggregation: { sex: { female: border.trained[1], male: border.trained[2] } },
                },
              ]
            : []),
        ],
      ),
    labour: (index: number, inspections: Progress, inspected: number) =>
      send(
        tokens.labour,
        index,
        [progress(plan.activities.inspections, inspections)],
        [{ indicatorId: plan.indicators.inspections, value: inspected }],
      ),
  };
}
