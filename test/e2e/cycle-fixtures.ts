import type { ApiResponse } from "../support/api-client.js";
import { type apiClient, expectStatus } from "../support/api-client.js";

export type CycleBody = {
  id: string;
  currentStage: string | null;
  stages: { stage: string; state: string; round: number; awaiting: string[]; version: number }[];
};
export type AssessmentBody = {
  items: { measureId: string; mandatory: boolean; entry: { version: number; status: string } | null }[];
  scores: { overall: { completeness: number; measures: number; answered: number } };
};

export const STATUSES = ["in_place", "partial", "absent", "unknown", "not_applicable"] as const;

/** A plausible answer for the i-th measure: a spread of statuses with severities that fit them. */
export function answerFor(i: number) {
  const status = STATUSES[i % STATUSES.length] ?? "unknown";
  const severity =
    status === "in_place" || status === "not_applicable" ? 0 : status === "unknown" ? 1 : (i % 3) + 1;
  return {
    status,
    severity,
    evidence: `Reviewed against the national law and agency reports (item ${i})`,
    source: "Working group session",
  };
}

/** Answers every measure of the cycle's assessment with bulk requests of at most 50, as a coordinator. */
export async function fillAssessment(api: ReturnType<typeof apiClient>, token: string, cycleId: string) {
  const assessment = await api.get<AssessmentBody>(`/cycles/${cycleId}/assessment`, token);
  expectStatus(assessment, 200);
  const open = assessment.body.items.filter((item) => item.entry === null);
  const responses: ApiResponse[] = [];
  for (let start = 0; start < open.length; start += 50) {
    const chunk = open.slice(start, start + 50);
    const res = await api.post(
      `/cycles/${cycleId}/assessment/bulk`,
      token,
      { entries: chunk.map((item, j) => ({ measureId: item.measureId, answer: answerFor(start + j) })) },
      { "idempotency-key": `fill-${cycleId}-${start}` },
    );
    expectStatus(res, 200);
    responses.push(res);
  }
  return { measures: assessment.body.items.length, requests: responses.length };
}

export function stageOf(cycle: CycleBody, name: string) {
  const stage = cycle.stages.find((s) => s.stage === name);
  if (!stage) throw new Error(`no stage ${name} in ${JSON.stringify(cycle)}`);
  return stage;
}
