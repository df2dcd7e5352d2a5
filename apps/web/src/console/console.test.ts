import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeReason } from './closeReason.js';
import {
  CONSOLE_PROTOCOLS,
  consoleSocketUrl,
  consoleUrl,
  defaultProtocol,
  parseConsoleRoute,
} from './consoleRoute.js';
import { KEYSYM, keysymOf, keystrokesOf } from './keystrokes.js';

describe('console route', () => {
  it('parses what consoleUrl writes', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        fc.constantFrom(...CONSOLE_PROTOCOLS),
        (vmId, protocol) => {
          const url = new URL(consoleUrl({ vmId, protocol }), 'http://portal');
          expect(parseConsoleRoute(url.pathname, url.search)).toEqual({ vmId, protocol });
        },
      ),
    );
  });

  it('is not the portal route, and falls back to VNC for a missing or unknown protocol', () => {
    expect(parseConsoleRoute('/', '?q=Vms%3A')).toBeNull();
    expect(parseConsoleRoute('/console/', '')).toBeNull();
    expect(parseConsoleRoute('/console/a/b', '')).toBeNull();
    expect(parseConsoleRoute('/console/%E0%A4%A', '')).toBeNull();
    expect(parseConsoleRoute('/console/vm-1', '')).toEqual({ vmId: 'vm-1', protocol: 'vnc' });
    expect(parseConsoleRoute('/console/vm-1', '?protocol=rdp')?.protocol).toBe('vnc');
    expect(parseConsoleRoute('/console/vm-1', '?protocol=SPICE')?.protocol).toBe('spice');
  });

  it('defaults to the VM display type', () => {
    expect(defaultProtocol('SPICE')).toBe('spice');
    expect(defaultProtocol('VNC')).toBe('vnc');
    expect(defaultProtocol(undefined)).toBe('vnc');
  });

  it('opens the websocket on the page origin, secure when the page is', () => {
    expect(consoleSocketUrl({ protocol: 'https:', host: 'h:8443' }, '/console/t')).toBe(
      'wss://h:8443/console/t',
    );
    expect(consoleSocketUrl({ protocol: 'http:', host: 'h' }, '/console/t')).toBe(
      'ws://h/console/t',
    );
  });
});

describe('keystrokes of pasted text', () => {
  it('types printable Latin-1 as its code point and the rest as 0x01000000 + code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const expected = [...text.replace(/\r\n/g, '\n')].flatMap((c) => {
          const cp = c.codePointAt(0)!;
          if (c === '\n' || c === '\r') return [KEYSYM.Return];
          if (c === '\t') return [KEYSYM.Tab];
          if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return [];
          return [cp <= 0xff ? cp : 0x01000000 + cp];
        });
        expect(keystrokesOf(text)).toEqual(expected);
      }),
    );
  });

  it('maps examples', () => {
    expect(keystrokesOf('aZ é\r\n€\u0007')).toEqual([
      'a'.charCodeAt(0),
      'Z'.charCodeAt(0),
      0x20,
      0xe9,
      KEYSYM.Return,
      0x01000000 + 0x20ac,
    ]);
    expect(keysymOf('')).toBeNull();
  });
});

describe('close reasons', () => {
  it('names takeover, a stopped VM and a refused ticket', () => {
    expect(closeReason(4001, true)).toMatch(/another user/i);
    expect(closeReason(4002, true)).toMatch(/stopped/i);
    expect(closeReason(1006, false)).toMatch(/expired/i);
    expect(closeReason(1000, true)).toMatch(/closed/i);
  });
});
