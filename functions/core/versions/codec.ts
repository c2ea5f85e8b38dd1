import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import type { StageSnapshot } from "../stage-content.js";
import type { FrozenContent } from "./schema.js";

// Compression is plain computation (no I/O, no clock), so it stays in the core next to the schema it serves.

const Snapshot = z.record(z.string(), z.record(z.string(), z.unknown()));

export function encodeContent(snapshot: StageSnapshot): FrozenContent {
  const json = JSON.stringify(sortedKeys(snapshot));
  return {
    encoding: "gzip+base64",
    data: gzipSync(json, { level: 9 }).toString("base64"),
    items: Object.keys(snapshot).length,
  };
}

/** The snapshot a version froze, parsed like anything read back from storage. */
export function decodeContent(content: FrozenContent): StageSnapshot {
  return Snapshot.parse(JSON.parse(gunzipSync(Buffer.from(content.data, "base64")).toString("utf8")));
}

/** Items in key order, so that freezing the same content always stores the same bytes. */
function sortedKeys(snapshot: StageSnapshot): StageSnapshot {
  return Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
