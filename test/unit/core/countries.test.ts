import { describe, expect, it } from "vitest";
import { COUNTRIES, CountryCode, countryName } from "../../../functions/core/countries.js";

describe("CountryCode", () => {
  it.each(["KEN", "MEX", "DEU", "NLD"])("accepts %s", (code) => {
    expect(CountryCode.parse(code)).toBe(code);
  });

  it.each([
    ["ken", 'country code "ken" must be three uppercase letters (ISO 3166-1 alpha-3)'],
    ["KE", 'country code "KE" must be three uppercase letters (ISO 3166-1 alpha-3)'],
    ["XXX", '"XXX" is not an assigned ISO 3166-1 alpha-3 country code'],
  ])("rejects %s with one message that names it", (code, message) => {
    const result = CountryCode.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it("rejects user-assigned codes that are not in the standard", () => {
    expect(CountryCode.safeParse("XKX").success).toBe(false);
  });

  it("does not treat inherited object keys as countries", () => {
    expect(countryName("constructor")).toBeUndefined();
    expect(countryName("toString")).toBeUndefined();
  });
});

describe("COUNTRIES", () => {
  it("lists every assigned alpha-3 code once, each with a name", () => {
    const codes = Object.keys(COUNTRIES);
    expect(codes.length).toBeGreaterThanOrEqual(240);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((c) => !/^[A-Z]{3}$/.test(c))).toEqual([]);
    expect(Object.values(COUNTRIES).filter((name) => name.trim().length < 3)).toEqual([]);
    // The list is kept sorted so that a missing or duplicated code shows up in review.
    expect(codes).toEqual([...codes].sort());
  });

  it("cannot be changed at runtime", () => {
    expect(Object.isFrozen(COUNTRIES)).toBe(true);
  });

  it("gives the English short name of a code", () => {
    expect(countryName("KEN")).toBe("Kenya");
    expect(countryName("MEX")).toBe("Mexico");
    expect(countryName("ZZZ")).toBeUndefined();
  });
});
