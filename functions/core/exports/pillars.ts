import { PillarCode } from "../../../frameworks/schema.js";
import type { Cycle } from "../cycle.js";
import { cycleCatalogues } from "../measures.js";

/** Short pillar names: they name spreadsheet sheets, which hold 31 characters at most. */
const SHORT: Record<PillarCode, string> = {
  PROS: "Prosecution",
  PROT: "Protection",
  PREV: "Prevention",
  NCC: "National cooperation",
  ICC: "International cooperation",
};

export type PillarInfo = { code: PillarCode; title: string; short: string };

/** The five pillars in framework order, titled as the cycle's first catalogue titles them. */
export function pillarsOf(cycle: Pick<Cycle, "frameworks">): PillarInfo[] {
  const catalogue = cycleCatalogues(cycle)[0];
  return PillarCode.options.map((code) => ({
    code,
    title: catalogue?.pillars.find((p) => p.code === code)?.title ?? SHORT[code],
    short: SHORT[code],
  }));
}
