// One row of the benchmark table: a measured value, the reference measured in the same run, their ratio, the budget
// and whether it holds. `info` rows are printed figures without a gate; `skip` rows name what could not be measured.

export type Status = "pass" | "fail" | "info" | "skip";

export type Figure = {
  /** The section of `npm run bench` it belongs to, e.g. "size", "init". */
  section: string;
  name: string;
  value: number | null;
  reference: number | null;
  /** Absent when the figure has no reference. */
  ratio: number | null;
  unit: string;
  /** How the figure is judged, in words, e.g. "ratio <= 1.25". */
  budget: string;
  status: Status;
  /** Detail that makes the row understandable: a breakdown, a reason for a miss, why it was skipped. */
  note?: string;
};

/** What a section of the bench returns: its rows, and one caption saying how all of them were measured. */
export type SectionResult = { figures: Figure[]; caption: string };

/** A ratio gate: `ratio <= max` (or `>= min`) decides pass or fail. */
export function ratioStatus(ratio: number | null, gate: { max?: number; min?: number }): Status {
  if (ratio === null || !Number.isFinite(ratio)) return "fail";
  if (gate.max !== undefined && ratio > gate.max) return "fail";
  if (gate.min !== undefined && ratio < gate.min) return "fail";
  return "pass";
}

export function both(...statuses: Status[]): Status {
  return statuses.includes("fail") ? "fail" : statuses.includes("pass") ? "pass" : (statuses[0] ?? "info");
}

export function skipped(section: string, name: string, reason: string): Figure {
  return {
    section,
    name,
    value: null,
    reference: null,
    ratio: null,
    unit: "",
    budget: "-",
    status: "skip",
    note: reason,
  };
}
