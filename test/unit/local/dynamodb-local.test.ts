import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DynamoDbLocalError, startDynamoDbLocal } from "../../../functions/local/dynamodb-local.js";

// None of these runs a JVM: each fails before Java would start, or meets a stand-in script where Java would be.

let server: Server | undefined;
const fakeHomes: string[] = [];

/** A JAVA_HOME whose bin/java prints `output` to stderr and exits with `code`. */
function fakeJavaHome(output: string, code: number): string {
  const home = mkdtempSync(join(tmpdir(), "fake-jdk-"));
  fakeHomes.push(home);
  const bin = join(home, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "java"), `#!/bin/sh\ncat >&2 <<'OUT'\n${output}\nOUT\nexit ${code}\n`);
  chmodSync(join(bin, "java"), 0o755);
  return home;
}

afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
  for (const home of fakeHomes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe("startDynamoDbLocal without a usable Java", () => {
  it("says Java 17 is required and how to install it when java is not on PATH", async () => {
    const start = startDynamoDbLocal({ env: { PATH: "/nonexistent" } });

    const error = await start.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DynamoDbLocalError);
    expect((error as Error).message).toMatch(/Java 17 or newer is required/);
    expect((error as Error).message).toContain("apt-get install openjdk-17-jre-headless");
    expect((error as Error).message).toContain("JAVA_HOME/bin");
  });

  it("names JAVA_HOME when it points at no Java", async () => {
    const start = startDynamoDbLocal({ env: { PATH: "/nonexistent", JAVA_HOME: "/opt/no-such-jdk" } });

    await expect(start).rejects.toThrow(/JAVA_HOME is set to \/opt\/no-such-jdk.*Java 17/);
  });
});

describe("startDynamoDbLocal on a busy port", () => {
  it("refuses a port already in use and names it", async () => {
    server = createServer();
    const port = await new Promise<number>((done) =>
      server?.listen(0, "0.0.0.0", () => {
        const address = server?.address();
        done(typeof address === "object" && address ? address.port : 0);
      }),
    );

    await expect(startDynamoDbLocal({ port, env: { PATH: "/nonexistent" } })).rejects.toThrow(
      new RegExp(`Port ${port} is already in use`),
    );
  });
});

describe("startDynamoDbLocal when Java gives up", () => {
  it("explains that a Java older than 17 cannot run it", async () => {
    const javaHome = fakeJavaHome(
      "Error: LinkageError occurred while loading main class\njava.lang.UnsupportedClassVersionError: class file version 61.0",
      1,
    );

    const start = startDynamoDbLocal({ env: { PATH: process.env.PATH, JAVA_HOME: javaHome } });

    await expect(start).rejects.toThrow(/older than 17.*apt-get install openjdk-17-jre-headless/s);
  });

  it("passes on the exit code and the last lines of output when it exits before answering", async () => {
    const javaHome = fakeJavaHome("Exception in thread main: disk full", 3);

    const start = startDynamoDbLocal({ env: { PATH: process.env.PATH, JAVA_HOME: javaHome } });

    await expect(start).rejects.toThrow(/exited with code 3 before it was ready[\s\S]*disk full/);
  });
});
