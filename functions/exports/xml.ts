import type { XmlNode } from "../core/exports/xml-tree.js";

export const XML_TYPE = "application/xml; charset=utf-8";

/**
 * Characters XML 1.0 cannot hold at all, even escaped (control characters but tab and line breaks, lone
 * surrogates, U+FFFE/U+FFFF): a pasted one would make the whole file unreadable, so it is dropped.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/** The document, UTF-8, indented two spaces; elements with text only keep it on their line. */
export function writeXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${node(root, "")}\n`;
}

function node(n: XmlNode, indent: string): string {
  const attrs = Object.entries(n.attrs ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
  const children = n.children ?? [];
  if (children.length === 0) return `${indent}<${n.name}${attrs}/>`;
  if (children.every((c) => typeof c === "string")) {
    return `${indent}<${n.name}${attrs}>${escapeXml(children.join(""))}</${n.name}>`;
  }
  const inner = children
    .map((c) => (typeof c === "string" ? `${indent}  ${escapeXml(c)}` : node(c, `${indent}  `)))
    .join("\n");
  return `${indent}<${n.name}${attrs}>\n${inner}\n${indent}</${n.name}>`;
}
