import { describe, expect, it } from "vitest";
import { ForbiddenError, NotFoundError } from "../../../functions/core/errors.js";
import { type Action, authorize } from "../../../functions/core/permissions.js";
import { Principal } from "../../../functions/core/principal.js";

const coordinator = Principal.parse({ sub: "c", role: "coordinator", country: "KEN" });
const member = Principal.parse({ sub: "m", role: "member", country: "KEN", agency: "national-police" });
const approver = Principal.parse({
  sub: "a",
  role: "approver",
  country: "KEN",
  ministry: "ministry-of-justice",
});
const donor = Principal.parse({ sub: "d", role: "donor", organisation: "eu-delegation" });
const admin = Principal.parse({ sub: "x", role: "admin" });

const target = (country: string) => ({ country, what: "cycle 01ABC" });

describe("permissions", () => {
  it("answers 404, never 403, for another country's cycle, whatever the role", () => {
    for (const p of [coordinator, member, approver]) {
      expect(() => authorize(p, "cycle.read", target("MEX"))).toThrow(NotFoundError);
      expect(() => authorize(p, "stage.decide", target("MEX"))).toThrow(NotFoundError);
    }
  });

  it("hides every cycle from donors until sharing exists", () => {
    expect(() => authorize(donor, "cycle.read", target("KEN"))).toThrow(NotFoundError);
  });

  it("lets each role do its job in its own country and nothing else", () => {
    const allowed: [Principal, Action][] = [
      [coordinator, "stage.submit"],
      [coordinator, "assessment.edit"],
      [member, "assessment.edit"],
      [approver, "stage.decide"],
      [admin, "cycle.read"],
    ];
    for (const [p, action] of allowed) expect(() => authorize(p, action, target("KEN"))).not.toThrow();
    const denied: [Principal, Action][] = [
      [coordinator, "stage.decide"],
      [member, "stage.submit"],
      [approver, "assessment.edit"],
      [approver, "stage.submit"],
      [admin, "stage.decide"],
      [admin, "assessment.edit"],
    ];
    for (const [p, action] of denied)
      expect(() => authorize(p, action, target("KEN"))).toThrow(ForbiddenError);
  });

  it("requires the claims each role depends on", () => {
    expect(Principal.safeParse({ sub: "m", role: "member", country: "KEN" }).error?.issues[0]?.path).toEqual([
      "agency",
    ]);
    expect(
      Principal.safeParse({ sub: "a", role: "approver", country: "KEN" }).error?.issues[0]?.path,
    ).toEqual(["ministry"]);
    expect(Principal.safeParse({ sub: "c", role: "coordinator" }).error?.issues[0]?.path).toEqual([
      "country",
    ]);
  });
});
