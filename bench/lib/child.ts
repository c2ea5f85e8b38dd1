import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The line a child process prints its result on: `BENCH <json>`. */
const PREFIX = "BENCH ";

export function report(result: unknown): void {
  process.stdout.write(`\n${PREFIX}${JSON.stringify(result)}\n`);
}

export type ChildOptions = { env?: NodeJS.ProcessEnv; timeoutMs?: number };

/**
 * Runs `node <args>` in a fresh process from the project root and returns what it reported with `report()`.
 * A failing child throws with its stderr, so a broken bundle or fixture is named instead of measured as zero.
 */
export function runChild<T>(args: string[], options: ChildOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: ROOT,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith(PREFIX));
        if (error || !line) {
          reject(new Error(`node ${args.join(" ")} failed: ${error?.message ?? "no result"}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(line.slice(PREFIX.length)) as T);
      },
    );
  });
}

/** The arguments of `node --import tsx <script> ...args`: a TypeScript child of the bench (`script`: a file URL). */
export function tsChild(script: URL, ...args: string[]): string[] {
  return ["--import", "tsx", fileURLToPath(script), ...args];
}
