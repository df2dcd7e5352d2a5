// What the SPICE console says when a connection ends or fails. spice-html5 reports
// trouble two ways: Errors through `onerror` (some of its own, some it makes up when a
// websocket closes) and the websockets' close events, which carry the proxy's close code.
import { closeReason } from './closeReason.js';
import type { ConsoleEnd } from './screen.js';

const PASSWORD_REFUSED = 'The VM refused the console password. Reconnect to get a new ticket.';

/**
 * Errors spice-html5 makes up from a websocket closing (spiceconn.js): the close event
 * itself says more (its code), so these wait for it.
 */
const FROM_CLOSE = new Set([
  'Connection refused.',
  'Unexpected protocol mismatch.',
  'Bad password.',
]);

/**
 * An error spice-html5 passed to `onerror`, as the page handles it: `wait` when the
 * websocket's close (which follows) tells more, else the end to show now.
 */
export function spiceErrorEnd(error: unknown): ConsoleEnd | 'wait' {
  // A websocket's `error` Event (no code, no reason): its close event follows.
  if (!(error instanceof Error)) return 'wait';
  const text = error.message;
  if (FROM_CLOSE.has(text) || text.startsWith('Unexpected close while')) return 'wait';
  if (text === 'Permission denied.') return { state: 'error', message: PASSWORD_REFUSED };
  if (text === 'Connection timed out.') {
    return {
      state: 'error',
      message: 'The console did not answer in time. Reconnect to try again.',
    };
  }
  return { state: 'error', message: `The SPICE connection failed: ${text}` };
}

/**
 * The main channel's websocket closed. `linked`: the SPICE session was up (the server's
 * MAIN_INIT arrived); `badPassword`: spice-html5 saw the close while the server was
 * checking the password.
 */
export function mainClosedEnd(code: number, linked: boolean, badPassword = false): ConsoleEnd {
  if (code === 4001 || code === 4002) return { state: 'error', message: closeReason(code, linked) };
  if (badPassword) return { state: 'error', message: PASSWORD_REFUSED };
  return { state: linked ? 'disconnected' : 'error', message: closeReason(code, linked) };
}

/** The channels of a SPICE session the page cannot do without, and what each gives. */
const CHANNEL_ROLE: Readonly<Record<string, string>> = {
  display: 'the screen cannot be shown',
  inputs: 'the keyboard and mouse do not reach the VM',
};

/**
 * A channel other than the main one closed while the session was up. `ready`: it had
 * linked (it carried its channel) before it closed. Null when the page can carry on (a
 * cursor or sound channel lost).
 */
export function channelClosedEnd(
  channel: string,
  code: number,
  ready: boolean,
): ConsoleEnd | { readonly warning: string } | null {
  if (code === 4001 || code === 4002) return { state: 'error', message: closeReason(code, true) };
  const role = CHANNEL_ROLE[channel];
  if (!role) return null;
  if (!ready) {
    const message = `The console proxy refused the ${channel} channel, so ${role}.`;
    return channel === 'display' ? { state: 'error', message } : { warning: message };
  }
  return channel === 'display'
    ? { state: 'disconnected', message: closeReason(code, true) }
    : { warning: `The ${channel} channel closed, so ${role}.` };
}
