import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevIssuer, loadOrCreateDevIssuer } from "../../functions/local/dev-issuer.js";
import { createLocalDynamoClient, startDynamoDbLocal } from "../../functions/local/dynamodb-local.js";
import { ensureTable } from "../../functions/store/table.js";
import { type ApiResponse, apiClient, eventually, expectStatus } from "../support/api-client.js";
import { type AssessmentBody, answerFor, type CycleBody, fillAssessment, stageOf } from "./cycle-fixtures.js";

// `npm start` killed with SIGKILL (no shutdown hook runs: the power goes, the OOM killer strikes) in the middle of
// an approval, then started again on the same state folder: nothing acknowledged is lost, nothing is half-written,
// and the pending approval completes. restart.test.ts covers the orderly stop; this is the hard one.

type Runtime = { child: ChildProcess; api: ReturnType<typeof apiClient>; output: () => string };

async function start(stateDir: string): Promise<Runtime> {
  const child = spawn("npm", ["start", "--silent"], {
    env: { ...process.env, PORT: "0", FFA_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, as in a terminal: npm, tsx, node and DynamoDB Local's java die together.
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const url = await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${output}`);
      return /API\s+(http:\/\/localhost:\d+)/.exec(output)?.[1];
    },
    "npm start to print its URL",
    60_000,
  );
  return { child, api: apiClient(url), output: () => output };
}

/** SIGKILL to the whole group, then wait until no process of it is left (the data folder is free again). */
async function killHard(runtime: Runtime): Promise<void> {
  const pid = runtime.child.pid;
  if (!pid) throw new Error("npm start has no pid");
  process.kill(-pid, "SIGKILL");
  await eventually(
    async () => {
      try {
        process.kill(-pid, 0);
        return undefined;
      } catch {
        return true;
      }
    },
    "the killed process group to be gone",
    15_000,
  );
}

describe("killing the local runtime with SIGKILL in the middle of an approval", () => {
  let stateDir: string;
  let runtime: Runtime | undefined;
  let issuer: DevIssuer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-kill-"));
    runtime = await start(stateDir);
    // The runtime made its signing key in the state folder; tokens minted from it survive the restarts.
    issuer = await loadOrCreateDevIssuer(stateDir);
    tokens.coordinator = await issuer.mint({ role: "coordinator", country: "KEN" });
    for (const ministry of ["ministry-of-justice", "ministry-of-interior"]) {
      tokens[ministry] = await issuer.mint({ role: "approver", country: "KEN", ministry });
    }
  });
  afterAll(async () => {
    if (runtime) await killHard(runtime).catch(() => {});
    await rm(stateDir, { recursive: true, force: true });
  });

  const api = () => {
    if (!runtime) throw new Error("the runtime is not running");
    return runtime.api;
  };
  const token = (who: string) => tokens[who] ?? "";

  async function submittedCycle(title: string, ministries: string[]): Promise<string> {
    const created = await api().post<CycleBody>("/cycles", token("coordinator"), {
      title,
      frameworks: [{ id: "SOM" }],
      planPeriod: { start: "2027-01-01", end: "2028-12-31" },
      approvalPolicies: { assessment: { ministries, rule: { type: "all" } } },
    });
    expectStatus(created, 201);
    await fillAssessment(api(), token("coordinator"), created.body.id);
    expectStatus(
      await api().post(`/cycles/${created.body.id}/stages/assessment/submit`, token("coordinator"), {}),
      200,
    );
    return created.body.id;
  }

  const decide = (cycleId: string, ministry: string, key?: string) =>
    api().post<CycleBody>(
      `/cycles/${cycleId}/stages/assessment/decisions`,
      token(ministry),
      { decision: "approve" },
      key ? { "idempotency-key": key } : {},
    );

  const reachesPriorities = (cycleId: string) =>
    eventually(
      async () => {
        const res = await api().get<CycleBody>(`/cycles/${cycleId}`, token("coordinator"));
        return res.body.currentStage === "priorities" && stageOf(res.body, "priorities").state === "draft"
          ? res.body
          : undefined;
      },
      `cycle ${cycleId} to move on to its priorities`,
      30_000,
    );

  async function actions(cycleId: string): Promise<string[]> {
    const res = await api().get<{ items: { action: string }[] }>(
      `/cycles/${cycleId}/audit?limit=100`,
      token("coordinator"),
    );
    expectStatus(res, 200);
    return res.body.items.map((e) => e.action);
  }
  const count = (list: string[], action: string) => list.filter((a) => a === action).length;

  it("keeps a decision acknowledged just before the kill, and the approval completes after the restart", async () => {
    const cycleId = await submittedCycle("Killed after a decision", [
      "ministry-of-justice",
      "ministry-of-interior",
    ]);
    expectStatus(await decide(cycleId, "ministry-of-justice"), 200);
    if (!runtime) throw new Error("no runtime");
    await killHard(runtime);

    runtime = await start(stateDir);

    const after = await api().get<CycleBody>(`/cycles/${cycleId}`, token("coordinator"));
    expectStatus(after, 200);
    expect(stageOf(after.body, "assessment")).toMatchObject({
      state: "submitted",
      awaiting: ["ministry-of-interior"],
    });
    expectStatus(await decide(cycleId, "ministry-of-interior"), 200);
    const moved = await reachesPriorities(cycleId);
    expect(stageOf(moved, "assessment").state).toBe("approved");
    const trail = await actions(cycleId);
    expect(count(trail, "stage.decision_recorded")).toBe(2);
    expect(count(trail, "stage.approved")).toBe(1);
    expect(count(trail, "version.frozen")).toBe(1);
  });

  it("loses nothing when killed while requests are in flight: retried with their keys, each takes effect once", async () => {
    const decided = await submittedCycle("Killed during its approval", ["ministry-of-justice"]);
    const edited = await api().post<CycleBody>("/cycles", token("coordinator"), {
      title: "Edited while killed",
      frameworks: [{ id: "SOM" }],
      planPeriod: { start: "2027-01-01", end: "2028-12-31" },
      approvalPolicies: { assessment: { ministries: ["ministry-of-justice"] } },
    });
    expectStatus(edited, 201);
    const editedId = edited.body.id;
    const assessment = await api().get<AssessmentBody>(
      `/cycles/${editedId}/assessment`,
      token("coordinator"),
    );
    const measures = assessment.body.items.map((i) => i.measureId);
    // A stream of small bulk edits, each with its key, and the approval among them; the kill lands mid-stream.
    const batches = measures.map((measureId, i) => ({
      key: `edit-${i}`,
      body: { entries: [{ measureId, answer: answerFor(i) }] },
    }));
    const bulk = (b: (typeof batches)[number]) =>
      api().post(`/cycles/${editedId}/assessment/bulk`, token("coordinator"), b.body, {
        "idempotency-key": b.key,
      });
    const acknowledged = new Set<string>();
    let sent = 0;
    let killed = false;
    // Paced by the answers, not by a clock: the approval goes out after the third edit is acknowledged and the
    // kill comes after the sixth, whatever the machine's speed, with the seventh edit (and maybe the approval) in flight.
    let reached: (count: number) => void = () => {};
    const ackedAtLeast = (n: number) =>
      new Promise<void>((resolve) => {
        const previous = reached;
        reached = (count) => {
          previous(count);
          if (count >= n) resolve();
        };
      });
    const third = ackedAtLeast(3);
    const sixth = ackedAtLeast(6);
    const stream = (async () => {
      for (const b of batches) {
        if (killed) return;
        sent++;
        const res = await bulk(b);
        if (res.status === 200) acknowledged.add(b.key);
        reached(acknowledged.size);
      }
    })().catch(() => {});
    await third;
    const approval = decide(decided, "ministry-of-justice", "justice-in-flight").catch((e: unknown) => e);
    await sixth;
    if (!runtime) throw new Error("no runtime");
    killed = true;
    await killHard(runtime);
    await stream;
    const answered = await approval;
    expect(sent, "the kill should land in the middle of the stream").toBeLessThan(batches.length);

    runtime = await start(stateDir);

    // Every request retried with its key: what was acknowledged is replayed, what was in flight happens now or is
    // replayed, never twice.
    for (const b of batches.slice(0, sent)) {
      const res = await bulk(b);
      expectStatus(res, 200);
      if (acknowledged.has(b.key)) expect(res.headers.get("idempotent-replayed"), b.key).toBe("true");
    }
    const retried: ApiResponse<CycleBody> = await decide(decided, "ministry-of-justice", "justice-in-flight");
    expectStatus(retried, 200);
    if (!(answered instanceof Error) && (answered as ApiResponse).status === 200) {
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
    }
    await reachesPriorities(decided);
    const decidedTrail = await actions(decided);
    expect(count(decidedTrail, "stage.decision_recorded")).toBe(1);
    expect(count(decidedTrail, "stage.approved")).toBe(1);
    const editedTrail = await actions(editedId);
    expect(count(editedTrail, "entries.bulk_upserted")).toBe(sent);
    const entries = await api().get<AssessmentBody>(`/cycles/${editedId}/assessment`, token("coordinator"));
    const answeredIds = entries.body.items.filter((i) => i.entry !== null).map((i) => i.measureId);
    expect(answeredIds.sort()).toEqual(measures.slice(0, sent).sort());
    for (const item of entries.body.items.filter((i) => i.entry !== null))
      expect(item.entry?.version).toBe(1);
  });
});

// The mechanism the runtime's durability rests on, alone and repeated: DynamoDB Local answers TransactWriteItems before
// its commit runs, and half the transactions killed at once are lost unless the client waits for the commit.
describe("DynamoDB Local killed the moment it acknowledged a transaction", () => {
  it("keeps every transaction acknowledged to npm start's client", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ffa-ddb-kill-"));
    try {
      const rounds = 4;
      for (let round = 0; round <= rounds; round++) {
        const dynamo = await startDynamoDbLocal({ dbPath: dir });
        const client = createLocalDynamoClient(dynamo.endpoint, { durableTransactions: true });
        try {
          await ensureTable(client, "durability");
          for (let earlier = 0; earlier < round; earlier++) {
            const key = marshall({ pk: "acknowledged", sk: `round-${earlier}` });
            const found = await client.send(new GetItemCommand({ TableName: "durability", Key: key }));
            expect(found.Item, `the transaction of round ${earlier}`).toBeDefined();
          }
          if (round === rounds) break;
          const java = Number(
            execFileSync("pgrep", ["-f", `DynamoDBLocal.jar -port ${dynamo.port} `])
              .toString()
              .split("\n")[0],
          );
          await client.send(
            new TransactWriteItemsCommand({
              TransactItems: ["acknowledged", "its-audit-event"].map((pk) => ({
                Put: {
                  TableName: "durability",
                  Item: marshall({ pk, sk: `round-${round}`, body: "x".repeat(20_000) }),
                },
              })),
            }),
          );
          process.kill(java, "SIGKILL");
        } finally {
          client.destroy();
          await dynamo.stop();
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
