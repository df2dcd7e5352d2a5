import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONSOLE_PROTOCOLS } from './ticket.js';
import { vvFileText } from './vv.js';

/** virt-viewer's reading of the file: key=value lines under one group. */
function parseKeyFile(text: string): { group: string; keys: Map<string, string> } {
  const [group, ...rest] = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const keys = new Map<string, string>();
  for (const line of rest) {
    const at = line.indexOf('=');
    expect(at).toBeGreaterThan(0);
    keys.set(line.slice(0, at), line.slice(at + 1));
  }
  return { group: group ?? '', keys };
}

const input = fc.record({
  protocol: fc.constantFrom(...CONSOLE_PROTOCOLS),
  host: fc.string({ minLength: 1 }),
  port: fc.integer({ min: 1, max: 65535 }),
  tlsPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  password: fc.string({ minLength: 1 }),
  title: fc.string(),
  expiresAt: fc.date({ noInvalidDate: true }),
});

describe('vvFileText', () => {
  it('holds every value on its own key, one line each, whatever the values hold', () => {
    fc.assert(
      fc.property(input, (i) => {
        const { group, keys } = parseKeyFile(vvFileText(i));
        const flat = (s: string) => s.replace(/[\r\n]+/g, ' ');
        expect(group).toBe('[virt-viewer]');
        expect(keys.get('type')).toBe(i.protocol);
        expect(keys.get('host')).toBe(flat(i.host));
        expect(keys.get('port')).toBe(String(i.port));
        expect(keys.get('password')).toBe(flat(i.password));
        expect(keys.get('title')).toBe(flat(i.title));
        expect(keys.get('delete-this-file')).toBe('1');
        const tls =
          i.protocol === 'spice' && i.tlsPort !== undefined ? String(i.tlsPort) : undefined;
        expect(keys.get('tls-port')).toBe(tls);
      }),
    );
  });
});
