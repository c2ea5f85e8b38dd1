import type { CoreDeps } from "../changes.js";
import { inboxesOf, type Notification } from "../notifications.js";
import { authorizeRole } from "../permissions.js";
import type { Page, PageRequest } from "../ports.js";
import type { Principal } from "../principal.js";

/**
 * The caller's notifications in their own country, newest first: the coordinator's inbox, a member's agency's or an
 * approver's ministry's. The inbox is an address, not a person, so colleagues of one agency read the same one.
 */
export async function readInbox(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  page: PageRequest,
): Promise<Page<Notification>> {
  authorizeRole(principal, "inbox.read");
  const [inbox] = inboxesOf(principal);
  // Each role that may read an inbox has exactly one, in exactly one country (the principal schema requires it).
  if (!inbox || !principal.country) return { items: [] };
  return deps.store.listInbox(principal.country, inbox, page);
}
