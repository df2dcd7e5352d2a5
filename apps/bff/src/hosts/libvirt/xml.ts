// A small XML reader/writer for libvirt's documents (domain, capabilities, snapshot).
// libvirt emits plain, well-formed XML: elements, attributes, text, the odd comment.
// That is all this handles; no DTDs, no namespaces beyond keeping prefixed names as-is.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export class XmlParseError extends Error {}

/** Parses a document and returns its root element. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (what: string): never => {
    throw new XmlParseError(`XML: ${what} at offset ${pos}`);
  };

  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > pos) {
      const text = source.slice(pos, textEnd);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(decode(text));
      else if (text.trim() !== '') fail('text outside the root element');
      pos = textEnd;
      continue;
    }
    if (source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos);
      if (end === -1) fail('unterminated comment');
      pos = end + 3;
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = source.indexOf(']]>', pos);
      if (end === -1) fail('unterminated CDATA');
      stack[stack.length - 1]?.children.push(source.slice(pos + 9, end));
      pos = end + 3;
    } else if (source.startsWith('<?', pos) || source.startsWith('<!', pos)) {
      const end = source.indexOf('>', pos);
      if (end === -1) fail('unterminated declaration');
      pos = end + 1;
    } else if (source.startsWith('</', pos)) {
      const end = source.indexOf('>', pos);
      if (end === -1) fail('unterminated end tag');
      const name = source.slice(pos + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`unexpected </${name}>`);
      pos = end + 1;
    } else {
      const tag = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        source.slice(pos),
      );
      if (!tag) fail('malformed start tag');
      const [whole, name = '', attrText = '', selfClose] = tag as RegExpExecArray;
      const attrs: Record<string, string> = {};
      for (const m of attrText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[m[1] as string] = decode(m[2] ?? m[3] ?? '');
      }
      const el: XmlElement = { name, attrs, children: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('second root element');
      else root = el;
      if (!selfClose) stack.push(el);
      pos += whole.length;
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) fail('no root element');
  return root as XmlElement;
}

export function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el ? elements(el, name)[0] : undefined;
}

/** The first element at a `/`-separated path below `el`. */
export function at(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = el;
  for (const part of path.split('/')) cur = child(cur, part);
  return cur;
}

export function text(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
}

/** Serialises an element back to XML (whitespace text nodes are kept as they were). */
export function serializeXml(el: XmlElement): string {
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}='${escapeXml(v)}'`)
    .join('');
  if (el.children.length === 0) return `<${el.name}${attrs}/>`;
  const inner = el.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serializeXml(c)));
  return `<${el.name}${attrs}>${inner.join('')}</${el.name}>`;
}

/** Builds an element for serializeXml; undefined attributes and children are dropped. */
export function h(
  name: string,
  attrs: Record<string, string | number | undefined> = {},
  ...children: (XmlNode | undefined | false)[]
): XmlElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[k] = String(v);
  return {
    name,
    attrs: a,
    children: children.filter((c): c is XmlNode => c !== undefined && c !== false),
  };
}
