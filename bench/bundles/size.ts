import { join } from "node:path";
import { both, type Figure, ratioStatus, type SectionResult } from "../lib/figures.js";
import { BUNDLES_DIR, type Built, build, buildReference, shortName, type Variant } from "./build.js";
import { type LambdaFunction, plannerFunctions, SDK_CLIENTS } from "./functions.js";

export const MAX_BUNDLE_BYTES = 600 * 1024;
export const MAX_SIZE_RATIO = 1.25;

/** A function's deployed bundle and its reference's, for the init-time runs. */
export type BundlePair = { name: string; file: string; referenceFile: string; clients: string[] };

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * Figure 1. Each function is built twice through infra's `bundle()`: as deployed (SDK clients external, provided by
 * the Lambda runtime) and with the clients bundled. Its reference is Hono plus the clients the function uses (those
 * it imports and its role may call), built the same two ways. The 600 KB budget applies to the deployed artifact;
 * the 1.25x budget compares the SDK-bundled builds, the only pair where the reference is more than Hono alone.
 */
export async function measureSizes(
  log: (line: string) => void,
): Promise<SectionResult & { pairs: BundlePair[] }> {
  log("size: synthesizing the CDK app for the functions and their grants");
  const functions = plannerFunctions();
  const references = new Map<string, Promise<Record<Variant, Built>>>();
  const referenceOf = (clients: string[]) => {
    const key = clients.join(",");
    let built = references.get(key);
    if (!built) {
      built = (async () => ({
        deployed: await buildReference(clients, "deployed"),
        "sdk-bundled": await buildReference(clients, "sdk-bundled"),
      }))();
      references.set(key, built);
    }
    return built;
  };

  const figures: Figure[] = [];
  const pairs: BundlePair[] = [];
  for (const fn of functions) {
    log(`size: bundling ${fn.entry}`);
    const dir = join(BUNDLES_DIR, fn.name);
    const deployed = await build(fn.entry, join(dir, "deployed"), "deployed");
    const withSdk = await build(fn.entry, join(dir, "sdk-bundled"), "sdk-bundled");
    const clients = clientUse(fn, deployed.clients);
    const reference = await referenceOf(clients.used);
    pairs.push({
      name: fn.name,
      file: deployed.file,
      referenceFile: reference.deployed.file,
      clients: clients.used,
    });

    const sizeOk = deployed.bytes <= MAX_BUNDLE_BYTES ? "pass" : "fail";
    const clientsOk = clients.unused.length === 0 ? "pass" : "fail";
    figures.push({
      section: "size",
      name: `${fn.name} deployed (SDK external)`,
      value: kb(deployed.bytes),
      reference: kb(reference.deployed.bytes),
      ratio: deployed.bytes / reference.deployed.bytes,
      unit: "KB",
      budget: "<= 600 KB; no unused SDK client",
      status: both(sizeOk, clientsOk),
      note: clients.note,
    });
    const ratio = withSdk.bytes / reference["sdk-bundled"].bytes;
    figures.push({
      section: "size",
      name: `${fn.name} with SDK bundled in both`,
      value: kb(withSdk.bytes),
      reference: kb(reference["sdk-bundled"].bytes),
      ratio,
      unit: "KB",
      budget: `ratio <= ${MAX_SIZE_RATIO}`,
      status: ratioStatus(ratio, { max: MAX_SIZE_RATIO }),
      note: `reference Hono+${clients.used.map(shortName).join("+") || "nothing"}; largest additions: ${additions(withSdk, reference["sdk-bundled"])}`,
    });
  }
  return {
    figures,
    pairs,
    caption:
      "index.mjs of each function built by infra's bundle() (what CDK deploys), KB = 1,024 bytes; the reference is " +
      "a Hono app plus the SDK clients the function imports and its IAM role may call, built by the same bundle()",
  };
}

/**
 * The clients a function imports, split by whether its role may call their service. A client without a grant is
 * one it does not use (it could not call it); a grant without a client is reported, not failed (e.g. a service
 * reached another way, or a client still to come).
 */
function clientUse(fn: LambdaFunction, imported: string[]) {
  const used: string[] = [];
  const unused: string[] = [];
  for (const pkg of imported) {
    const service = SDK_CLIENTS[pkg]?.service;
    if (!service) throw new Error(`bench/bundles/functions.ts SDK_CLIENTS does not know ${pkg}: add it`);
    (fn.granted.has(service) ? used : unused).push(pkg);
  }
  const grantedWithoutClient = Object.entries(SDK_CLIENTS)
    .filter(([pkg, { service }]) => fn.granted.has(service) && !imported.includes(pkg))
    .map(([, { service }]) => service);
  const parts = [`imports ${imported.map(shortName).join(", ") || "no client"}`];
  if (unused.length > 0) {
    parts.push(
      `UNUSED: ${unused.map(shortName).join(", ")} (the role grants no ${unused.map((p) => SDK_CLIENTS[p]?.service).join(", ")} action)`,
    );
  }
  if (grantedWithoutClient.length > 0)
    parts.push(`granted without a client: ${grantedWithoutClient.join(", ")}`);
  return { used, unused, note: parts.join("; ") };
}

/** The packages and folders the function adds over its reference, largest first. */
function additions(fn: Built, reference: Built, top = 5): string {
  return [...fn.contributions]
    .map(([owner, bytes]) => [owner, bytes - (reference.contributions.get(owner) ?? 0)] as const)
    .filter(([, extra]) => extra > 1024)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, extra]) => `${owner} +${Math.round(extra / 1024)} KB`)
    .join(", ");
}
