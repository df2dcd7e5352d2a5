import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyNames } from '@spice-project/spice-html5/src/atKeynames.js';
import { KEY_COMBOS, KEYSYM, keyPressesOf } from './keystrokes.js';
import { fitScreen } from './screen.js';
import {
  CTRL_ALT_DEL,
  SCANCODE_OF_CODE,
  keyCodeOf,
  keyMessage,
  strokesOfChar,
  strokesOfCombo,
  strokesOfText,
  type KeyStroke,
} from './spiceKeys.js';
import { channelClosedEnd, mainClosedEnd, spiceErrorEnd } from './spiceStatus.js';

/** The bytes a key code puts on the keyboard, as spice-server reads them: low first, to a 0. */
function bytesOf(code: number): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const byte = (code >>> (i * 8)) & 0xff;
    if (byte === 0) break;
    bytes.push(byte);
  }
  return bytes;
}

// A US keyboard written out row by row, independently of spiceKeys' tables.
const ROWS: [string, string, number[]][] = [
  ['`1234567890-=', '~!@#$%^&*()_+', [0x29, ...range(0x02, 0x0d)]],
  ['qwertyuiop[]\\', 'QWERTYUIOP{}|', [...range(0x10, 0x1b), 0x2b]],
  ["asdfghjkl;'", 'ASDFGHJKL:"', range(0x1e, 0x28)],
  ['zxcvbnm,./', 'ZXCVBNM<>?', range(0x2c, 0x35)],
];
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** What a guest with a US layout types for these strokes; throws on a stuck key. */
function typedBy(strokes: readonly KeyStroke[]): string {
  let shift = false;
  let out = '';
  const down = new Set<number>();
  for (const { scancode, down: isDown } of strokes) {
    if (isDown) {
      expect(down.has(scancode)).toBe(false);
      down.add(scancode);
    } else {
      expect(down.delete(scancode)).toBe(true);
    }
    if (scancode === 0x2a) {
      shift = isDown;
      continue;
    }
    if (!isDown) continue;
    if (scancode === 0x1c) out += '\n';
    else if (scancode === 0x0f) out += '\t';
    else if (scancode === 0x39) out += ' ';
    else {
      const row = ROWS.find(([, , codes]) => codes.includes(scancode));
      if (!row) throw new Error(`no character for scancode ${scancode.toString(16)}`);
      out += (shift ? row[1] : row[0])[row[2].indexOf(scancode)];
    }
  }
  expect([...down]).toEqual([]);
  return out;
}

describe('SPICE scancodes', () => {
  it('agree with spice-html5’s AT key table for the keys it names', () => {
    const pairs: [string, string][] = [
      ['Escape', 'KEY_Escape'],
      ['Backspace', 'KEY_BackSpace'],
      ['Tab', 'KEY_Tab'],
      ['Enter', 'KEY_Enter'],
      ['ControlLeft', 'KEY_LCtrl'],
      ['ShiftLeft', 'KEY_ShiftL'],
      ['ShiftRight', 'KEY_ShiftR'],
      ['AltLeft', 'KEY_Alt'],
      ['Space', 'KEY_Space'],
      ['CapsLock', 'KEY_CapsLock'],
      ['Minus', 'KEY_Minus'],
      ['Equal', 'KEY_Equal'],
      ['BracketLeft', 'KEY_LBrace'],
      ['BracketRight', 'KEY_RBrace'],
      ['Semicolon', 'KEY_SemiColon'],
      ['Quote', 'KEY_Quote'],
      ['Backquote', 'KEY_Tilde'],
      ['Backslash', 'KEY_BSlash'],
      ['Comma', 'KEY_Comma'],
      ['Period', 'KEY_Period'],
      ['Slash', 'KEY_Slash'],
      ['NumLock', 'KEY_NumLock'],
      ['ScrollLock', 'KEY_ScrollLock'],
      ['NumpadDecimal', 'KEY_KP_Decimal'],
      ['IntlBackslash', 'KEY_Less'],
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
        .split('')
        .map((l): [string, string] => [`Key${l}`, `KEY_${l}`]),
      ...range(0, 9).map((d): [string, string] => [`Digit${d}`, `KEY_${d}`]),
      ...range(0, 9).map((d): [string, string] => [`Numpad${d}`, `KEY_KP_${d}`]),
      ...range(1, 12).map((f): [string, string] => [`F${f}`, `KEY_F${f}`]),
    ];
    for (const [code, name] of pairs) {
      expect([code, SCANCODE_OF_CODE[code]]).toEqual([code, KeyNames[name]]);
    }
  });

  it('gives every physical key its own scancode', () => {
    const codes = Object.values(SCANCODE_OF_CODE);
    expect(new Set(codes).size).toBe(codes.length);
    for (const scancode of codes) {
      const byte = scancode & 0xff;
      expect(byte).toBeGreaterThan(0);
      expect(byte).toBeLessThan(0x80);
      expect(scancode < 0x80 || (scancode >= 0xe001 && scancode <= 0xe07f)).toBe(true);
    }
  });

  it('sends a press as the make code and a release with bit 7 set, after E0 for extended keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(SCANCODE_OF_CODE)), (scancode) => {
        const make = bytesOf(keyCodeOf(scancode, true));
        const brk = bytesOf(keyCodeOf(scancode, false));
        const prefix = scancode >= 0xe000 ? [0xe0] : [];
        expect(make).toEqual([...prefix, scancode & 0xff]);
        expect(brk).toEqual([...prefix, (scancode & 0xff) | 0x80]);
      }),
    );
    expect(keyCodeOf(SCANCODE_OF_CODE.KeyA!, true)).toBe(0x1e);
    expect(keyCodeOf(SCANCODE_OF_CODE.KeyA!, false)).toBe(0x9e);
    expect(keyCodeOf(SCANCODE_OF_CODE.ArrowUp!, true)).toBe(0x48e0);
    expect(keyCodeOf(SCANCODE_OF_CODE.ArrowUp!, false)).toBe(0xc8e0);
  });

  it('writes key messages with the mini header, little-endian', () => {
    expect([...new Uint8Array(keyMessage({ scancode: 0x1d, down: true }))]).toEqual([
      101, 0, 4, 0, 0, 0, 0x1d, 0, 0, 0,
    ]);
    expect([...new Uint8Array(keyMessage({ scancode: 0xe053, down: false }))]).toEqual([
      102, 0, 4, 0, 0, 0, 0xe0, 0xd3, 0, 0,
    ]);
  });
});

describe('SPICE keystrokes of pasted text', () => {
  const usChar = fc.constantFrom(
    ...ROWS.flatMap(([plain, shifted]) => [...plain, ...shifted]),
    ' ',
    '\n',
    '\t',
  );

  it('types back exactly the text on a US layout, releasing every key', () => {
    fc.assert(
      fc.property(
        fc.array(usChar).map((chars) => chars.join('')),
        (text) => {
          const { strokes, skipped } = strokesOfText(text);
          expect(skipped).toEqual([]);
          expect(typedBy(strokes)).toBe(text);
        },
      ),
    );
  });

  it('holds Shift for the same characters as the VNC paste does', () => {
    for (let code = 0x20; code < 0x7f; code++) {
      const char = String.fromCharCode(code);
      const shifted = strokesOfChar(char)?.[0]?.scancode === SCANCODE_OF_CODE.ShiftLeft;
      expect([char, keyPressesOf(char)]).toEqual([char, [{ keysym: code, shift: shifted }]]);
    }
  });

  it('holds Shift around shifted characters only', () => {
    expect(strokesOfChar('a')).toEqual([
      { scancode: 0x1e, down: true },
      { scancode: 0x1e, down: false },
    ]);
    expect(strokesOfChar('A')).toEqual([
      { scancode: 0x2a, down: true },
      { scancode: 0x1e, down: true },
      { scancode: 0x1e, down: false },
      { scancode: 0x2a, down: false },
    ]);
    expect(strokesOfChar('!')?.map((s) => s.scancode)).toEqual([0x2a, 0x02, 0x02, 0x2a]);
    expect(strokesOfChar('é')).toBeNull();
    expect(strokesOfChar('')).toBeNull();
  });

  it('leaves out what no US key types, and types CR LF as one Enter', () => {
    const { strokes, skipped } = strokesOfText('aé\r\n€b\u0007');
    expect(typedBy(strokes)).toBe('a\nb');
    expect(skipped).toEqual(['é', '€', '\u0007']);
    expect(typedBy(strokesOfText('x\ry').strokes)).toBe('x\ny');
  });

  it('sends every "Send keys" combination and Ctrl+Alt+Del, releasing in reverse', () => {
    for (const combo of KEY_COMBOS) {
      const strokes = strokesOfCombo(combo.keys);
      expect(strokes, combo.label).not.toBeNull();
      const n = combo.keys.length;
      expect(strokes!.slice(0, n).every((s) => s.down)).toBe(true);
      expect(strokes!.slice(n).map((s) => s.scancode)).toEqual(
        strokes!
          .slice(0, n)
          .map((s) => s.scancode)
          .reverse(),
      );
    }
    expect(
      strokesOfCombo([KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.F1])!.map((s) => s.scancode),
    ).toEqual([0x1d, 0x38, 0x3b, 0x3b, 0x38, 0x1d]);
    expect(CTRL_ALT_DEL).toEqual([
      { scancode: 0x1d, down: true },
      { scancode: 0x38, down: true },
      { scancode: 0xe053, down: true },
      { scancode: 0xe053, down: false },
      { scancode: 0x38, down: false },
      { scancode: 0x1d, down: false },
    ]);
    expect(strokesOfCombo([0x1234])).toBeNull();
  });
});

describe('SPICE console status', () => {
  it('waits for the websocket close on errors spice-html5 makes up from it', () => {
    expect(spiceErrorEnd(new Event('error'))).toBe('wait');
    expect(spiceErrorEnd(new Error('Connection refused.'))).toBe('wait');
    expect(spiceErrorEnd(new Error('Unexpected protocol mismatch.'))).toBe('wait');
    expect(spiceErrorEnd(new Error('Bad password.'))).toBe('wait');
    expect(spiceErrorEnd(new Error('Unexpected close while ready'))).toBe('wait');
  });

  it('ends at once on the server refusing the password, a timeout or another failure', () => {
    expect(spiceErrorEnd(new Error('Permission denied.'))).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/refused the console password/),
    });
    expect(spiceErrorEnd(new Error('Connection timed out.'))).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/did not answer in time/),
    });
    expect(spiceErrorEnd(new Error('Error: magic mismatch: 1'))).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/magic mismatch/),
    });
  });

  it('names the reason the main channel closed', () => {
    expect(mainClosedEnd(4001, true)).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/another user/i),
    });
    expect(mainClosedEnd(4002, true)).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/stopped/),
    });
    expect(mainClosedEnd(4001, false, true).message).toMatch(/another user/i);
    expect(mainClosedEnd(1006, false)).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/expired/),
    });
    expect(mainClosedEnd(1006, false, true).message).toMatch(/password/);
    expect(mainClosedEnd(1000, true)).toEqual({
      state: 'disconnected',
      message: 'The console connection closed.',
    });
  });

  it('ends on a refused display channel, warns on inputs, ignores the cursor', () => {
    expect(channelClosedEnd('display', 1006, false)).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/refused the display channel.*screen/),
    });
    expect(channelClosedEnd('display', 1000, true)).toMatchObject({ state: 'disconnected' });
    expect(channelClosedEnd('inputs', 1006, false)).toEqual({
      warning: expect.stringMatching(/inputs channel.*keyboard/),
    });
    expect(channelClosedEnd('inputs', 1000, true)).toHaveProperty('warning');
    expect(channelClosedEnd('cursor', 1006, false)).toBeNull();
    expect(channelClosedEnd('playback', 1000, true)).toBeNull();
    expect(channelClosedEnd('cursor', 4001, true)).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/another user/i),
    });
    expect(channelClosedEnd('display', 4002, true)).toMatchObject({
      message: expect.stringMatching(/stopped/),
    });
  });
});

describe('screen fit', () => {
  const size = fc.record({
    width: fc.integer({ min: 1, max: 5000 }),
    height: fc.integer({ min: 1, max: 5000 }),
  });

  it('scales to fit the view, touching one side, keeping the aspect, centred', () => {
    fc.assert(
      fc.property(size, size, (view, screen) => {
        const fit = fitScreen(view, screen, true);
        const w = screen.width * fit.scale;
        const h = screen.height * fit.scale;
        expect(w).toBeLessThanOrEqual(view.width + 1e-6);
        expect(h).toBeLessThanOrEqual(view.height + 1e-6);
        expect(Math.abs(w - view.width) < 1e-6 || Math.abs(h - view.height) < 1e-6).toBe(true);
        expect(fit.x).toBe(Math.max(0, Math.floor((view.width - w) / 2)));
        expect(fit.y).toBe(0);
      }),
    );
  });

  it('keeps the screen’s own size when not scaling, never off the top-left', () => {
    fc.assert(
      fc.property(size, size, (view, screen) => {
        const fit = fitScreen(view, screen, false);
        expect(fit.scale).toBe(1);
        expect(fit.x).toBe(Math.max(0, Math.floor((view.width - screen.width) / 2)));
      }),
    );
    expect(fitScreen({ width: 800, height: 600 }, { width: 0, height: 0 }, true)).toEqual({
      scale: 1,
      x: 0,
      y: 0,
    });
  });
});
