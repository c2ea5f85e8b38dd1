import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

// Bundles one Lambda handler. Run as a child process by PlannerFunction's local bundling, because keeping zod's
// locales out needs an esbuild plugin, plugins need the async API, and CDK's local bundling hook is synchronous
// (NodejsFunction takes no plugins at all).

export type BundleRequest = {
  /** Absolute path of the handler module. */
  entry: string;
  /** Where index.mjs (and its source map) go: the asset directory CDK zips. */
  outdir: string;
  /** Packages left out of the bundle because the Lambda runtime provides them. */
  external: string[];
  /** Files read at run time, copied next to the bundle: absolute `from`, `to` relative to outdir. */
  copy: { from: string; to: string }[];
};

/**
 * ESM bundles that contain CommonJS code (the X-Ray SDK, semver) need a real `require` for Node built-ins;
 * without this banner they crash on import with "Dynamic require of ... is not supported".
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __ffaCreateRequire } from 'node:module';const require = __ffaCreateRequire(import.meta.url);";

/**
 * zod v4 re-exports all its locales (~260 KB minified) from its core and classic namespaces, and esbuild cannot
 * tree-shake a namespace object that is passed around as a value. Error messages stay English: zod imports its `en`
 * locale directly, not through this index.
 */
export const keepZodLocalesOut: Plugin = {
  name: "keep-zod-locales-out",
  setup(esbuild) {
    esbuild.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: "zod-locales", namespace: "ffa-empty" }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: "ffa-empty" }, () => ({
      contents: "export {};",
      loader: "js",
    }));
  },
};

export async function bundle(request: BundleRequest): Promise<void> {
  await build({
    entryPoints: { index: request.entry },
    outdir: request.outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_BANNER },
    external: request.external,
    plugins: [keepZodLocalesOut],
    logLevel: "warning",
  });
  for (const file of request.copy) {
    const target = join(request.outdir, file.to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file.from, target);
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const [request] = process.argv.slice(2);
  if (!request) throw new Error("usage: esbuild-bundle.ts '<BundleRequest as JSON>'");
  await bundle(JSON.parse(request) as BundleRequest);
}
