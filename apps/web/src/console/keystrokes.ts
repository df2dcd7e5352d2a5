// Pasting text into a guest that has no clipboard agent over VNC: every character
// becomes the X11 keysym a VNC key event carries, typed as a press and a release.
// (SPICE sends scancodes instead: spiceKeys.ts.)

/** Keysyms of the control characters pasted text may hold (X11 keysymdef.h). */
export const KEYSYM = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  F1: 0xffbe,
  F2: 0xffbf,
} as const;

/**
 * The keysym of one character: Latin-1 printable characters are their own keysym; any
 * other Unicode character is 0x01000000 + its code point (the X11 convention QEMU and
 * noVNC follow). Control characters other than tab and newline have none.
 */
export function keysymOf(char: string): number | null {
  const code = char.codePointAt(0);
  if (code === undefined) return null;
  if (char === '\n' || char === '\r') return KEYSYM.Return;
  if (char === '\t') return KEYSYM.Tab;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return null;
  if (code <= 0xff) return code;
  return 0x01000000 + code;
}

/** Characters a US keyboard types with Shift held. */
const US_SHIFTED = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:"<>?');

/**
 * The key presses to type `text` over VNC: each character's keysym, and whether Shift
 * is held around it. QEMU's VNC server turns a keysym into the key's scancode without
 * pressing Shift itself, so "A" or "!" come out as "a" or "1" unless Shift is held, as
 * a real keyboard does (US layout, the one QEMU maps keysyms with by default).
 */
export function keyPressesOf(text: string): { keysym: number; shift: boolean }[] {
  const presses: { keysym: number; shift: boolean }[] = [];
  const chars = [...text];
  chars.forEach((char, i) => {
    if (char === '\n' && chars[i - 1] === '\r') return;
    const keysym = keysymOf(char);
    if (keysym !== null) presses.push({ keysym, shift: US_SHIFTED.has(char) });
  });
  return presses;
}

/**
 * The keysyms to type for `text`, in order. A CR LF pair is one Return; characters
 * without a keysym are left out rather than typed as something else.
 */
export function keystrokesOf(text: string): number[] {
  return keyPressesOf(text).map((p) => p.keysym);
}

/** Key combinations of the "Send keys" menu: held in order, released in reverse. */
export const KEY_COMBOS: readonly { readonly label: string; readonly keys: readonly number[] }[] = [
  { label: 'Ctrl+Alt+F1', keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.F1] },
  { label: 'Ctrl+Alt+F2', keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.F2] },
  { label: 'Esc', keys: [KEYSYM.Escape] },
  { label: 'Tab', keys: [KEYSYM.Tab] },
];
