import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNTRIES } from "../../../functions/core/countries.js";
import { alpha2Of } from "../../../functions/core/exports/alpha2.js";
import { iatiActivities } from "../../../functions/core/exports/iati.js";
import type { PlanExport } from "../../../functions/core/exports/plan-source.js";
import { DRAFT_ACTIVITY_DESCRIPTION, DRAFT_ACTIVITY_ID } from "../../support/export-fixtures.js";
import { createExportHarness, type ExportHarness } from "./export-harness.js";

// IATI 2.03 activity XML, validated against the official schema with xmllint (Debian's libxml2-utils) exactly as a
// publisher's pipeline would. The schema lives beside the repository, in ../shared (CI keeps a copy there too).

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SCHEMA = join(REPO, "..", "shared", "schemas", "iati-2.03", "iati-activities-schema.xsd");

/** xmllint's verdict: "validates", or its complaints (it exits non-zero on an invalid file). */
function validate(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ffa-iati-"));
  try {
    const file = join(dir, "activities.xml");
    writeFileSync(file, xml);
    return (
      execFileSync("xmllint", ["--noout", "--schema", SCHEMA, file], { encoding: "utf8", stdio: "pipe" }) ||
      "validates"
    );
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return e.stderr ?? e.message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each iati-activity element's text, by its identifier. */
function activities(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of xml.matchAll(/<iati-activity [\s\S]*?<\/iati-activity>/g)) {
    const id = /<iati-identifier>([^<]+)<\/iati-identifier>/.exec(match[0])?.[1];
    if (id) out.set(id, match[0]);
  }
  return out;
}

describe("the IATI activity export", () => {
  let h: ExportHarness;
  const iati = (query = "") => `/cycles/${h.cycleId}/exports/iati${query}`;

  beforeAll(async () => {
    h = await createExportHarness();
  });
  afterAll(() => h.cleanup());

  it("is valid IATI 2.03 for a donor, with the donor-funded activities of the approved version", async () => {
    const res = await h.download(iati(), "donor");

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(validate(res.text).trim()).toMatch(/validates$/);
    expect([...activities(res.text).keys()]).toEqual([
      "KE-GOV-border",
      "KE-GOV-central-authority",
      "KE-GOV-referral",
      "KE-GOV-training",
    ]);
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03"/);
  });

  it("describes an activity: organisations, status, dates, country, sector, yearly budgets", async () => {
    const training = activities((await h.download(iati("?reportingOrgRef=KE-GOV-1"), "donor")).text).get(
      "KE-GOV-1-training",
    );

    expect(training).toContain(
      '<reporting-org ref="KE-GOV-1" type="10">\n      <narrative>Government of Kenya</narrative>',
    );
    expect(training).toMatch(/<participating-org role="1">\s*<narrative>European Union<\/narrative>/);
    expect(training).toMatch(
      /<participating-org type="10" role="4">\s*<narrative>National Police<\/narrative>/,
    );
    expect(training).toMatch(
      /<participating-org type="10" role="4">\s*<narrative>Office of the Director of Public Prosecutions<\/narrative>/,
    );
    expect(training).toContain('<activity-status code="2"/>');
    expect(training).toContain('<activity-date type="1" iso-date="2028-01-01"/>');
    expect(training).toContain('<activity-date type="3" iso-date="2029-12-31"/>');
    expect(training).toContain('<recipient-country code="KE"/>');
    expect(training).toContain('<sector vocabulary="8" code="16.2" percentage="100"/>');
    // 120,000 USD over 2028 (366 days) and 2029 (365 days).
    const budgets = [
      ...(training ?? "").matchAll(/<value currency="USD" value-date="(\d{4})-01-01">([\d.]+)<\/value>/g),
    ];
    expect(budgets.map((b) => [b[1], b[2]])).toEqual([
      ["2028", "60082.08"],
      ["2029", "59917.92"],
    ]);
  });

  it("gives results: baselines, targets and actuals per year, the actual broken down, small counts withheld", async () => {
    const donor = activities((await h.download(iati(), "donor")).text);
    const government = activities((await h.download(iati(), "coordinator")).text);
    const period2027 = (xml: string | undefined) =>
      /<period-start iso-date="2027-01-01"\/>[\s\S]*?<\/period>/.exec(xml ?? "")?.[0] ?? "";

    const referral = donor.get("KE-GOV-referral");
    expect(referral).toMatch(
      /<result type="2">\s*<title>\s*<narrative>Outcomes of: Set up the national referral mechanism/,
    );
    expect(referral).toContain('<indicator measure="1" ascending="true">');
    expect(referral).toContain('<baseline year="2026" value="96"/>');
    const donorYear = period2027(referral);
    expect(donorYear).toContain('<target value="120"/>');
    expect(donorYear).toContain('<actual value="94"/>');
    expect(donorYear).toMatch(/<actual value="31">\s*<dimension name="age" value="child"\/>/);
    expect(donorYear).not.toContain('name="sex"');
    const governmentYear = period2027(government.get("KE-GOV-referral"));
    expect(governmentYear).toMatch(/<actual value="4">\s*<dimension name="sex" value="male"\/>/);
    // The trained officers' baseline (0) is a small count: a donor gets its year and why its value is missing.
    expect(donor.get("KE-GOV-training")).toMatch(/<baseline year="2026">\s*<comment>\s*<narrative>Withheld/);
  });

  it("gives the government the current plan, draft included, with every text escaped and still valid", async () => {
    const res = await h.download(iati("?reportingOrgRef=KE-GOV-1"), "coordinator");

    expect(validate(res.text).trim()).toMatch(/validates$/);
    expect(res.headers.get("content-disposition")).toContain("-current.xml");
    const draft = activities(res.text).get(`KE-GOV-1-${DRAFT_ACTIVITY_ID}`);
    expect(draft).toContain(
      "<narrative>Shelter for children &lt;under 18&gt; &amp; their carers: &quot;safe&quot; places</narrative>",
    );
    expect(draft).not.toContain(DRAFT_ACTIVITY_DESCRIPTION);
  });

  it("answers 400 for a reporting organisation identifier that is not one", async () => {
    const res = await h.download(iati("?reportingOrgRef=%3Cscript%3E"), "coordinator");

    expect(res.status).toBe(400);
  });

  it("refuses (422) a plan that no donor funds: IATI needs at least one activity", () => {
    const plan = { activities: [] } as unknown as PlanExport;
    const monitoring = {} as Parameters<typeof iatiActivities>[0]["monitoring"];

    expect(() =>
      iatiActivities({ plan, monitoring, reportingOrgRef: "KE-GOV", generatedAt: "2028-01-01T00:00:00Z" }),
    ).toThrow(expect.objectContaining({ name: "RuleViolationError", code: "nothing_to_export" }));
  });
});

describe("recipient countries in ISO alpha-2", () => {
  it("has the alpha-2 code of every country a tenant can be", () => {
    const missing = Object.keys(COUNTRIES).filter((code) => !/^[A-Z]{2}$/.test(alpha2Of(code) ?? ""));

    expect(missing).toEqual([]);
    expect([alpha2Of("KEN"), alpha2Of("MEX"), alpha2Of("GBR"), alpha2Of("XKX")]).toEqual([
      "KE",
      "MX",
      "GB",
      undefined,
    ]);
  });
});
