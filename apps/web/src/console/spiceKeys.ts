// SPICE types keys as PC AT scancodes (set 1), not keysyms: a key press is the physical
// key, and the guest's keyboard layout decides what character it makes. This module
// maps the browser's physical keys (KeyboardEvent.code), pasted characters (US layout)
// and the "Send keys" menu to scancodes, and writes the inputs channel's key messages.
//
// spice-html5 0.2.1 has a keyCode table of its own (utils.js), but its extended keys
// (arrows, Home, Delete…) come out as garbage bytes, an unmapped key calls alert(), and
// its sendCtrlAltDel reads a global `sc` and never releases the keys; so the console
// page sends keys with this module instead.
import { KEYSYM } from './keystrokes.js';

/** A set-1 scancode: one byte, or 0xE0xx for the keys behind the E0 prefix. */
export type Scancode = number;

/** Physical keys (KeyboardEvent.code, which names the US-layout key) → set-1 scancodes. */
export const SCANCODE_OF_CODE: Readonly<Record<string, Scancode>> = {
  Escape: 0x01,
  Digit1: 0x02,
  Digit2: 0x03,
  Digit3: 0x04,
  Digit4: 0x05,
  Digit5: 0x06,
  Digit6: 0x07,
  Digit7: 0x08,
  Digit8: 0x09,
  Digit9: 0x0a,
  Digit0: 0x0b,
  Minus: 0x0c,
  Equal: 0x0d,
  Backspace: 0x0e,
  Tab: 0x0f,
  KeyQ: 0x10,
  KeyW: 0x11,
  KeyE: 0x12,
  KeyR: 0x13,
  KeyT: 0x14,
  KeyY: 0x15,
  KeyU: 0x16,
  KeyI: 0x17,
  KeyO: 0x18,
  KeyP: 0x19,
  BracketLeft: 0x1a,
  BracketRight: 0x1b,
  Enter: 0x1c,
  ControlLeft: 0x1d,
  KeyA: 0x1e,
  KeyS: 0x1f,
  KeyD: 0x20,
  KeyF: 0x21,
  KeyG: 0x22,
  KeyH: 0x23,
  KeyJ: 0x24,
  KeyK: 0x25,
  KeyL: 0x26,
  Semicolon: 0x27,
  Quote: 0x28,
  Backquote: 0x29,
  ShiftLeft: 0x2a,
  Backslash: 0x2b,
  KeyZ: 0x2c,
  KeyX: 0x2d,
  KeyC: 0x2e,
  KeyV: 0x2f,
  KeyB: 0x30,
  KeyN: 0x31,
  KeyM: 0x32,
  Comma: 0x33,
  Period: 0x34,
  Slash: 0x35,
  ShiftRight: 0x36,
  NumpadMultiply: 0x37,
  AltLeft: 0x38,
  Space: 0x39,
  CapsLock: 0x3a,
  F1: 0x3b,
  F2: 0x3c,
  F3: 0x3d,
  F4: 0x3e,
  F5: 0x3f,
  F6: 0x40,
  F7: 0x41,
  F8: 0x42,
  F9: 0x43,
  F10: 0x44,
  NumLock: 0x45,
  ScrollLock: 0x46,
  Numpad7: 0x47,
  Numpad8: 0x48,
  Numpad9: 0x49,
  NumpadSubtract: 0x4a,
  Numpad4: 0x4b,
  Numpad5: 0x4c,
  Numpad6: 0x4d,
  NumpadAdd: 0x4e,
  Numpad1: 0x4f,
  Numpad2: 0x50,
  Numpad3: 0x51,
  Numpad0: 0x52,
  NumpadDecimal: 0x53,
  IntlBackslash: 0x56,
  F11: 0x57,
  F12: 0x58,
  NumpadEqual: 0x59,
  KanaMode: 0x70,
  IntlRo: 0x73,
  Convert: 0x79,
  NonConvert: 0x7b,
  IntlYen: 0x7d,
  NumpadComma: 0x7e,
  MediaTrackPrevious: 0xe010,
  MediaTrackNext: 0xe019,
  NumpadEnter: 0xe01c,
  ControlRight: 0xe01d,
  AudioVolumeMute: 0xe020,
  MediaPlayPause: 0xe022,
  MediaStop: 0xe024,
  AudioVolumeDown: 0xe02e,
  AudioVolumeUp: 0xe030,
  NumpadDivide: 0xe035,
  PrintScreen: 0xe037,
  AltRight: 0xe038,
  Home: 0xe047,
  ArrowUp: 0xe048,
  PageUp: 0xe049,
  ArrowLeft: 0xe04b,
  ArrowRight: 0xe04d,
  End: 0xe04f,
  ArrowDown: 0xe050,
  PageDown: 0xe051,
  Insert: 0xe052,
  Delete: 0xe053,
  MetaLeft: 0xe05b,
  MetaRight: 0xe05c,
  ContextMenu: 0xe05d,
  Power: 0xe05e,
  Sleep: 0xe05f,
  WakeUp: 0xe063,
};

/** The key code a SPICE key message carries: its scancode bytes, first byte lowest. */
export function keyCodeOf(scancode: Scancode, down: boolean): number {
  const byte = scancode & 0x7f;
  const release = down ? 0 : 0x80;
  // spice-server pushes the code's bytes to the keyboard lowest first, stopping at 0.
  return scancode >= 0xe000 ? 0xe0 | ((byte | release) << 8) : byte | release;
}

/** One key going down or up. */
export interface KeyStroke {
  readonly scancode: Scancode;
  readonly down: boolean;
}

const press = (scancode: Scancode): KeyStroke[] => [
  { scancode, down: true },
  { scancode, down: false },
];

const SHIFT = SCANCODE_OF_CODE.ShiftLeft!;

/** Characters on a US keyboard: the key, and whether Shift is held for it. */
const KEY_OF_CHAR: ReadonlyMap<string, { readonly scancode: Scancode; readonly shift: boolean }> =
  (() => {
    const map = new Map<string, { scancode: Scancode; shift: boolean }>();
    const add = (chars: string, shifted: string, code: string) => {
      const scancode = SCANCODE_OF_CODE[code]!;
      map.set(chars, { scancode, shift: false });
      map.set(shifted, { scancode, shift: true });
    };
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      add(letter, letter.toUpperCase(), `Key${letter.toUpperCase()}`);
    }
    const digitsShifted = ')!@#$%^&*(';
    for (let d = 0; d <= 9; d++) add(String(d), digitsShifted[d]!, `Digit${d}`);
    const punctuation: [string, string, string][] = [
      ['-', '_', 'Minus'],
      ['=', '+', 'Equal'],
      ['[', '{', 'BracketLeft'],
      [']', '}', 'BracketRight'],
      ['\\', '|', 'Backslash'],
      [';', ':', 'Semicolon'],
      ["'", '"', 'Quote'],
      ['`', '~', 'Backquote'],
      [',', '<', 'Comma'],
      ['.', '>', 'Period'],
      ['/', '?', 'Slash'],
    ];
    for (const [plain, shifted, code] of punctuation) add(plain, shifted, code);
    map.set(' ', { scancode: SCANCODE_OF_CODE.Space!, shift: false });
    map.set('\n', { scancode: SCANCODE_OF_CODE.Enter!, shift: false });
    map.set('\r', { scancode: SCANCODE_OF_CODE.Enter!, shift: false });
    map.set('\t', { scancode: SCANCODE_OF_CODE.Tab!, shift: false });
    return map;
  })();

/** The key strokes that type one character on a US keyboard, or null when none does. */
export function strokesOfChar(char: string): KeyStroke[] | null {
  const key = KEY_OF_CHAR.get(char);
  if (!key) return null;
  if (!key.shift) return press(key.scancode);
  return [
    { scancode: SHIFT, down: true },
    ...press(key.scancode),
    { scancode: SHIFT, down: false },
  ];
}

/**
 * The key strokes that type `text` (a CR LF pair is one Enter), and the characters no
 * key of a US keyboard makes, which are left out rather than typed as something else.
 */
export function strokesOfText(text: string): { strokes: KeyStroke[]; skipped: string[] } {
  const strokes: KeyStroke[] = [];
  const skipped: string[] = [];
  const chars = [...text];
  chars.forEach((char, i) => {
    if (char === '\n' && chars[i - 1] === '\r') return;
    const typed = strokesOfChar(char);
    if (typed) strokes.push(...typed);
    else skipped.push(char);
  });
  return { strokes, skipped };
}

const SCANCODE_OF_KEYSYM: ReadonlyMap<number, Scancode> = new Map([
  [KEYSYM.BackSpace, SCANCODE_OF_CODE.Backspace!],
  [KEYSYM.Tab, SCANCODE_OF_CODE.Tab!],
  [KEYSYM.Return, SCANCODE_OF_CODE.Enter!],
  [KEYSYM.Escape, SCANCODE_OF_CODE.Escape!],
  [KEYSYM.Delete, SCANCODE_OF_CODE.Delete!],
  [KEYSYM.Control_L, SCANCODE_OF_CODE.ControlLeft!],
  [KEYSYM.Alt_L, SCANCODE_OF_CODE.AltLeft!],
  [KEYSYM.F1, SCANCODE_OF_CODE.F1!],
  [KEYSYM.F2, SCANCODE_OF_CODE.F2!],
]);

/**
 * A "Send keys" combination (keysyms, as the VNC page sends them) as scancodes: held in
 * order, released in reverse. Null when a key has no scancode here.
 */
export function strokesOfCombo(keysyms: readonly number[]): KeyStroke[] | null {
  const scancodes: Scancode[] = [];
  for (const keysym of keysyms) {
    const scancode = SCANCODE_OF_KEYSYM.get(keysym);
    if (scancode === undefined) return null;
    scancodes.push(scancode);
  }
  return [
    ...scancodes.map((scancode) => ({ scancode, down: true })),
    ...[...scancodes].reverse().map((scancode) => ({ scancode, down: false })),
  ];
}

/** Ctrl+Alt+Del, every key released afterwards. */
export const CTRL_ALT_DEL: readonly KeyStroke[] = strokesOfCombo([
  KEYSYM.Control_L,
  KEYSYM.Alt_L,
  KEYSYM.Delete,
])!;

/** SPICE_MSGC_INPUTS_KEY_DOWN / _KEY_UP (spice-protocol enums.h). */
export const SPICE_MSGC_INPUTS_KEY_DOWN = 101;
export const SPICE_MSGC_INPUTS_KEY_UP = 102;

/**
 * A key message as the inputs channel sends it with the mini header spice-html5
 * negotiates: type (u16), size (u32), the key code (u32), all little-endian.
 */
export function keyMessage(stroke: KeyStroke): ArrayBuffer {
  const buffer = new ArrayBuffer(10);
  const view = new DataView(buffer);
  view.setUint16(0, stroke.down ? SPICE_MSGC_INPUTS_KEY_DOWN : SPICE_MSGC_INPUTS_KEY_UP, true);
  view.setUint32(2, 4, true);
  view.setUint32(6, keyCodeOf(stroke.scancode, stroke.down), true);
  return buffer;
}
