import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { z } from "zod";
import { ValidationError } from "../core/errors.js";
import type { Item } from "./items.js";

/** The key attribute a listing is partitioned on, and the partition it lists. */
export type CursorPartition = { attribute: string; value: string };

const CursorKey = z.record(z.string(), z.string());

export function encodeCursor(item: Item, keyAttributes: readonly string[]): string {
  const key = unmarshall(item);
  const picked = Object.fromEntries(keyAttributes.map((name) => [name, key[name]]));
  return Buffer.from(JSON.stringify(picked)).toString("base64url");
}

// A cursor comes back from a client: parse it like any input, and refuse one made for another listing.
export function decodeCursor(
  cursor: string,
  keyAttributes: readonly string[],
  partition: CursorPartition,
): Item {
  const invalid = (why: string) => new ValidationError(`cursor: ${why}`, { field: "cursor" });
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("is not a cursor this API returned");
  }
  const parsed = CursorKey.safeParse(json);
  if (!parsed.success) throw invalid("is not a cursor this API returned");
  const names = Object.keys(parsed.data).sort();
  if (names.join() !== [...keyAttributes].sort().join()) throw invalid("is not a cursor this API returned");
  if (parsed.data[partition.attribute] !== partition.value) throw invalid("belongs to another listing");
  return marshall(parsed.data);
}
