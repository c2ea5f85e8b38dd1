// The priorities, plan, monitoring, donor and print pages' areas, and the charts they share.
import { chartsAr, chartsEn } from "./strings/charts.js";
import { commonAr, commonEn } from "./strings/common.js";
import { cycleAr, cycleEn } from "./strings/cycle.js";
import { donorAr, donorEn } from "./strings/donor.js";
import { monitoringAr, monitoringEn } from "./strings/monitoring.js";
import { planAr, planEn } from "./strings/plan.js";
import { printAr, printEn } from "./strings/print.js";
import { prioritiesAr, prioritiesEn } from "./strings/priorities.js";

/**
 * Every user-facing string of the pages, keyed by id: one table per area under ./strings/, merged here.
 *
 * API (for page authors):
 * - `t(locale, id, params?)`: the string in that locale (English when the locale lacks it), `{name}` placeholders
 *   filled from `params`. Ids are typed: a page cannot use an id that English does not define.
 * - `localeOf(query, cookie)`: the locale a request asked for (`?lang=ar`, else the `ffa_lang` cookie, else "en").
 * - `dirOf(locale)`: "rtl" for Arabic, else "ltr".
 * - `formatDate(locale, iso)`, `formatNumber(locale, n)`: locale-aware display of dates and numbers.
 * To add an area: write `./strings/<area>.ts` exporting `<area>En` (as const) and optionally `<area>Ar`, and add
 * both to EN and AR below.
 */
export const EN = {
  ...commonEn,
  ...cycleEn,
  ...chartsEn,
  ...prioritiesEn,
  ...planEn,
  ...monitoringEn,
  ...donorEn,
  ...printEn,
} as const;
export type StringId = keyof typeof EN;

const AR: Partial<Record<StringId, string>> = {
  ...commonAr,
  ...cycleAr,
  ...chartsAr,
  ...prioritiesAr,
  ...planAr,
  ...monitoringAr,
  ...donorAr,
  ...printAr,
};

export const LOCALES = ["en", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", ar: "العربية" };

const TABLES: Record<Locale, Partial<Record<StringId, string>>> = { en: EN, ar: AR };

export type Params = Record<string, string | number>;

export function t(locale: Locale, id: StringId, params: Params = {}): string {
  const translated = TABLES[locale][id];
  const text = (translated ?? EN[id]).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
  // An English fallback inside a right-to-left page is isolated (U+2068 ... U+2069), so that its punctuation and
  // numbers stay where English puts them instead of being reordered by the surrounding Arabic.
  return translated === undefined && dirOf(locale) === "rtl" ? `\u2068${text}\u2069` : text;
}

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALES as readonly string[]).includes(value);
}

export function localeOf(query: string | undefined, cookie: string | undefined): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  return "en";
}

export function dirOf(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

// Latin digits in every locale: ids, dates and figures are compared with printed reports and other systems.
const NUMBERING = "latn";

export function formatDate(locale: Locale, iso: string | undefined, withTime = false): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: "UTC",
    numberingSystem: NUMBERING,
  }).format(date);
}

export function formatNumber(locale: Locale, n: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits, numberingSystem: NUMBERING }).format(n);
}
