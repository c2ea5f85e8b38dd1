import type { Indicator } from "../action-plan/schema.js";
import type { ActivityStatus } from "../monitoring/schema.js";

// Our values in IATI 2.03 codelists (https://iatistandard.org/en/iati-standard/203/codelists/).

/** ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled. */
export function activityStatusCode(status: ActivityStatus | null, cycleClosed: boolean): string {
  if (status === "cancelled") return "5";
  if (status === "completed") return cycleClosed ? "4" : "3";
  if (status === "on_track" || status === "delayed") return cycleClosed ? "4" : "2";
  return cycleClosed ? "4" : "1";
}

/** ActivityDateType: planned start and end. */
export const PLANNED_START = "1";
export const PLANNED_END = "3";

/** OrganisationRole: funding, accountable, implementing. OrganisationType 10: government. */
export const ROLE_FUNDING = "1";
export const ROLE_ACCOUNTABLE = "2";
export const ROLE_IMPLEMENTING = "4";
export const ORG_TYPE_GOVERNMENT = "10";

/** BudgetType 1: original. BudgetStatus: 1 indicative, 2 committed (a funded budget). */
export const BUDGET_ORIGINAL = "1";
export const budgetStatusCode = (funded: boolean): string => (funded ? "2" : "1");

/** ResultType: 1 output, 2 outcome (a process indicator counts what an activity delivers: an output). */
export const resultTypeCode = (type: Indicator["type"]): string => (type === "outcome" ? "2" : "1");

/** IndicatorMeasure: 1 unit, 2 percentage. */
export const measureCode = (unit: string): string => (/^(percent|%)/i.test(unit.trim()) ? "2" : "1");

/**
 * Sectors in SectorVocabulary 8 (SDG targets): trafficking in persons serves target 16.2 (end trafficking and
 * exploitation), the smuggling of migrants target 10.7 (safe, orderly and regular migration).
 */
export const SECTOR_VOCABULARY_SDG_TARGET = "8";
export const SDG_TARGET_OF = { TIP: "16.2", SOM: "10.7" } as const;
