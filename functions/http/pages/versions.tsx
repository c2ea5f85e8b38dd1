import { Hono } from "hono";
import { z } from "zod";
import { StageName } from "../../../workflows/schemas.js";
import { ValidationError } from "../../core/errors.js";
import { getCycle } from "../../core/use-cases/cycles.js";
import { diffVersions, getVersion, listVersions } from "../../core/versions/read.js";
import { Table } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { DateText, measureTexts, stageName } from "./labels.js";
import { render } from "./layout.js";
import { DiffView, SnapshotView } from "./snapshot-view.js";

/**
 * The approved versions of a stage (`/stages/:stage/versions`) and one version's frozen content with its decisions
 * and what changed since the version before (`/versions/:n`). Donors reach these too (approved content only: the
 * core redacts people and small counts for them); a draft is never a version.
 */
const Params = z.object({
  cycleId: z.string(),
  stage: StageName,
  number: z.coerce.number().int().min(1).optional(),
});

export function versionPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();

  router.get("/cycles/:cycleId/stages/:stage/versions", async (c) => {
    const { cycleId, stage } = params(c.req.param());
    const country = await countryOf(c, deps, cycleId);
    const principal = c.get("principal");
    const [cycle, list] = await Promise.all([
      getCycle(deps, principal, country, cycleId),
      listVersions(deps, principal, country, cycleId, stage),
    ]);
    const view = c.get("view");
    const { t } = view;
    const title = t("version.listTitle", { stage: stageName(view, stage) });
    return render(c, {
      title,
      body: (
        <div class="stack">
          <CycleHeader view={view} cycle={cycle} current="none" title={title} />
          {list.items.length === 0 ? (
            <p>{t("version.noneYet")}</p>
          ) : (
            <Table
              caption={title}
              columns={[
                { label: t("version.number") },
                { label: t("cycle.approved") },
                { label: t("cycle.col.signatures") },
                { label: t("version.amendmentReason") },
                { label: t("version.items"), numeric: true },
              ]}
            >
              {list.items.map((v) => (
                <tr>
                  <th scope="row">
                    <a href={paths.version(cycleId, stage, v.number)}>
                      {t("cycle.versionN", { n: v.number })}
                    </a>
                  </th>
                  <td>
                    <DateText view={view} iso={v.approvedAt} />
                  </td>
                  <td>{v.decisions.map((d) => d.ministry).join(", ")}</td>
                  <td>{v.amendmentReason ?? ""}</td>
                  <td class="num">{v.items}</td>
                </tr>
              ))}
            </Table>
          )}
        </div>
      ),
    });
  });

  router.get("/cycles/:cycleId/stages/:stage/versions/:number", async (c) => {
    const { cycleId, stage, number } = params(c.req.param());
    if (!number) throw new ValidationError("number: must be a version number (1, 2, ...)");
    const country = await countryOf(c, deps, cycleId);
    const principal = c.get("principal");
    const [cycle, version, diff] = await Promise.all([
      getCycle(deps, principal, country, cycleId),
      getVersion(deps, principal, country, cycleId, stage, number),
      number > 1 ? diffVersions(deps, principal, country, cycleId, stage, number - 1, number) : undefined,
    ]);
    const view = c.get("view");
    const { t } = view;
    const title = t("version.title", { stage: stageName(view, stage), n: number });
    return render(c, {
      title,
      body: (
        <div class="stack">
          <CycleHeader view={view} cycle={cycle} current="none" title={title}>
            <p>
              {t("version.approvedOn")} <DateText view={view} iso={version.approvedAt} /> ·{" "}
              <a href={paths.versions(cycleId, stage)}>{t("version.all")}</a>
            </p>
          </CycleHeader>
          {version.amendmentReason ? (
            <p>{t("review.amendmentReason", { reason: version.amendmentReason })}</p>
          ) : null}
          <Table
            caption={t("version.decisions")}
            columns={[
              { label: t("version.ministry") },
              { label: t("version.decision") },
              { label: t("version.when") },
            ]}
          >
            {version.decisions.map((d) => (
              <tr>
                <th scope="row">{d.ministry}</th>
                <td>
                  {t(d.decision === "approve" ? "cycle.signed" : "cycle.returnedBy")}
                  {d.by?.type === "user" && d.by.name ? <span class="muted"> · {d.by.name}</span> : null}
                </td>
                <td>
                  <DateText view={view} iso={d.at} withTime />
                </td>
              </tr>
            ))}
          </Table>
          {diff ? (
            <section aria-labelledby="diff-heading">
              <h2 id="diff-heading">{t("version.changesFrom", { n: number - 1 })}</h2>
              <DiffView view={view} diff={diff} />
            </section>
          ) : null}
          <section aria-labelledby="content-heading">
            <h2 id="content-heading">{t("version.content")}</h2>
            <SnapshotView
              view={view}
              stage={stage}
              snapshot={version.content}
              caption={t("version.contentCaption", { count: version.items })}
              measureText={measureTexts(cycle)}
            />
          </section>
        </div>
      ),
    });
  });

  return router;
}

function params(raw: Record<string, string>) {
  const parsed = Params.safeParse(raw);
  if (!parsed.success) throw new ValidationError("the address names no stage version");
  return parsed.data;
}
