import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { type BundleRequest, bundle, keepZodLocalesOut } from "../../infra/constructs/esbuild-bundle.js";
import { RUNTIME_PROVIDED_MODULES } from "../../infra/constructs/planner-function.js";
import { ROOT } from "../lib/child.js";
import { SDK_CLIENTS } from "./functions.js";

/** Where the bench's bundles go: inside the repository (git-ignored), so `@aws-sdk/client-*` resolve from them. */
export const BUNDLES_DIR = join(ROOT, "bench", "results", "bundles");

/**
 * `deployed`: exactly the CDK asset (SDK clients left to the Lambda runtime). `sdk-bundled`: the same build with
 * the clients inside, i.e. all the code the function loads at a cold start.
 */
export type Variant = "deployed" | "sdk-bundled";

export type Built = {
  file: string;
  bytes: number;
  /** `@aws-sdk/client-*` packages the bundle imports (external) or contains (bundled). */
  clients: string[];
  /** Bytes in the output per package (`zod`, `@smithy/core`) or per project folder (`functions/core`). */
  contributions: Map<string, number>;
};

/**
 * Builds through infra's own `bundle()`, the function CDK runs, so the options cannot drift from the deployed ones.
 * `bundle()` takes no metafile option; esbuild lets a plugin switch options on in its setup (`initialOptions`), so
 * the metafile is asked for through the one plugin `bundle()` always loads, for this build only.
 */
export async function build(entry: string, outdir: string, variant: Variant): Promise<Built> {
  const request: BundleRequest = {
    entry,
    outdir,
    external: variant === "deployed" ? [...RUNTIME_PROVIDED_MODULES] : [],
    copy: [],
  };
  const setup = keepZodLocalesOut.setup;
  let metafile: Metafile | undefined;
  keepZodLocalesOut.setup = (esbuild) => {
    esbuild.initialOptions.metafile = true;
    esbuild.onEnd((result) => {
      metafile = result.metafile;
    });
    return setup(esbuild);
  };
  try {
    await bundle(request);
  } finally {
    keepZodLocalesOut.setup = setup;
  }
  if (!metafile) throw new Error(`esbuild returned no metafile for ${entry}`);
  writeFileSync(join(outdir, "metafile.json"), JSON.stringify(metafile));
  const file = join(outdir, "index.mjs");
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith("index.mjs"))?.[1];
  if (!output) throw new Error(`no index.mjs in the metafile of ${entry}`);

  const contributions = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const owner = ownerOf(input);
    contributions.set(owner, (contributions.get(owner) ?? 0) + bytesInOutput);
  }
  const imported = output.imports.filter((i) => i.external).map((i) => i.path);
  const clients = [...new Set([...imported, ...contributions.keys()])].filter((p) =>
    /^@aws-sdk\/client-[^/]+$/.test(p),
  );
  return { file, bytes: statSync(file).size, clients: clients.sort(), contributions };
}

/** `node_modules/.pnpm/x/node_modules/@scope/pkg/dist/a.js` -> `@scope/pkg`; `functions/core/x.ts` -> `functions/core`. */
function ownerOf(input: string): string {
  const inPackage = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  const parts = input.split("/");
  return parts.length > 2 ? parts.slice(0, 2).join("/") : (parts[0] ?? input);
}

/**
 * The reference: a Hono app behind hono/aws-lambda, constructing one instance of each given SDK client at init, as
 * a function does. The same `build()` makes it, so it is bundled exactly like the functions.
 */
export async function buildReference(clients: readonly string[], variant: Variant): Promise<Built> {
  const name = clients.length === 0 ? "ref-hono" : `ref-hono+${clients.map(shortName).join("+")}`;
  const dir = join(BUNDLES_DIR, name);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, "entry.mjs");
  const imports = clients.map((pkg, i) => {
    const known = SDK_CLIENTS[pkg];
    if (!known) throw new Error(`bench/bundles/functions.ts SDK_CLIENTS does not know ${pkg}: add it`);
    return { pkg, local: `Client${i}`, className: known.className };
  });
  writeFileSync(
    entry,
    [
      'import { Hono } from "hono";',
      'import { handle } from "hono/aws-lambda";',
      ...imports.map((c) => `import { ${c.className} as ${c.local} } from "${c.pkg}";`),
      `export const clients = [${imports.map((c) => `new ${c.local}({})`).join(", ")}];`,
      'const app = new Hono().get("/health", (c) => c.json({ status: "ok" }));',
      "export const handler = handle(app);",
      "",
    ].join("\n"),
  );
  return build(entry, join(dir, variant), variant);
}

export const shortName = (pkg: string) => pkg.replace(/^@aws-sdk\/client-/, "");
