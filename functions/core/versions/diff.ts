import type { StageSnapshot } from "../stage-content.js";

/** What differs between two snapshots of a stage's content, in key order (and field-path order within an item). */
export type SnapshotDiff = {
  added: { key: string; item: Record<string, unknown> }[];
  removed: { key: string; item: Record<string, unknown> }[];
  changed: { key: string; fields: FieldChange[] }[];
  unchanged: number;
};

/** One field of a changed item, by dotted path into nested objects; `before` or `after` is absent when the field was. */
export type FieldChange = { path: string; before?: unknown; after?: unknown };

// Storage bookkeeping: a record saved again with the same content has a new version and time, but nothing changed.
const BOOKKEEPING = new Set(["version", "updatedAt"]);

export function diffSnapshots(before: StageSnapshot, after: StageSnapshot): SnapshotDiff {
  const diff: SnapshotDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const key of sortedUnion(Object.keys(before), Object.keys(after))) {
    const was = before[key];
    const is = after[key];
    if (was === undefined && is !== undefined) diff.added.push({ key, item: is });
    else if (was !== undefined && is === undefined) diff.removed.push({ key, item: was });
    else if (was !== undefined && is !== undefined) {
      const fields = fieldChanges(was, is);
      if (fields.length > 0) diff.changed.push({ key, fields });
      else diff.unchanged++;
    }
  }
  return diff;
}

function fieldChanges(was: Record<string, unknown>, is: Record<string, unknown>): FieldChange[] {
  const before = leaves(was);
  const after = leaves(is);
  const changes: FieldChange[] = [];
  for (const path of sortedUnion([...before.keys()], [...after.keys()])) {
    const b = before.get(path);
    const a = after.get(path);
    if (sameValue(b, a)) continue;
    changes.push({
      path,
      ...(before.has(path) ? { before: b } : {}),
      ...(after.has(path) ? { after: a } : {}),
    });
  }
  return changes;
}

/**
 * An item's values by dotted path. Nested objects are walked (a budget's amount changes as `budget.amount`); arrays
 * are values of their own, because their elements have no identity to pair them by.
 */
function leaves(item: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    } else if (value !== undefined) out.set(path, value);
  };
  for (const [k, v] of Object.entries(item)) if (!BOOKKEEPING.has(k)) walk(v, k);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = sortedUnion(Object.keys(a), Object.keys(b));
    return keys.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/** Code-unit order, not locale order: the same diff on every machine. */
function sortedUnion(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
