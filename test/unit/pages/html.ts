// Reading the pages' HTML in tests without a DOM: the pages are well-formed and regular enough for these.

/** The element `<tag ... id="value" ...>...</tag>` (or another attribute), balanced over nested tags of its name. */
export function element(html: string, tag: string, value: string, attribute = "id"): string {
  const start = html.search(new RegExp(`<${tag}\\b[^>]*\\s${attribute}="${value}"`));
  if (start < 0) throw new Error(`no <${tag} ${attribute}="${value}"> in the page`);
  const open = new RegExp(`<${tag}\\b|</${tag}>`, "g");
  open.lastIndex = start;
  let depth = 0;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    depth += m[0].startsWith("</") ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  throw new Error(`<${tag} ${attribute}="${value}"> is not closed`);
}

/** How many times `pattern` (global) occurs. */
export function count(html: string, pattern: RegExp): number {
  return [...html.matchAll(pattern)].length;
}

/** The entities the pages' escaping produces, decoded. */
export function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The visible text: tags dropped, whitespace collapsed, entities decoded. */
export function textOf(html: string): string {
  return decode(
    html
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** Every `<tr>...</tr>` of the html, whole. */
export function rowsOf(html: string): string[] {
  return [...html.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((m) => m[0]);
}

/** The first row that contains `marker`. */
export function rowWith(html: string, marker: string): string {
  const row = rowsOf(html).find((r) => r.includes(marker));
  if (!row) throw new Error(`no row with ${marker}`);
  return row;
}
