import { Hono } from "hono";
import { z } from "zod";
import { getCycle } from "../../core/use-cases/cycles.js";
import { loadCycle } from "../../core/use-cases/load.js";
import { Table } from "./components.js";
import { countryOf, type PageDeps, paths, type WebEnv } from "./context.js";
import { CycleHeader } from "./cycle-nav.js";
import { actorName, DateText } from "./labels.js";
import { render } from "./layout.js";

/**
 * `/app/cycles/:cycleId/audit`: the cycle's audit trail, oldest first, a page at a time: when, who, what and the
 * summary each change was recorded with. The before/after snapshots stay in the API (GET /cycles/{id}/audit).
 */
const PAGE_SIZE = 50;
const Query = z.object({ cursor: z.string().min(1).max(2048).optional().catch(undefined) });

export function auditPages(deps: PageDeps) {
  const router = new Hono<WebEnv>();
  router.get("/cycles/:cycleId/audit", async (c) => {
    const cycleId = c.req.param("cycleId");
    const { cursor } = Query.parse(c.req.query());
    const country = await countryOf(c, deps, cycleId);
    const principal = c.get("principal");
    // The same gate as the API's audit route (tenant, role, existence) before any event is read.
    await loadCycle(deps, principal, country, cycleId, "audit.read");
    const [cycle, page] = await Promise.all([
      getCycle(deps, principal, country, cycleId),
      deps.store.listAudit(country, cycleId, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    ]);
    const view = c.get("view");
    const { t } = view;
    const title = t("audit.title");
    return render(c, {
      title,
      body: (
        <div class="stack">
          <CycleHeader view={view} cycle={cycle} current="audit" title={title}>
            <p>{t("audit.intro")}</p>
          </CycleHeader>
          <Table
            id="audit"
            caption={t(cursor ? "audit.captionLater" : "audit.caption", { count: page.items.length })}
            columns={[
              { label: t("audit.when") },
              { label: t("audit.who") },
              { label: t("audit.what") },
              { label: t("audit.summary") },
            ]}
          >
            {page.items.map((e) => (
              <tr>
                <th scope="row">
                  <DateText view={view} iso={e.at} withTime />
                </th>
                <td>{actorName(view, e.actor)}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.summary}</td>
              </tr>
            ))}
          </Table>
          <nav class="actions" aria-label={t("audit.paging")}>
            {cursor ? <a href={paths.audit(cycleId)}>{t("common.first")}</a> : null}
            {page.cursor ? (
              <a href={paths.audit(cycleId, page.cursor)} rel="next">
                {t("common.next")}
              </a>
            ) : null}
          </nav>
        </div>
      ),
    });
  });
  return router;
}
