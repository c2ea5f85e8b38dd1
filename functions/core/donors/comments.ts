import { z } from "zod";
import { auditEvent, type CoreDeps, isoNow, recordChange } from "../changes.js";
import { NotFoundError } from "../errors.js";
import { agencyInbox, notificationWrites, type Recipient } from "../notifications.js";
import type { IdempotencyIntent } from "../ports.js";
import { actorOf, type Principal, Role } from "../principal.js";
import { pad } from "../record-base.js";
import { withIdempotency } from "../use-cases/assessment.js";
import { loadCycle } from "../use-cases/load.js";
import type { Comment } from "./schema.js";

export const COMMENT_MAX_CHARS = 2000;

export const CommentInput = z.strictObject({
  text: z.string().trim().min(1, { error: "must not be empty" }).max(COMMENT_MAX_CHARS),
});
export type CommentInput = z.infer<typeof CommentInput>;

/**
 * A comment as it is read back. The author is named by role and organisation only (the donor, or the government
 * role and its agency or ministry): comments are read by donors, who never see who a person is.
 */
export const CommentView = z.strictObject({
  id: z.string(),
  periodIndex: z.int(),
  text: z.string(),
  at: z.iso.datetime(),
  author: z.strictObject({ role: Role, organisation: z.string().optional() }),
});
export type CommentView = z.infer<typeof CommentView>;

export function commentView(c: Comment): CommentView {
  const organisation =
    c.organisation ?? (c.author.type === "user" ? (c.author.agency ?? c.author.ministry) : undefined);
  return {
    id: c.id,
    periodIndex: c.periodIndex,
    text: c.text,
    at: c.at,
    author: {
      role: c.author.type === "user" ? c.author.role : "coordinator",
      ...(organisation ? { organisation } : {}),
    },
  };
}

/** Comments are kept per period: `<period 000>:<ulid>`, so a period's are listed with one query, oldest first. */
const periodPrefix = (index: number) => `${pad(index)}:`;

async function loadPeriod(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
  action: "comment.write" | "monitoring.read",
) {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, action);
  const period = await deps.store.getPeriod(country, cycleId, index);
  // Only a period whose round has opened exists: there is nothing to comment on before.
  if (!period)
    throw new NotFoundError(`reporting period ${index} of cycle ${cycleId} was not found (not opened yet)`);
  return { cycle, period };
}

/**
 * A donor of a shared cycle, or the coordinator, comments on a reporting period's progress. A donor's comment
 * goes to the coordinator's inbox; the coordinator's to the lead agencies the period waited on.
 */
export async function addComment(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
  input: CommentInput,
  idempotency?: IdempotencyIntent,
): Promise<CommentView> {
  const { period } = await loadPeriod(deps, principal, country, cycleId, index, "comment.write");
  const at = isoNow(deps);
  const donor = principal.role === "donor" ? principal.organisation : undefined;
  const comment: Comment = {
    kind: "comment",
    id: `${periodPrefix(index)}${deps.newId()}`,
    country,
    cycleId,
    periodIndex: index,
    ...(donor ? { organisation: donor } : {}),
    author: actorOf(principal),
    text: input.text,
    at,
    updatedAt: at,
    version: 1,
  };
  const from = donor ?? "the coordinator";
  const recipients: Recipient[] = donor
    ? ["coordinator"]
    : [...new Set([...period.expectedAgencies, ...period.reportedAgencies])].map(agencyInbox);
  const view = commentView(comment);
  await deps.store.commit({
    writes: [
      { entity: "record", item: comment, expectedVersion: null },
      ...notificationWrites(
        deps,
        {
          country,
          cycleId,
          kind: "report_comment",
          subject: `${from} commented on ${period.label}`,
          body: excerpt(input.text),
          at,
        },
        recipients,
      ),
    ],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "comment.added",
        summary: `${from} commented on ${period.label}`,
        changes: [recordChange(null, comment)],
      }),
    ],
    ...withIdempotency(idempotency, view, at),
  });
  return view;
}

/**
 * A period's comments, oldest first. Government roles read them all; a donor reads the government's and its own
 * organisation's (one donor's remarks are not another donor's business).
 */
export async function listComments(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  index: number,
): Promise<{ items: CommentView[] }> {
  await loadPeriod(deps, principal, country, cycleId, index, "monitoring.read");
  const comments = await deps.store.listRecords(country, cycleId, "comment", periodPrefix(index));
  const visible =
    principal.role === "donor"
      ? comments.filter((c) => c.organisation === undefined || c.organisation === principal.organisation)
      : comments;
  return { items: visible.map(commentView) };
}

function excerpt(text: string): string {
  return text.length <= 280 ? text : `${text.slice(0, 279)}…`;
}
