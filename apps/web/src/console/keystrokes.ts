// Pasting text into a guest that has no clipboard agent: every character becomes the
// X11 keysym a VNC/SPICE key event carries, typed as a press and a release.

/** Keysyms of the control characters pasted text may hold (X11 keysymdef.h). */
export const KEYSYM = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
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

/**
 * The keysyms to type for `text`, in order. A CR LF pair is one Return; characters
 * without a keysym are left out rather than typed as something else.
 */
export function keystrokesOf(text: string): number[] {
  const keys: number[] = [];
  const chars = [...text];
  chars.forEach((char, i) => {
    if (char === '\n' && chars[i - 1] === '\r') return;
    const key = keysymOf(char);
    if (key !== null) keys.push(key);
  });
  return keys;
}

/** Key combinations of the "Send keys" menu: held in order, released in reverse. */
export const KEY_COMBOS: readonly { readonly label: string; readonly keys: readonly number[] }[] = [
  { label: 'Ctrl+Alt+F1', keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.F1] },
  { label: 'Ctrl+Alt+F2', keys: [KEYSYM.Control_L, KEYSYM.Alt_L, KEYSYM.F2] },
  { label: 'Esc', keys: [KEYSYM.Escape] },
  { label: 'Tab', keys: [KEYSYM.Tab] },
];
