// Strings of the charts shared by the plan, monitoring and donor pages.

export const chartsEn = {
  "chart.suppressed": "suppressed (<{threshold})",
  "chart.suppressedNote":
    "Counts below {threshold}, and the figures that would reveal them, are suppressed in what leaves the government.",
  "chart.showTable": "The figures as a table",
  "chart.legend": "Legend",
  "chart.noData": "No figures yet.",
  "chart.ofTarget": "{actual} of {target} {unit} ({percent}%)",
  "chart.noTarget": "{actual} {unit} (no target for {year})",
  "chart.spentOfPlanned": "{spent} of {planned} {currency} spent ({percent}%)",
  "chart.spentNothingPlanned": "{spent} {currency} spent (nothing planned)",
  "chart.percentDone": "{percent}% complete",
  "chart.percentExpected": "{percent}% complete; {expected}% of its time elapsed",
  "chart.planned": "Planned",
  "chart.spent": "Spent",
  "chart.target": "Target",
  "chart.expected": "Time elapsed",
  "chart.complete": "Complete",
  "chart.funded": "Funded",
  "chart.unfunded": "Unfunded",
} as const;

export const chartsAr: Partial<Record<keyof typeof chartsEn, string>> = {
  "chart.suppressed": "محجوب (<{threshold})",
  "chart.showTable": "الأرقام في جدول",
  "chart.legend": "مفتاح الرسم",
  "chart.noData": "لا توجد أرقام بعد.",
  "chart.planned": "المخطط",
  "chart.spent": "المنفق",
  "chart.target": "الهدف",
  "chart.funded": "ممول",
  "chart.unfunded": "غير ممول",
};
