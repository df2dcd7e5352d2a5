// What the console page asks of a connected screen, whichever protocol draws it: the
// toolbar's actions, and the events that drive its status line.

/** How a console connection ended: a failure, or a session that was up and closed. */
export interface ConsoleEnd {
  readonly state: 'error' | 'disconnected';
  readonly message: string;
}

export interface ConsoleScreen {
  ctrlAltDel(): void;
  /** A "Send keys" combination, as keysyms: held in order, released in reverse. */
  sendCombo(keysyms: readonly number[]): void;
  /** Types `text` as keystrokes; a note for the status line (what was left out) or null. */
  type(text: string): string | null;
  setScale(on: boolean): void;
  /** Keyboard input goes to the VM again (after a toolbar button took the focus). */
  focus(): void;
  /** Closes every connection; no event follows. */
  disconnect(): void;
}

export interface ScreenEvents {
  connected(): void;
  /** The connection ended or failed; the first end is the only one. */
  ended(end: ConsoleEnd): void;
  /** Something the user should know while the console stays up. */
  warn(message: string): void;
}

export interface ScreenTarget {
  /** The element the screen draws in. */
  readonly element: HTMLElement;
  /** The console websocket's address. */
  readonly url: string;
  readonly password: string;
  readonly scale: boolean;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Where a screen of `screen` pixels goes in a view of `view` pixels: scaled to fit
 * (keeping its aspect) when `scale`, else at its own size; centred horizontally, at the
 * top, never pushed off the top-left corner.
 */
export function fitScreen(
  view: Size,
  screen: Size,
  scale: boolean,
): { scale: number; x: number; y: number } {
  if (screen.width <= 0 || screen.height <= 0) return { scale: 1, x: 0, y: 0 };
  const factor =
    scale && view.width > 0 && view.height > 0
      ? Math.min(view.width / screen.width, view.height / screen.height)
      : 1;
  const x = Math.max(0, Math.floor((view.width - screen.width * factor) / 2));
  return { scale: factor, x, y: 0 };
}
