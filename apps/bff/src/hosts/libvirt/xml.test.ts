import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures/index.js';
import { at, elements, escapeXml, h, parseXml, serializeXml, text, XmlParseError } from './xml.js';

describe('xml', () => {
  it('reads a real domain document and writes it back to the same tree', () => {
    const src = fixture('dumpxml-running.xml');
    const root = parseXml(src);
    expect(root.name).toBe('domain');
    expect(text(at(root, 'name'))).toBe(/<name>([^<]+)<\/name>/.exec(src)?.[1]);
    const diskCount = (src.match(/<disk /g) ?? []).length;
    expect(elements(at(root, 'devices')!, 'disk')).toHaveLength(diskCount);
    expect(parseXml(serializeXml(root))).toEqual(root);
  });

  it('decodes and escapes entities', () => {
    const root = parseXml(
      `<a x="1 &lt; 2 &amp; &#x41;&#66;">it&apos;s &quot;q&quot;<!-- c --><![CDATA[<raw>]]></a>`,
    );
    expect(root.attrs.x).toBe('1 < 2 & AB');
    expect(text(root)).toBe(`it's "q"<raw>`);
    expect(escapeXml(`<'&">`)).toBe('&lt;&apos;&amp;&quot;&gt;');
    const built = serializeXml(h('d', { a: `x'y`, skip: undefined }, h('e'), undefined, 'a<b'));
    expect(built).toBe(`<d a='x&apos;y'><e/>a&lt;b</d>`);
    expect(parseXml(built).attrs.a).toBe(`x'y`);
  });

  it('refuses malformed documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlParseError);
    expect(() => parseXml('<a>')).toThrow(/unclosed/);
    expect(() => parseXml('')).toThrow(/no root/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
  });
});
