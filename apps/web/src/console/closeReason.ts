// What the user reads when the console websocket closes (docs/consoles.md: close codes),
// and, when it closed without saying why, what the VM's state says about it.
import { VM_STATUSES, vmActions } from '@corral/shared';
import type { ConsoleEnd } from './screen.js';

/** Why the console is not (or no longer) showing, from the websocket's close. */
export function closeReason(code: number, wasConnected: boolean): string {
  if (code === 4001) return 'Another user took over this console.';
  if (code === 4002) return 'The VM stopped or moved to another host.';
  if (!wasConnected) {
    return 'The console refused the connection: the ticket expired or was used already. Reconnect to get a new one.';
  }
  return 'The console connection closed.';
}

/**
 * Whether the page should ask the BFF about the VM after `end`: a session that was up
 * and closed with no reason from the proxy (not 4001/4002 — those end as errors). QEMU
 * closes its side first when the VM is powered off, so the proxy's 4002 never comes.
 */
export function asksAboutVm(end: ConsoleEnd): boolean {
  return end.state === 'disconnected';
}

/**
 * What the console says about the VM `row` (vm.get's answer): why it has no console now
 * (the shared rule's reason) when its status no longer allows one; null when it still
 * does or the row says nothing usable.
 */
export function vmStoppedMessage(row: unknown): string | null {
  if (typeof row !== 'object' || row === null) return null;
  const status = (row as { status?: unknown }).status;
  const known = VM_STATUSES.find((s) => s === status);
  if (!known) return null;
  const rule = vmActions({ status: known }).console;
  return rule.allowed ? null : `The VM is ${known}: ${rule.reason ?? ''}`.trimEnd();
}

/**
 * Waits before each look-up of the VM: its row follows QEMU a second or so later
 * (monitoring), so a VM still shown running is asked about again, for about 3 s.
 */
export const VM_LOOKUP_DELAYS_MS: readonly number[] = [0, 750, 1000, 1250];

/**
 * Asks `getVm` (after each of `delays`) until the VM's status no longer allows a console,
 * and returns what to say then; null when every answer still allowed one (or failed),
 * or `stop()` turned true (the page reconnected or closed).
 */
export async function lookUpStoppedVm(
  getVm: () => Promise<unknown>,
  options: {
    readonly delays?: readonly number[];
    readonly sleep?: (ms: number) => Promise<void>;
    readonly stop?: () => boolean;
  } = {},
): Promise<string | null> {
  const delays = options.delays ?? VM_LOOKUP_DELAYS_MS;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const stop = options.stop ?? (() => false);
  for (const delay of delays) {
    if (delay > 0) await sleep(delay);
    if (stop()) return null;
    let row: unknown;
    try {
      row = await getVm();
    } catch {
      continue; // The BFF did not answer this time; the next try may.
    }
    if (stop()) return null;
    const message = vmStoppedMessage(row);
    if (message) return message;
  }
  return null;
}
