import { expect } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { type ApiResponse, type apiClient, eventually, expectStatus } from "../support/api-client.js";
import type { CycleBody } from "./cycle-fixtures.js";

// The steps of the whole-cycle end-to-end test that are not themselves assertions of the story: the personas, the
// plan period, the shapes the API answers, and a session bound to one cycle that submits, approves, waits on the
// workflow and moves the local clock.

export type Api = ReturnType<typeof apiClient>;
export type Tokens = Record<
  "coordinator" | "justice" | "interior" | "police" | "labour" | "donor" | "otherDonor",
  string
>;

export const POLICE = "national-police";
export const LABOUR = "labour-inspectorate";
export const DONOR = "giz";
export const MINISTRIES = ["ministry-of-justice", "ministry-of-interior"];
const DAY_MS = 86_400_000;

export async function mintTokens(stack: LocalStack): Promise<Tokens> {
  const mint = (p: Parameters<LocalStack["issuer"]["mint"]>[0]) => stack.issuer.mint(p);
  return {
    coordinator: await mint({ role: "coordinator", country: "KEN", name: "Amina Otieno" }),
    justice: await mint({ role: "approver", country: "KEN", ministry: "ministry-of-justice" }),
    interior: await mint({ role: "approver", country: "KEN", ministry: "ministry-of-interior" }),
    police: await mint({ role: "member", country: "KEN", agency: POLICE }),
    labour: await mint({ role: "member", country: "KEN", agency: LABOUR }),
    donor: await mint({ role: "donor", organisation: DONOR }),
    otherDonor: await mint({ role: "donor", organisation: "usaid" }),
  };
}

/** A one-year plan from the first of next month: four quarterly periods, the first round about four months away. */
export function oneYearFrom(now: Date): { start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), 1) - DAY_MS);
  return { start: isoDay(start), end: isoDay(end) };
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The day before the first of the month `months` after `start` (an inclusive end date). */
export function endAfterMonths(start: string, months: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) - DAY_MS));
}

/** Asserts a 201 and answers the new item's id. */
export function expectCreated(res: ApiResponse<{ id: string }>): string {
  expectStatus(res, 201);
  return res.body.id;
}

export type Cycle = CycleBody & {
  frameworks: { id: string; version: string }[];
  status: string;
  position: { kind: string; stage?: string; index?: number };
  stages: (CycleBody["stages"][number] & { versionNumber?: number; amendment?: { number: number } })[];
};
export type DonorCycle = { stages: { stage: string; approved: { number: number } | null }[] };
export type Period = {
  index: number;
  label: string;
  state: string;
  opensAt: string;
  dueAt: string;
  reportsComplete: boolean;
  expectedAgencies: string[];
  reportedAgencies: string[];
  missingAgencies: string[];
  overdueAgencies: string[];
  reminders: number;
};
export type Diff = {
  added: { key: string }[];
  removed: { key: string }[];
  changed: { key: string; fields: { path: string; before?: unknown; after?: unknown }[] }[];
};
type Cell = { victims: number | null };
export type Monitoring = {
  plan: { source: string; versionNumber?: number };
  totals: {
    activities: number;
    budget: { currency: string; planned: number; spent: number }[];
    catalogues: { catalogue: string; activities: number; jointActivities: number }[];
  };
  indicators: { id: string; latest: { value: number | null } | null }[];
  sdg: {
    years: {
      victims: number | null;
      rate: number | null;
      bySex: Record<string, Cell> | null;
      byAge: Record<string, Cell> | null;
    }[];
  };
  suppression: { applied: boolean };
};
export type Summary = {
  activities: Record<string, number>;
  budget: { planned: number; spent: number; currency: string | null };
  indicators: Record<string, number>;
  periods: { total: number; withMissingReports: number };
};

/** The named stage of a cycle as the API answers it. */
export function stageIn(c: Cycle, name: string): Cycle["stages"][number] {
  const found = c.stages.find((s) => s.stage === name);
  if (!found) throw new Error(`no stage ${name} in cycle ${c.id}`);
  return found;
}
export const stageIs = (name: string, state: string) => (c: Cycle) => stageIn(c, name).state === state;

/**
 * One cycle driven over HTTP: its reads, the coordinator's submissions, the ministries' approvals, and the waits
 * that keep the test in step with the workflow (time moves only once the execution waits for it).
 */
export class CycleSession {
  cycleId = "";

  constructor(
    private readonly stack: LocalStack,
    private readonly api: Api,
    private readonly t: Tokens,
  ) {}

  async cycle(token = this.t.coordinator): Promise<Cycle> {
    const res = await this.api.get<Cycle>(`/cycles/${this.cycleId}`, token);
    expectStatus(res, 200);
    return res.body;
  }

  /** Polls the cycle until `check` holds. */
  cycleWhere(what: string, check: (c: Cycle) => boolean): Promise<Cycle> {
    return eventually(async () => {
      const c = await this.cycle();
      return check(c) ? c : undefined;
    }, what);
  }

  async submit(stage: string): Promise<void> {
    const path = `/cycles/${this.cycleId}/stages/${stage}/submit`;
    const res = await this.api.post<{ stage: { state: string } }>(path, this.t.coordinator, {});
    expectStatus(res, 200);
    expect(res.body.stage.state).toBe("submitted");
  }

  async approve(stage: string, tokens: string[]): Promise<void> {
    for (const token of tokens) {
      const path = `/cycles/${this.cycleId}/stages/${stage}/decisions`;
      expectStatus(await this.api.post(path, token, { decision: "approve" }), 200);
    }
  }

  /** Waits until the execution whose name ends with `suffix` waits in `state`, so that time can move past it. */
  waits(suffix: string, state: string) {
    return eventually(
      async () =>
        this.stack.engine
          .executions()
          .find(
            (e) => e.name.startsWith(this.cycleId) && e.name.endsWith(suffix) && e.currentState === state,
          ),
      `${suffix} of ${this.cycleId} to wait in ${state}`,
    );
  }

  /** Submits the stage, waits for the decision wait and has it approved by `tokens`. */
  async submitAndApprove(stage: string, execution: string, tokens: string[]): Promise<void> {
    await this.waits(execution, "AwaitSubmission");
    await this.submit(stage);
    await this.waits(execution, "AwaitDecision");
    await this.approve(stage, tokens);
  }

  async periods(): Promise<Period[]> {
    const res = await this.api.get<{ items: Period[] }>(
      `/cycles/${this.cycleId}/periods`,
      this.t.coordinator,
    );
    expectStatus(res, 200);
    return res.body.items;
  }

  periodWhere(index: number, what: string, check: (p: Period) => boolean): Promise<Period> {
    return eventually(async () => {
      const p = (await this.periods())[index];
      return p && check(p) ? p : undefined;
    }, `period ${index} ${what}`);
  }

  /** Moves the clock to the period's round once its execution waits for it, and answers the opened period. */
  async openRound(index: number): Promise<Period> {
    const scheduled = await this.periodWhere(index, "scheduled", (p) => p.state === "scheduled");
    await this.waits(`--period-${index}--g0`, "WaitForPeriod");
    await this.advanceTo(scheduled.opensAt);
    return this.periodWhere(index, "open", (p) => p.state === "open");
  }

  /** Moves the local clock to `at` plus a minute, through the local-only route, and checks it moved. */
  async advanceTo(at: string): Promise<void> {
    const now = await this.api.get<{ now: string }>("/local/clock", this.t.coordinator);
    expectStatus(now, 200);
    const seconds = Math.ceil((Date.parse(at) - Date.parse(now.body.now)) / 1000) + 60;
    expect(seconds, `the clock (${now.body.now}) is already past ${at}`).toBeGreaterThan(0);
    const moved = await this.api.post<{ now: string }>("/local/clock/advance", this.t.coordinator, {
      seconds,
    });
    expectStatus(moved, 200);
    expect(Date.parse(moved.body.now)).toBeGreaterThan(Date.parse(at));
  }

  /** The notifications of this cycle in the inbox `token` reads, newest first. */
  async inbox(token: string): Promise<{ kind: string; subject: string }[]> {
    const res = await this.api.get<{ items: { kind: string; subject: string; cycleId: string }[] }>(
      "/inbox?limit=100",
      token,
    );
    expectStatus(res, 200);
    return res.body.items.filter((n) => n.cycleId === this.cycleId);
  }

  /** Every audit event of the cycle, oldest first, paging through the trail. */
  async audit(): Promise<{ action: string; summary: string }[]> {
    const out: { action: string; summary: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = `/cycles/${this.cycleId}/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await this.api.get<{ items: { action: string; summary: string }[]; cursor?: string }>(
        page,
        this.t.coordinator,
      );
      expectStatus(res, 200);
      out.push(...res.body.items);
      cursor = res.body.cursor;
    } while (cursor);
    return out;
  }

  /** The executions of this cycle, as `<position>--g<generation>` and status. */
  executions(): [string, string][] {
    return this.stack.engine
      .executions()
      .filter((e) => e.name.startsWith(this.cycleId))
      .map((e) => [e.name.slice(this.cycleId.length + 2), e.status]);
  }
}
