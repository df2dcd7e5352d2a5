// The console specs' shared pieces: the tiny test guest (docs/test-guest.md: Debian's
// kernel and a busybox initrd; it prints a banner, then echoes every line typed on its
// keyboard to its serial port as `typed: <line>`, which libvirt logs on this host), and
// how a spec looks at and types into a console tab.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, type DbProbe } from './fixtures.js';

export const GUEST_DIR = '/var/lib/libvirt/images/corral-test-guest';
export const GUEST_BANNER = 'CORRAL TEST GUEST READY';

/** What the guest wrote to its serial port since it started (libvirt's log of it). */
export function serialLog(vmId: string): string {
  const file = `/var/log/libvirt/qemu/${vmId}-serial.log`;
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** This machine's libvirt host is Up in the engine. */
export async function localHostUp(db: DbProbe): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await db.rows<{ status: string }>(`SELECT status FROM host WHERE uri = 'qemu:///system'`)
        )[0]?.status,
      { timeout: 60_000 },
    )
    .toBe('Up');
}

/** For `tab.evaluate`: whether the console canvas shows more than one colour (SeaBIOS's text on black counts). */
export const CANVAS_HAS_PICTURE = () => {
  const canvas = document.querySelector('[data-testid="console-canvas-container"] canvas');
  if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0) return false;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 4; i < data.length; i += 4) {
    if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
  }
  return false;
};

/** Types a line into the console as a person would: focus the screen, press the keys. */
export async function typeLine(tab: Page, line: string): Promise<void> {
  await tab.getByTestId('console-canvas-container').click();
  for (const ch of line) await tab.keyboard.press(ch);
  await tab.keyboard.press('Enter');
}

/** A word of lowercase letters, no letter twice in a row (nothing to lose to key repeat). */
export function word(): string {
  let out = 'w';
  while (out.length < 10) {
    const c = String.fromCharCode(97 + (randomBytes(1)[0]! % 26));
    if (c !== out.at(-1)) out += c;
  }
  return out;
}
