import { ForbiddenError, NotFoundError } from "./errors.js";
import type { Principal, Role } from "./principal.js";

/** What a principal may do, by role. Tenant (country) and agency/ministry checks come on top, in `authorize`. */
export type Action =
  | "frameworks.read"
  | "cycle.create"
  | "cycle.read"
  | "draft.read"
  | "assessment.edit"
  | "stage.submit"
  | "stage.decide"
  | "audit.read"
  | "priorities.edit"
  | "plan.edit"
  | "report.submit"
  | "monitoring.read"
  | "cycle.share"
  | "comment.write"
  | "inbox.read"
  | "stage.amend"
  | "cycle.successor";

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  coordinator: new Set<Action>([
    "frameworks.read",
    "cycle.create",
    "cycle.read",
    "draft.read",
    "assessment.edit",
    "stage.submit",
    "audit.read",
    "priorities.edit",
    "plan.edit",
    "report.submit",
    "monitoring.read",
    "cycle.share",
    "comment.write",
    "inbox.read",
    "stage.amend",
    "cycle.successor",
  ]),
  // Members edit their own agency's answers, activities and reports; the use cases check the agency.
  member: new Set<Action>([
    "frameworks.read",
    "cycle.read",
    "draft.read",
    "assessment.edit",
    "audit.read",
    "plan.edit",
    "report.submit",
    "monitoring.read",
    "inbox.read",
  ]),
  approver: new Set<Action>([
    "frameworks.read",
    "cycle.read",
    "draft.read",
    "stage.decide",
    "audit.read",
    "monitoring.read",
    "inbox.read",
  ]),
  // Donors act only on cycles shared with their organisation (checked in loadCycle), and only on what was
  // approved: they never hold draft.read or audit.read.
  donor: new Set<Action>(["frameworks.read", "cycle.read", "monitoring.read", "comment.write"]),
  admin: new Set<Action>(["frameworks.read", "cycle.read", "draft.read", "audit.read", "monitoring.read"]),
};

export function can(principal: Principal, action: Action): boolean {
  return GRANTS[principal.role].has(action);
}

/**
 * Whether the principal may know that anything of `country` exists. Answering 404 (not 403) for another tenant's
 * ids means a caller learns nothing about other countries, not even that an id is taken.
 */
export function seesCountry(principal: Principal, country: string): boolean {
  if (principal.role === "admin") return true;
  // A donor sees a country only through a cycle shared with it, which loadCycle checks per cycle.
  if (principal.role === "donor") return false;
  return principal.country === country;
}

/**
 * The one gate every use case passes. Order matters: tenant first (404, reveals nothing), then the role (403).
 * `what` names the resource in the 404 message so the caller knows which id was not found.
 */
export function authorize(
  principal: Principal,
  action: Action,
  target: { country: string; what: string },
): void {
  if (!seesCountry(principal, target.country)) throw new NotFoundError(`${target.what} was not found`);
  if (!can(principal, action)) {
    throw new ForbiddenError(`a ${principal.role} may not ${describe(action)}`, {
      action,
      role: principal.role,
    });
  }
}

/** For actions that are not about an existing resource (creating a cycle, reading the catalogues). */
export function authorizeRole(principal: Principal, action: Action): void {
  if (!can(principal, action)) {
    throw new ForbiddenError(`a ${principal.role} may not ${describe(action)}`, {
      action,
      role: principal.role,
    });
  }
}

function describe(action: Action): string {
  switch (action) {
    case "frameworks.read":
      return "read the framework catalogues";
    case "cycle.create":
      return "create a planning cycle";
    case "cycle.read":
      return "read this cycle";
    case "draft.read":
      return "read work in progress (drafts), only approved versions";
    case "assessment.edit":
      return "edit the needs assessment";
    case "stage.submit":
      return "submit a stage for approval";
    case "stage.decide":
      return "approve or return a stage";
    case "audit.read":
      return "read the audit trail";
    case "priorities.edit":
      return "edit the priorities";
    case "plan.edit":
      return "edit the action plan";
    case "report.submit":
      return "submit a progress report";
    case "monitoring.read":
      return "read the monitoring";
    case "cycle.share":
      return "share a cycle with a donor";
    case "comment.write":
      return "comment on a reporting period";
    case "inbox.read":
      return "read notifications";
    case "stage.amend":
      return "amend an approved stage";
    case "cycle.successor":
      return "start the next cycle";
  }
}
