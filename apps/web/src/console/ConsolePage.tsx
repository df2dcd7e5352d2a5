// A VM's screen in the browser: a ticket from console.open, a websocket to the BFF's
// console proxy, and the protocol's client drawing it — noVNC for VNC (vncScreen.ts),
// spice-html5 for SPICE (spiceScreen.ts), each loaded only when a console needs it. Both
// sit behind the same toolbar and status line (screen.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import { asksAboutVm, lookUpStoppedVm } from './closeReason.js';
import { consoleSocketUrl, type ConsoleRoute } from './consoleRoute.js';
import { KEY_COMBOS } from './keystrokes.js';
import type { ConsoleScreen } from './screen.js';
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
  const consoleRef = useRef<ConsoleScreen | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'connecting', message: 'Connecting…' });
  const [attempt, setAttempt] = useState(0);
  const [scale, setScale] = useState(true);
  const [pasteText, setPasteText] = useState('');

  useEffect(() => {
    document.title = `Console – ${vmId}`;
  }, [vmId]);

  useEffect(() => {
    const element = screenRef.current;
    if (!element) return;
    let cancelled = false;
    let screen: ConsoleScreen | null = null;
    let ended = false;
    setStatus({ state: 'connecting', message: 'Connecting…' });

    void (async () => {
      let opened;
      try {
        opened = await client.console.open.mutate({ vmId, protocol });
      } catch (err) {
        if (!cancelled) setStatus({ state: 'error', message: errorMessage(err) });
        return;
      }
      let driver;
      try {
        driver =
          protocol === 'spice' ? await import('./spiceScreen.js') : await import('./vncScreen.js');
      } catch (err) {
        if (!cancelled) {
          setStatus({
            state: 'error',
            message: `The console client did not load: ${errorMessage(err)}`,
          });
        }
        return;
      }
      if (cancelled) return;
      screen = driver.connectScreen(
        {
          element,
          url: consoleSocketUrl(window.location, opened.path),
          password: opened.password,
          scale,
        },
        {
          connected: () => {
            if (!cancelled) setStatus({ state: 'connected', message: 'Connected' });
          },
          ended: (end) => {
            ended = true;
            if (cancelled) return;
            consoleRef.current = null;
            setStatus(end);
            // Closed with no reason given: QEMU goes first when the VM is powered off, so
            // the VM's own status (a moment later) may say why.
            if (asksAboutVm(end)) {
              void lookUpStoppedVm(() => client.vm.get.query({ id: vmId }), {
                stop: () => cancelled,
              }).then((message) => {
                if (message && !cancelled) setStatus({ state: 'disconnected', message });
              });
            }
          },
          warn: (message) => {
            if (!cancelled) setStatus((s) => ({ ...s, message }));
          },
        },
      );
      // A client that failed at once has reported its end already: nothing to drive.
      if (!cancelled && !ended) consoleRef.current = screen;
    })();

    return () => {
      cancelled = true;
      screen?.disconnect();
      consoleRef.current = null;
    };
    // `scale` is applied live below; a new ticket only on mount or Reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, vmId, protocol, attempt]);

  useEffect(() => {
    consoleRef.current?.setScale(scale);
  }, [scale]);

  const paste = useCallback(async () => {
    const screen = consoleRef.current;
    if (!screen) return;
    let text = pasteText;
    if (!text && navigator.clipboard) {
      try {
        text = await navigator.clipboard.readText();
      } catch {
        setStatus((s) => ({ ...s, message: 'The browser did not allow reading the clipboard.' }));
        return;
      }
    }
    const note = screen.type(text);
    if (note) setStatus((s) => ({ ...s, message: note }));
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
    <div className="console-page" data-testid="console-page" data-protocol={protocol} ref={pageRef}>
      <div className="console-toolbar" role="toolbar" aria-label="Console">
        <button
          type="button"
          className="button button-small"
          data-testid="console-ctrl-alt-del"
          disabled={!live}
          onClick={() => consoleRef.current?.ctrlAltDel()}
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
            if (combo) consoleRef.current?.sendCombo(combo.keys);
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
