import { z } from "zod";
import { type AssessmentEntry, EntryAnswer, MeasureId, MeasureStatus } from "../assessment.js";
import { auditEvent, type CoreDeps, change, isoNow } from "../changes.js";
import type { Cycle } from "../cycle.js";
import { ForbiddenError, NotFoundError, RuleViolationError, VersionConflictError } from "../errors.js";
import { assessmentScores, cycleMeasures, type MeasureInfo } from "../measures.js";
import type { Changeset, IdempotencyIntent, StageStateCheck } from "../ports.js";
import { actorOf, type Principal } from "../principal.js";
import { isEditable, type Stage } from "../stage.js";
import { type AssessmentScores, type EntryView, entryView, type StageView, stageView } from "../views.js";
import { loadCycle, stageOf } from "./load.js";

export const UpsertEntryInput = z.strictObject({
  answer: EntryAnswer,
  /** The version the writer read; omit only when creating the entry. */
  expectedVersion: z.int().min(1).optional(),
});
export type UpsertEntryInput = z.infer<typeof UpsertEntryInput>;

export const BULK_LIMIT = 50;

export const BulkUpsertInput = z
  .strictObject({
    entries: z
      .array(
        z.strictObject({
          measureId: MeasureId,
          answer: EntryAnswer,
          expectedVersion: z.int().min(1).optional(),
        }),
      )
      .min(1)
      .max(BULK_LIMIT, { error: `at most ${BULK_LIMIT} entries per request` }),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.entries.forEach((e, i) => {
      if (seen.has(e.measureId)) {
        ctx.addIssue({
          code: "custom",
          path: ["entries", i, "measureId"],
          message: `${e.measureId} appears twice`,
        });
      }
      seen.add(e.measureId);
    });
  });
export type BulkUpsertInput = z.infer<typeof BulkUpsertInput>;

export const AssessmentFilter = z.strictObject({
  catalogue: z.enum(["TIP", "SOM"]).optional(),
  pillar: z.string().max(20).optional(),
  status: z.union([MeasureStatus, z.literal("unanswered")]).optional(),
  agency: z.string().max(64).optional(),
});
export type AssessmentFilter = z.infer<typeof AssessmentFilter>;

export type AssessmentItem = {
  measureId: string;
  catalogue: string;
  pillar: { id: string; title: string };
  objective: { id: string; title: string };
  text: string;
  mandatory: boolean;
  articles: string[];
  entry: EntryView | null;
};

export type AssessmentView = { stage: StageView; items: AssessmentItem[]; scores: AssessmentScores };

/** Every measure of the cycle's frameworks with its answer (or null), filtered, plus the scores. */
export async function getAssessment(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
  filter: AssessmentFilter = {},
): Promise<AssessmentView> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  const entries = await deps.store.listEntries(country, cycleId);
  const byId = new Map(entries.map((e) => [e.measureId, e]));
  const items: AssessmentItem[] = [];
  for (const [measureId, info] of cycleMeasures(cycle)) {
    const entry = byId.get(measureId);
    if (filter.catalogue && info.catalogue !== filter.catalogue) continue;
    if (filter.pillar && info.pillar.id !== filter.pillar && !info.pillar.id.endsWith(`.${filter.pillar}`))
      continue;
    if (filter.status && (entry?.status ?? "unanswered") !== filter.status) continue;
    if (filter.agency && entry?.agency !== filter.agency) continue;
    items.push(itemOf(measureId, info, entry));
  }
  return {
    stage: stageView(cycle, stageOf(stages, "assessment", cycleId)),
    items,
    scores: assessmentScores(cycle, entries),
  };
}

export async function getScores(
  deps: Pick<CoreDeps, "store">,
  principal: Principal,
  country: string,
  cycleId: string,
): Promise<AssessmentScores> {
  const { cycle } = await loadCycle(deps, principal, country, cycleId, "draft.read");
  return assessmentScores(cycle, await deps.store.listEntries(country, cycleId));
}

/** Creates or updates the answer for one measure. */
export async function upsertEntry(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  measureId: string,
  input: UpsertEntryInput,
  idempotency?: IdempotencyIntent,
): Promise<AssessmentItem> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "assessment.edit");
  const info = measureOf(cycle, measureId);
  assertEditable(stageOf(stages, "assessment", cycleId));
  const existing = await deps.store.getEntry(country, cycleId, measureId);
  checkVersion(measureId, existing, input.expectedVersion);
  const at = isoNow(deps);
  const entry = nextEntry(principal, cycle, measureId, existing, input.answer, at);
  const item = itemOf(measureId, info, entry);
  await deps.store.commit({
    writes: [{ entity: "entry", item: entry, expectedVersion: existing?.version ?? null }],
    checks: [editableCheck(cycle)],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "entry.upserted",
        summary: `${measureId} answered: ${entry.status}, severity ${entry.severity}`,
        changes: [change("entry", `${cycleId}/${measureId}`, existing, entry)],
      }),
    ],
    ...withIdempotency(idempotency, item, at),
  });
  return item;
}

/** Saves up to BULK_LIMIT answers in one atomic change: all are written, or none. */
export async function bulkUpsertEntries(
  deps: CoreDeps,
  principal: Principal,
  country: string,
  cycleId: string,
  input: BulkUpsertInput,
  idempotency?: IdempotencyIntent,
): Promise<{ items: AssessmentItem[] }> {
  const { cycle, stages } = await loadCycle(deps, principal, country, cycleId, "assessment.edit");
  const measures = cycleMeasures(cycle);
  input.entries.forEach((e, i) => {
    if (!measures.has(e.measureId)) {
      throw new NotFoundError(
        `entries[${i}].measureId: ${e.measureId} is not a measure of this cycle's frameworks`,
        {
          field: `entries[${i}].measureId`,
        },
      );
    }
  });
  assertEditable(stageOf(stages, "assessment", cycleId));
  const current = new Map((await deps.store.listEntries(country, cycleId)).map((e) => [e.measureId, e]));
  const at = isoNow(deps);
  const written = input.entries.map((e, i) => {
    const existing = current.get(e.measureId);
    checkVersion(e.measureId, existing, e.expectedVersion, `entries[${i}].expectedVersion`);
    return { existing, entry: nextEntry(principal, cycle, e.measureId, existing, e.answer, at, i) };
  });
  const items = written.map(({ entry }) => {
    const info = measures.get(entry.measureId);
    if (!info) throw new NotFoundError(`${entry.measureId} is not a measure of this cycle's frameworks`);
    return itemOf(entry.measureId, info, entry);
  });
  const response = { items };
  await deps.store.commit({
    writes: written.map(({ existing, entry }) => ({
      entity: "entry" as const,
      item: entry,
      expectedVersion: existing?.version ?? null,
    })),
    checks: [editableCheck(cycle)],
    events: [
      auditEvent(deps, at, {
        country,
        cycleId,
        actor: actorOf(principal),
        action: "entries.bulk_upserted",
        summary: `${written.length} assessment answers saved`,
        changes: written.map(({ existing, entry }) =>
          change("entry", `${cycleId}/${entry.measureId}`, existing, entry),
        ),
      }),
    ],
    ...withIdempotency(idempotency, response, at),
  });
  return response;
}

function measureOf(cycle: Cycle, measureId: string): MeasureInfo {
  const info = cycleMeasures(cycle).get(measureId);
  if (!info) throw new NotFoundError(`measure ${measureId} is not part of this cycle's frameworks`);
  return info;
}

function assertEditable(stage: Stage): void {
  if (!isEditable(stage)) {
    throw new RuleViolationError(
      "stage_locked",
      `the ${stage.stage} stage is ${stage.state}: it can be edited only while in draft or returned`,
      { stage: stage.stage, state: stage.state },
    );
  }
}

function editableCheck(cycle: Cycle): StageStateCheck {
  return { country: cycle.country, cycleId: cycle.id, stage: "assessment", states: ["draft", "returned"] };
}

function checkVersion(
  measureId: string,
  existing: AssessmentEntry | undefined,
  expected: number | undefined,
  field = "expectedVersion",
): void {
  if (!existing && expected !== undefined) {
    throw new VersionConflictError(
      `${field}: ${measureId} has no answer yet; omit expectedVersion to create it`,
      {
        field,
        currentVersion: null,
      },
    );
  }
  if (existing && expected !== existing.version) {
    throw new VersionConflictError(
      expected === undefined
        ? `${field}: ${measureId} already has an answer (version ${existing.version}); send expectedVersion to change it`
        : `${field}: ${measureId} is at version ${existing.version}, not ${expected}; reload and try again`,
      { field, currentVersion: existing.version, current: entryView(existing) },
    );
  }
}

/**
 * Members answer for their own agency only: they cannot take over an entry owned by another agency, nor assign one.
 * Coordinators may assign any agency. An entry with no owner becomes the answering member's agency's.
 */
export function nextEntry(
  principal: Principal,
  cycle: Cycle,
  measureId: string,
  existing: AssessmentEntry | undefined,
  answer: z.infer<typeof EntryAnswer>,
  at: string,
  index?: number,
): AssessmentEntry {
  const where = index === undefined ? "" : `entries[${index}]: `;
  let agency = answer.agency ?? existing?.agency;
  if (principal.role === "member") {
    if (existing?.agency && existing.agency !== principal.agency) {
      throw new ForbiddenError(`${where}${measureId} is answered by ${existing.agency}, not by your agency`, {
        measureId,
      });
    }
    if (answer.agency && answer.agency !== principal.agency) {
      throw new ForbiddenError(`${where}agency: a member answers only for their own agency`, {
        field: "agency",
      });
    }
    agency = principal.agency;
  }
  return {
    country: cycle.country,
    cycleId: cycle.id,
    measureId,
    status: answer.status,
    severity: answer.severity,
    evidence: answer.evidence,
    source: answer.source,
    ...(agency ? { agency } : {}),
    answeredBy: actorOf(principal),
    answeredAt: at,
    version: (existing?.version ?? 0) + 1,
  };
}

function itemOf(measureId: string, info: MeasureInfo, entry: AssessmentEntry | undefined): AssessmentItem {
  return {
    measureId,
    catalogue: info.catalogue,
    pillar: info.pillar,
    objective: info.objective,
    text: info.measure.text,
    mandatory: info.measure.mandatory,
    articles: info.measure.articles,
    entry: entry ? entryView(entry) : null,
  };
}

export function withIdempotency(
  idempotency: IdempotencyIntent | undefined,
  response: unknown,
  at: string,
): Pick<Changeset, "idempotency"> {
  return idempotency ? { idempotency: { ...idempotency, response, createdAt: at } } : {};
}
