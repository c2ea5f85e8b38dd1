/** An XML element as builders describe it; the writer escapes every name's text and attribute value. */
export type XmlNode = {
  name: string;
  /** Undefined attributes are left out, so optional ones need no conditional spread. */
  attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  children?: readonly (XmlNode | string)[];
};

export function el(
  name: string,
  attrs: XmlNode["attrs"] = {},
  ...children: (XmlNode | string | null | undefined | false)[]
): XmlNode {
  return { name, attrs, children: children.filter((c): c is XmlNode | string => !!c || c === "") };
}
