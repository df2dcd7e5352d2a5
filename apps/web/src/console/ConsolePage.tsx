// A VM's screen in the browser: a ticket from console.open, a websocket to the BFF's
// console proxy, noVNC drawing it. The websocket is made here and handed to noVNC so the
// page sees the close code the proxy uses to say why (4001 taken over, 4002 VM stopped).
import { useCallback, useEffect, useRef, useState } from 'react';
import type RFB from '@novnc/novnc';
import { errorMessage } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import { closeReason } from './closeReason.js';
import { consoleSocketUrl, type ConsoleRoute } from './consoleRoute.js';
import { KEY_COMBOS, keystrokesOf } from './keystrokes.js';
import './console.css';

type ConsoleState = 'connecting' | 'connected' | 'disconnected' | 'error';

interface Status {
  readonly state: ConsoleState;
  readonly message: string;
}

export function ConsolePage(props: { route: ConsoleRoute }) {
  const { vmId, protocol } = props.route;
  const client = useTRPCClient();
  const screenRef = useRef<HTMLDivElement>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  const rfbRef = useRef<RFB | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'connecting', message: 'Connecting…' });
  const [attempt, setAttempt] = useState(0);
  const [scale, setScale] = useState(true);
  const [pasteText, setPasteText] = useState('');

  useEffect(() => {
    document.title = `Console – ${vmId}`;
  }, [vmId]);

  useEffect(() => {
    const screen = screenRef.current;
    if (!screen) return;
    let cancelled = false;
    let socket: WebSocket | null = null;
    setStatus({ state: 'connecting', message: 'Connecting…' });

    void (async () => {
      if (protocol !== 'vnc') {
        setStatus({
          state: 'error',
          message:
            'SPICE in the browser is not available yet: download console.vv to open it in remote-viewer.',
        });
        return;
      }
      let opened;
      try {
        opened = await client.console.open.mutate({ vmId, protocol });
      } catch (err) {
        if (!cancelled) setStatus({ state: 'error', message: errorMessage(err) });
        return;
      }
      // Loaded on demand: the portal itself never needs noVNC's bytes.
      const { default: Rfb } = await import('@novnc/novnc');
      if (cancelled) return;
      let connected = false;
      socket = new WebSocket(consoleSocketUrl(window.location, opened.path), ['binary']);
      socket.addEventListener('close', (event) => {
        if (cancelled) return;
        rfbRef.current = null;
        const taken = event.code === 4001 || event.code === 4002;
        setStatus({
          state: taken || !connected ? 'error' : 'disconnected',
          message: closeReason(event.code, connected),
        });
      });
      const rfb = new Rfb(screen, socket, { credentials: { password: opened.password } });
      rfb.scaleViewport = scale;
      rfb.background = '#000';
      rfb.addEventListener('connect', () => {
        connected = true;
        if (!cancelled) setStatus({ state: 'connected', message: 'Connected' });
        rfb.focus();
      });
      rfb.addEventListener('securityfailure', () => {
        if (!cancelled) {
          setStatus({ state: 'error', message: 'The VM refused the console password.' });
        }
      });
      rfbRef.current = rfb;
    })();

    return () => {
      cancelled = true;
      rfbRef.current?.disconnect();
      rfbRef.current = null;
      socket?.close();
    };
    // `scale` is applied live below; a new ticket only on mount or Reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, vmId, protocol, attempt]);

  useEffect(() => {
    if (rfbRef.current) rfbRef.current.scaleViewport = scale;
  }, [scale]);

  const sendCombo = useCallback((keys: readonly number[]) => {
    const rfb = rfbRef.current;
    if (!rfb) return;
    for (const key of keys) rfb.sendKey(key, null, true);
    for (const key of [...keys].reverse()) rfb.sendKey(key, null, false);
    rfb.focus();
  }, []);

  const paste = useCallback(async () => {
    const rfb = rfbRef.current;
    if (!rfb) return;
    let text = pasteText;
    if (!text && navigator.clipboard) {
      try {
        text = await navigator.clipboard.readText();
      } catch {
        setStatus((s) => ({ ...s, message: 'The browser did not allow reading the clipboard.' }));
        return;
      }
    }
    for (const key of keystrokesOf(text)) {
      rfb.sendKey(key, null, true);
      rfb.sendKey(key, null, false);
    }
    rfb.focus();
  }, [pasteText]);

  const downloadVv = useCallback(async () => {
    try {
      const vv = await client.console.vv.mutate({ vmId, protocol });
      const url = URL.createObjectURL(new Blob([vv.text], { type: 'application/x-virt-viewer' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = vv.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setStatus({ state: 'error', message: errorMessage(err) });
    }
  }, [client, vmId, protocol]);

  const live = status.state === 'connected';
  return (
    <div className="console-page" data-testid="console-page" ref={pageRef}>
      <div className="console-toolbar" role="toolbar" aria-label="Console">
        <button
          type="button"
          className="button button-small"
          data-testid="console-ctrl-alt-del"
          disabled={!live}
          onClick={() => rfbRef.current?.sendCtrlAltDel()}
        >
          Ctrl+Alt+Del
        </button>
        <select
          className="console-send-keys"
          aria-label="Send keys"
          data-testid="console-send-keys"
          disabled={!live}
          value=""
          onChange={(e) => {
            const combo = KEY_COMBOS.find((c) => c.label === e.target.value);
            if (combo) sendCombo(combo.keys);
          }}
        >
          <option value="">Send keys…</option>
          {KEY_COMBOS.map((c) => (
            <option key={c.label} value={c.label}>
              {c.label}
            </option>
          ))}
        </select>
        <input
          className="console-paste-text"
          data-testid="console-paste-text"
          placeholder="Text to type (empty: the clipboard)"
          value={pasteText}
          onChange={(e) => setPasteText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void paste();
          }}
        />
        <button
          type="button"
          className="button button-small"
          data-testid="console-paste"
          disabled={!live}
          title="Types the text (or the clipboard) as keystrokes"
          onClick={() => void paste()}
        >
          Paste as keystrokes
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="console-fullscreen"
          onClick={() => void pageRef.current?.requestFullscreen()}
        >
          Fullscreen
        </button>
        <label className="console-scale">
          <input
            type="checkbox"
            data-testid="console-scale"
            checked={scale}
            onChange={(e) => setScale(e.target.checked)}
          />
          Scale to window
        </label>
        <button
          type="button"
          className="button button-small"
          data-testid="console-reconnect"
          disabled={status.state === 'connecting'}
          onClick={() => setAttempt((n) => n + 1)}
        >
          Reconnect
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="console-download-vv"
          onClick={() => void downloadVv()}
        >
          Download console.vv
        </button>
        <span
          className={`console-status console-status-${status.state}`}
          data-testid="console-status"
          data-state={status.state}
          role="status"
        >
          {status.message}
        </span>
      </div>
      <div className="console-screen" data-testid="console-canvas-container" ref={screenRef} />
    </div>
  );
}
