// Strings of the donors' view of a shared cycle.

export const donorEn = {
  "donor.title": "Approved plan and progress",
  "donor.period": "Plan period: {start} to {end}",
  "donor.approvedPlan": "Approved action plan",
  "donor.version": "Version {n}, approved on {date} by {ministries}.",
  "donor.versionNoSigners": "Version {n}, approved on {date}.",
  "donor.noApprovedPlan":
    "No action plan has been approved yet. Drafts are not shared: the plan appears here once the ministries approve it.",
  "donor.skipped": "{count} item(s) of this version could not be shown.",
  "donor.back": "Back to the approved plan and progress",
  "donor.periodSuppression":
    "Counts of people are published per year only: a period's counts are suppressed, and so is any yearly count below {threshold}.",
} as const;

export const donorAr: Partial<Record<keyof typeof donorEn, string>> = {
  "donor.title": "الخطة المعتمدة والتقدم",
  "donor.approvedPlan": "خطة العمل المعتمدة",
};
