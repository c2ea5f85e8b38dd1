import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MeasureStatus } from "../../../functions/core/assessment.js";
import { Role } from "../../../functions/core/principal.js";
import { StageState } from "../../../functions/core/stage.js";
import { commonAr } from "../../../functions/http/pages/strings/common.js";
import { cycleAr } from "../../../functions/http/pages/strings/cycle.js";
import { EN, LOCALES, type StringId, t } from "../../../functions/http/pages/strings.js";
import { StageName } from "../../../workflows/schemas.js";

const PAGES = "functions/http/pages";
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

async function pageSources(): Promise<{ file: string; text: string }[]> {
  const files = (await readdir(PAGES)).filter((f) => /\.tsx?$/.test(f));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(join(PAGES, file), "utf8") })));
}

describe("the string table", () => {
  it("defines in English every id the pages name literally", async () => {
    const missing: string[] = [];
    for (const { file, text } of await pageSources()) {
      for (const m of text.matchAll(/\bt\(\s*"([^"]+)"/g)) {
        const id = m[1] ?? "";
        if (!(id in EN)) missing.push(`${file}: ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("defines in English every id the pages build from a domain value", () => {
    const families: string[] = [
      ...Role.options.map((r) => `role.${r}`),
      ...StageName.options.map((s) => `stage.${s}`),
      ...StageState.options.map((s) => `state.${s}`),
      ...MeasureStatus.options.map((s) => `status.${s}`),
      ...["monthly", "quarterly", "semiannual", "annual"].map((c) => `cadence.${c}`),
      ...["PROS", "PROT", "PREV", "NCC", "ICC"].map((p) => `pillar.${p}`),
      ...[0, 1, 2, 3].map((n) => `severity.${n}`),
      ...["current", "done", "upcoming"].map((s) => `state.${s}`),
    ];
    expect(families.filter((id) => !(id in EN))).toEqual([]);
  });

  it("translates only ids English has, with the same placeholders", () => {
    const problems: string[] = [];
    for (const [id, text] of Object.entries({ ...commonAr, ...cycleAr })) {
      const en = EN[id as StringId] as string | undefined;
      if (en === undefined) problems.push(`${id}: not an English id`);
      else if (placeholders(en).join() !== placeholders(text ?? "").join())
        problems.push(`${id}: placeholders differ`);
    }
    expect(problems).toEqual([]);
  });

  it("translates the whole page shell and navigation into Arabic", () => {
    const shell = Object.keys(EN).filter((id) => /^(layout|nav|cycleNav|role|stage|state)\./.test(id));
    const arabic = { ...commonAr, ...cycleAr } as Record<string, string>;
    expect(shell.filter((id) => !arabic[id])).toEqual([]);
    expect(LOCALES).toContain("ar");
  });

  it("fills placeholders, and isolates an English fallback inside right-to-left text", () => {
    expect(t("en", "layout.signedInAs", { who: "Amina" })).toBe("Signed in as Amina");
    expect(t("ar", "layout.signedInAs", { who: "Amina" })).toBe("مسجل الدخول باسم Amina");
    const fallback = t("ar", "assessment.saved", { measure: "TIP.PROS.1.1" });
    expect(fallback).toBe("\u2068The answer for TIP.PROS.1.1 is saved.\u2069");
  });
});
