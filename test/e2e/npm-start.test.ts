import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient, eventually, expectStatus } from "../support/api-client.js";

const run = promisify(execFile);

// What a newcomer does: `npm start`, open the docs, get a token with `npm run token`, call the API, Ctrl-C.
describe("npm start", () => {
  let child: ChildProcess | undefined;
  let stateDir: string | undefined;

  afterAll(async () => {
    // The whole process group, as a terminal would: npm, tsx, node and DynamoDB Local's java.
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it("serves health, docs and the API, hands out persona tokens and stops cleanly on Ctrl-C", async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ffa-start-"));
    const env = { ...process.env, PORT: "0", FFA_STATE_DIR: stateDir };
    const started = spawn("npm", ["start", "--silent"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child = started;
    let output = "";
    started.stdout?.on("data", (d) => {
      output += String(d);
    });
    started.stderr?.on("data", (d) => {
      output += String(d);
    });
    const url = await eventually(
      async () => /API\s+(http:\/\/localhost:\d+)/.exec(output)?.[1],
      `npm start to print its URL (output so far: ${output})`,
      60_000,
    );
    const api = apiClient(url);

    expectStatus(await api.get("/health"), 200);
    const docs = await api.get<string>("/docs");
    expectStatus(docs, 200);
    expect(docs.body).toContain("swagger-ui");
    const openapi = await api.get<{ openapi: string }>("/openapi.json");
    expect(openapi.body.openapi).toMatch(/^3\.1/);
    expectStatus(await api.get("/cycles"), 401);

    const { stdout } = await run(
      "npm",
      ["run", "-s", "token", "--", "approver", "KEN", "ministry-of-justice"],
      {
        env,
      },
    );
    const token = stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    const cycles = await api.get<{ items: unknown[] }>("/cycles", token);
    expectStatus(cycles, 200);
    expect(cycles.body.items).toEqual([]);

    const exited = new Promise<void>((resolve) => started.once("exit", () => resolve()));
    // Ctrl-C in a terminal signals the foreground process group, not one process.
    if (!started.pid) throw new Error("npm start has no pid");
    process.kill(-started.pid, "SIGINT");
    // npm itself dies of the signal (as in a terminal); the product inside must have shut down cleanly.
    await exited;
    expect(output).toContain("stopped.");
  });
});
