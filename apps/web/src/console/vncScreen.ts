// A VNC screen: noVNC over a websocket this module opens itself, so it sees the close
// code the proxy uses to say why (4001 taken over, 4002 VM stopped).
import RFB from '@novnc/novnc';
import { closeReason } from './closeReason.js';
import { KEYSYM, keyPressesOf } from './keystrokes.js';
import type { ConsoleScreen, ScreenEvents, ScreenTarget } from './screen.js';

export function connectScreen(target: ScreenTarget, events: ScreenEvents): ConsoleScreen {
  let connected = false;
  let over = false;
  const end = (state: 'error' | 'disconnected', message: string) => {
    if (over) return;
    over = true;
    events.ended({ state, message });
  };

  const socket = new WebSocket(target.url, ['binary']);
  socket.addEventListener('close', (event) => {
    const taken = event.code === 4001 || event.code === 4002;
    end(taken || !connected ? 'error' : 'disconnected', closeReason(event.code, connected));
  });
  const rfb = new RFB(target.element, socket, { credentials: { password: target.password } });
  rfb.scaleViewport = target.scale;
  rfb.background = '#000';
  rfb.addEventListener('connect', () => {
    connected = true;
    if (!over) events.connected();
    rfb.focus();
  });
  rfb.addEventListener('securityfailure', () => {
    end('error', 'The VM refused the console password. Reconnect to get a new ticket.');
  });

  return {
    ctrlAltDel() {
      rfb.sendCtrlAltDel();
      rfb.focus();
    },
    sendCombo(keys) {
      for (const key of keys) rfb.sendKey(key, null, true);
      for (const key of [...keys].reverse()) rfb.sendKey(key, null, false);
      rfb.focus();
    },
    type(text) {
      for (const { keysym, shift } of keyPressesOf(text)) {
        if (shift) rfb.sendKey(KEYSYM.Shift_L, null, true);
        rfb.sendKey(keysym, null, true);
        rfb.sendKey(keysym, null, false);
        if (shift) rfb.sendKey(KEYSYM.Shift_L, null, false);
      }
      rfb.focus();
      return null;
    },
    setScale(on) {
      rfb.scaleViewport = on;
    },
    focus() {
      rfb.focus();
    },
    disconnect() {
      over = true;
      rfb.disconnect();
      socket.close();
    },
  };
}
