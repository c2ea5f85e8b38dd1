import { readFileSync } from "node:fs";
import { z } from "zod";

// The planning-cycle ASL as data: read it, list its `${Name}` placeholders, fill them. The same file is deployed by
// CDK (definitionSubstitutions) and run by the local engine, so this module only reads and copies, never edits.

const AslState = z.looseObject({
  Type: z.enum(["Task", "Choice", "Wait", "Pass", "Parallel", "Map", "Succeed", "Fail"]),
});
export type AslState = z.infer<typeof AslState>;

export const AslDefinition = z.looseObject({
  Comment: z.string().optional(),
  StartAt: z.string().min(1),
  States: z.record(z.string(), AslState),
});
export type AslDefinition = z.infer<typeof AslDefinition>;

const DEFINITION_FILE = new URL("./planning-cycle.asl.json", import.meta.url);
const PLACEHOLDER = /\$\{([^}]+)\}/g;

/** A fresh parsed copy of workflows/planning-cycle.asl.json: callers may mutate it. */
export function loadDefinition(): AslDefinition {
  return AslDefinition.parse(JSON.parse(readFileSync(DEFINITION_FILE, "utf8")));
}

/** The names of every `${Name}` placeholder in the definition's string values, sorted, without duplicates. */
export function placeholders(definition: AslDefinition): string[] {
  const names = new Set<string>();
  mapStrings(definition, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1] ?? "");
    return text;
  });
  return [...names].sort();
}

/**
 * A copy of the definition with every `${Name}` replaced by `substitutions[Name]`, as CDK's definitionSubstitutions
 * does. Throws naming every placeholder left without a value, so a missing Lambda never deploys as a literal `${...}`.
 */
export function substitute<T extends AslDefinition>(definition: T, substitutions: Record<string, string>): T {
  const missing = placeholders(definition).filter((name) => !Object.hasOwn(substitutions, name));
  if (missing.length > 0) {
    throw new Error(`ASL placeholders without a value: ${missing.map((name) => `\${${name}}`).join(", ")}`);
  }
  return mapStrings(definition, (text) =>
    text.replace(PLACEHOLDER, (_, name: string) => substitutions[name] ?? ""),
  );
}

function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  }
  return value;
}
