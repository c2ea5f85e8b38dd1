import type { Child } from "hono/jsx";
import { paths, type View } from "./context.js";

/**
 * The heading block of every cycle page: breadcrumbs (home > cycle), the page's h1, and the cycle's tabs, with the
 * current one marked aria-current. API: `CycleHeader({ view, cycle: { id, title }, current, title, children? })`;
 * `current` is the tab id; children go under the heading (e.g. a status line).
 */
export type CycleTab =
  | "overview"
  | "assessment"
  | "priorities"
  | "plan"
  | "monitoring"
  | "donor"
  | "audit"
  | "none";

export function CycleHeader(props: {
  view: View;
  cycle: { id: string; title: string };
  current: CycleTab;
  title: string;
  children?: Child;
}) {
  const { view, cycle } = props;
  const { t } = view;
  const donor = view.principal?.role === "donor";
  const tabs: { id: CycleTab; href: string; label: string }[] = donor
    ? [
        { id: "overview", href: paths.cycle(cycle.id), label: t("cycleNav.overview") },
        { id: "donor", href: paths.donor(cycle.id), label: t("cycleNav.donor") },
      ]
    : [
        { id: "overview", href: paths.cycle(cycle.id), label: t("cycleNav.overview") },
        { id: "assessment", href: paths.assessment(cycle.id), label: t("cycleNav.assessment") },
        { id: "priorities", href: paths.priorities(cycle.id), label: t("cycleNav.priorities") },
        { id: "plan", href: paths.plan(cycle.id), label: t("cycleNav.plan") },
        { id: "monitoring", href: paths.monitoring(cycle.id), label: t("cycleNav.monitoring") },
        { id: "audit", href: paths.audit(cycle.id), label: t("cycleNav.audit") },
      ];
  return (
    <>
      <nav class="breadcrumbs no-print" aria-label={t("cycleNav.breadcrumbs")}>
        <a href={paths.home()}>{t("nav.home")}</a>
        {" › "}
        {props.current === "overview" ? (
          <span>{cycle.title}</span>
        ) : (
          <a href={paths.cycle(cycle.id)}>{cycle.title}</a>
        )}
      </nav>
      <h1>{props.title}</h1>
      {props.children}
      <nav class="cycle-nav" aria-label={t("cycleNav.label")}>
        <ul>
          {tabs.map((tab) => (
            <li>
              <a href={tab.href} aria-current={tab.id === props.current ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
