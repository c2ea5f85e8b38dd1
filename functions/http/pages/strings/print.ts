// Strings of the printable action plan.

export const printEn = {
  "print.title": "Printable action plan",
  "print.howTo":
    "Use your browser's Print command: navigation, forms and links are left out of the printed plan.",
  "print.heading": "National action plan: {title}",
  "print.country": "Country",
  "print.period": "Plan period",
  "print.status": "Status",
  "print.approvedVersion": "Version {n}, approved on {date}",
  "print.live": "Working draft, not approved ({state})",
  "print.printed": "Printed",
} as const;

export const printAr: Partial<Record<keyof typeof printEn, string>> = {
  "print.title": "خطة العمل للطباعة",
  "print.country": "البلد",
};
