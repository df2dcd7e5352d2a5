import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VM_CONSOLE_STATUSES, VM_MESSAGES, VM_STATUSES } from '@corral/shared';
import {
  asksAboutVm,
  closeReason,
  lookUpStoppedVm,
  VM_LOOKUP_DELAYS_MS,
  vmStoppedMessage,
} from './closeReason.js';
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
        // '.' and '..' are dot segments, which URLs resolve away even percent-encoded;
        // VM ids are UUIDs, so they never meet one.
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && s !== '.' && s !== '..'),
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

describe('a console closed with no reason', () => {
  it('asks about the VM only after a session that was up closed', () => {
    expect(asksAboutVm({ state: 'disconnected', message: closeReason(1000, true) })).toBe(true);
    expect(asksAboutVm({ state: 'error', message: closeReason(4002, true) })).toBe(false);
    expect(asksAboutVm({ state: 'error', message: closeReason(4001, true) })).toBe(false);
    expect(asksAboutVm({ state: 'error', message: closeReason(1006, false) })).toBe(false);
  });

  it("names the VM's status and the shared rule's reason when it allows no console", () => {
    for (const status of VM_STATUSES) {
      const message = vmStoppedMessage({ id: 'v', name: 'web', status });
      if (VM_CONSOLE_STATUSES.includes(status)) expect(message).toBeNull();
      else expect(message).toBe(`The VM is ${status}: ${VM_MESSAGES.console}`);
    }
  });

  it('says nothing for an answer without a known status', () => {
    for (const row of [null, undefined, 'Down', {}, { status: 'down' }, { status: 3 }]) {
      expect(vmStoppedMessage(row)).toBeNull();
    }
  });

  const noWait = { sleep: () => Promise.resolve() };

  it('asks again while the VM row still shows it running, and stops at the first stopped', async () => {
    const answers = [{ status: 'Up' }, { status: 'PoweringDown' }, { status: 'Down' }];
    let asked = 0;
    const message = await lookUpStoppedVm(() => Promise.resolve(answers[asked++]), noWait);
    expect(message).toBe(`The VM is Down: ${VM_MESSAGES.console}`);
    expect(asked).toBe(3);
  });

  it('tries again after a failed look-up', async () => {
    let asked = 0;
    const message = await lookUpStoppedVm(async () => {
      asked++;
      if (asked === 1) throw new Error('BFF unreachable');
      return { status: 'Down' };
    }, noWait);
    expect(message).toMatch(/^The VM is Down:/);
  });

  it('settles on nothing after every try, waiting about 3 s in all', async () => {
    const waits: number[] = [];
    let asked = 0;
    const message = await lookUpStoppedVm(
      () => {
        asked++;
        return Promise.resolve({ status: 'Up' });
      },
      {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(message).toBeNull();
    expect(asked).toBe(VM_LOOKUP_DELAYS_MS.length);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(2500);
    expect(total).toBeLessThanOrEqual(3500);
  });

  it('gives up once the page reconnected or closed', async () => {
    let stopped = false;
    let asked = 0;
    const message = await lookUpStoppedVm(
      () => {
        asked++;
        stopped = true;
        return Promise.resolve({ status: 'Down' });
      },
      { ...noWait, stop: () => stopped },
    );
    expect(message).toBeNull();
    expect(asked).toBe(1);
  });

  it('waits for real between tries by default', async () => {
    const started = Date.now();
    const message = await lookUpStoppedVm(() => Promise.resolve({ status: 'Up' }), {
      delays: [0, 30],
    });
    expect(message).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
