// A SPICE screen: spice-html5's SpiceMainConn opens the main channel's websocket, learns
// the server's channels from it and opens one more websocket per channel (display,
// inputs, cursor, …) to the same address; the proxy admits those on the same ticket
// while the session is open (docs/consoles.md).
//
// Around spice-html5 this module adds what the console page needs of it:
// - every channel it creates is recorded (accessors on the connection), so each one's
//   close is seen — with the proxy's close code — and each one is closed at the end
//   (spice-html5's stop() misses the cursor channel when a playback channel exists);
// - the keyboard: its keyCode table is wrong for extended keys and alert()s on unknown
//   ones, so key events are taken before it sees them and sent as scancodes of the
//   physical key (spiceKeys.ts);
// - scaling: spice-html5 draws one canvas at the guest's resolution; scaling is a CSS
//   transform, which keeps the mouse's offsetX/offsetY in guest pixels.
import { SpiceMainConn, type SpiceChannel } from '@spice-project/spice-html5';
import { channelClosedEnd, mainClosedEnd, spiceErrorEnd } from './spiceStatus.js';
import {
  CTRL_ALT_DEL,
  SCANCODE_OF_CODE,
  keyMessage,
  strokesOfChar,
  strokesOfCombo,
  strokesOfText,
  type KeyStroke,
  type Scancode,
} from './spiceKeys.js';
import {
  fitScreen,
  type ConsoleEnd,
  type ConsoleScreen,
  type ScreenEvents,
  type ScreenTarget,
} from './screen.js';

/**
 * Pause between typed key strokes: QEMU's SPICE keyboard has no delay of its own and its
 * PS/2 queue holds 16 bytes, so a burst of pasted text would lose keys.
 */
const STROKE_INTERVAL_MS = 8;

/**
 * How long after the main channel links the display and inputs channels must have been
 * offered (each channel offered has spice-html5's own 30 s link timeout).
 */
const CHANNELS_OFFERED_MS = 15_000;

/** The channel properties spice-html5 sets on its main connection. */
const CHANNEL_SLOTS = ['display', 'inputs', 'cursor'] as const;

let screens = 0;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function connectScreen(target: ScreenTarget, events: ScreenEvents): ConsoleScreen {
  const view = target.element;
  // spice-html5 finds its element by id and sets its height; it gets one of its own.
  const surface = document.createElement('div');
  surface.id = `spice-screen-${++screens}`;
  surface.className = 'console-spice-surface';
  view.appendChild(surface);

  let over = false;
  /** The main channel is up (the server's MAIN_INIT came). */
  let linked = false;
  /** `connected` was reported. */
  let reported = false;
  let inputsProblem: string | null = null;
  let settling: number | undefined;
  let noChannels: number | undefined;
  let badPassword = false;
  let scale = target.scale;
  const channels = new Set<SpiceChannel>();
  const cleanups: (() => void)[] = [];
  let conn: SpiceMainConn | undefined;
  /** Keys go to the VM when the screen was clicked last (or the session just came up). */
  let grabbed = false;
  /** Keys down now (KeyboardEvent.code), released when the screen loses the keyboard. */
  const held = new Map<string, Scancode>();
  /** Typed strokes (paste, Send keys, Ctrl+Alt+Del), sent in order, paced. */
  let queue = Promise.resolve();

  const end = (result: ConsoleEnd) => {
    if (over) return;
    teardown();
    events.ended(result);
  };

  function teardown() {
    over = true;
    window.clearInterval(settling);
    window.clearTimeout(noChannels);
    for (const cleanup of cleanups.splice(0)) cleanup();
    const all = [...channels, ...(conn?.ports ?? []), ...Object.values(conn?.extra_channels ?? {})];
    for (const channel of all) {
      try {
        channel.cleanup();
      } catch (err) {
        console.warn('spice: channel cleanup:', err);
      }
    }
    if (conn) {
      // stop() also removes the canvas, by element id; the channels are closed already.
      try {
        conn.stop();
      } catch (err) {
        console.warn('spice: stop:', err);
      }
      conn.cleanup();
    }
    surface.remove();
  }

  // ---- channels -------------------------------------------------------------------

  function watch(name: string, channel: SpiceChannel) {
    channels.add(channel);
    channel.onerror = (error) => {
      if (over) return;
      const result = spiceErrorEnd(error);
      if (result === 'wait') return;
      if (name === 'display') end(result);
      else if (name === 'inputs') inputsLost(result.message);
    };
    channel.ws?.addEventListener('close', (event) => {
      if (over) return;
      const result = channelClosedEnd(name, event.code, channel.state === 'ready');
      if (!result) return;
      if ('warning' in result) inputsLost(result.warning);
      else end(result);
    });
  }

  /** The keyboard and mouse are gone; the screen stays. */
  function inputsLost(message: string) {
    if (inputsProblem) return;
    inputsProblem = message;
    if (reported) events.warn(message);
    else settle();
  }

  /**
   * "Connected" once the screen and the keyboard are there, not only the main channel:
   * keys typed before the inputs channel is up would be lost. spice-html5 says nothing
   * when a channel links, so its state is looked at until then.
   */
  function settle() {
    if (over || reported || !linked) return;
    const display = main.display;
    const inputs = main.inputs;
    if (display?.state !== 'ready') return;
    if (inputs?.state !== 'ready' && !inputsProblem) return;
    reported = true;
    window.clearInterval(settling);
    grabbed = true;
    events.connected();
    if (inputsProblem) events.warn(inputsProblem);
  }

  try {
    conn = new SpiceMainConn({
      uri: target.url,
      password: target.password,
      screen_id: surface.id,
      onsuccess: () => {
        if (over) return;
        linked = true;
        settling = window.setInterval(settle, 50);
        noChannels = window.setTimeout(() => {
          if (!main.display) {
            end({ state: 'error', message: "The VM's SPICE server offers no display channel." });
          } else if (!main.inputs) {
            inputsLost(
              "The VM's SPICE server offers no inputs channel, so the keyboard and mouse do not reach the VM.",
            );
          }
        }, CHANNELS_OFFERED_MS);
      },
      onerror: (error) => {
        if (over) return;
        if (error instanceof Error && error.message === 'Bad password.') badPassword = true;
        const result = spiceErrorEnd(error);
        if (result !== 'wait') end(result);
      },
    });
  } catch (err) {
    end({ state: 'error', message: `The SPICE client could not start: ${String(err)}` });
    return inert();
  }
  const main = conn;
  main.ws?.addEventListener('close', (event) => {
    if (!over) end(mainClosedEnd(event.code, linked, badPassword));
  });
  for (const slot of CHANNEL_SLOTS) {
    let value: SpiceChannel | undefined;
    Object.defineProperty(main, slot, {
      configurable: true,
      enumerable: true,
      get: () => value,
      set: (channel: SpiceChannel | undefined) => {
        value = channel;
        if (channel && !over) watch(channel.channel_type(), channel);
      },
    });
  }

  // ---- keyboard -------------------------------------------------------------------

  const sendNow = (stroke: KeyStroke) => {
    const inputs = main.inputs;
    if (over || !inputs || inputs.state !== 'ready') return;
    const bytes = keyMessage(stroke);
    inputs.send_msg({
      buffer_size: () => bytes.byteLength,
      to_buffer: (buffer: ArrayBuffer) => new Uint8Array(buffer).set(new Uint8Array(bytes)),
    });
  };

  /** Typed strokes go one by one, after whatever is being typed already. */
  const typeStrokes = (strokes: readonly KeyStroke[]) => {
    queue = queue.then(async () => {
      for (const stroke of strokes) {
        if (over) return;
        sendNow(stroke);
        await sleep(STROKE_INTERVAL_MS);
      }
    });
  };

  const releaseHeld = () => {
    for (const scancode of held.values()) sendNow({ scancode, down: false });
    held.clear();
  };

  const onKey = (event: KeyboardEvent) => {
    if (over) return;
    const inScreen = event.target instanceof Node && view.contains(event.target);
    if (!inScreen && (!grabbed || isEditable(event.target))) return;
    // Ours alone: spice-html5's own handlers on its canvas must not see it.
    event.preventDefault();
    event.stopPropagation();
    const down = event.type === 'keydown';
    const scancode = SCANCODE_OF_CODE[event.code];
    if (scancode !== undefined) {
      if (down) held.set(event.code, scancode);
      else if (!held.delete(event.code)) return;
      sendNow({ scancode, down });
      return;
    }
    // A key without a known physical position (some virtual keyboards): type what it makes.
    if (down && [...event.key].length === 1) typeStrokes(strokesOfChar(event.key) ?? []);
  };
  const onPointerDown = (event: PointerEvent) => {
    const inScreen = event.target instanceof Node && view.contains(event.target);
    if (grabbed && !inScreen) releaseHeld();
    grabbed = inScreen;
  };
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('keyup', onKey, true);
  document.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('blur', releaseHeld);
  cleanups.push(() => {
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('keyup', onKey, true);
    document.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('blur', releaseHeld);
  });

  // ---- scaling --------------------------------------------------------------------

  const layout = () => {
    const canvas = surface.querySelector('canvas');
    view.classList.toggle('console-screen-scroll', !scale);
    if (!canvas) return;
    const screen = { width: canvas.width, height: canvas.height };
    const fit = fitScreen({ width: view.clientWidth, height: view.clientHeight }, screen, scale);
    surface.style.width = `${screen.width}px`;
    surface.style.height = `${screen.height}px`;
    surface.style.transform = `translate(${fit.x}px, ${fit.y}px) scale(${fit.scale})`;
  };
  // A new canvas comes with every new primary surface (the guest changed resolution).
  const mutations = new MutationObserver(layout);
  mutations.observe(surface, { childList: true });
  const resizes = new ResizeObserver(layout);
  resizes.observe(view);
  cleanups.push(() => {
    mutations.disconnect();
    resizes.disconnect();
    view.classList.remove('console-screen-scroll');
  });
  layout();

  return {
    ctrlAltDel() {
      typeStrokes(CTRL_ALT_DEL);
      grabbed = true;
    },
    sendCombo(keysyms) {
      const strokes = strokesOfCombo(keysyms);
      if (strokes) typeStrokes(strokes);
      grabbed = true;
    },
    type(text) {
      const { strokes, skipped } = strokesOfText(text);
      typeStrokes(strokes);
      grabbed = true;
      if (skipped.length === 0) return null;
      const shown = [...new Set(skipped)].join(' ');
      return `Left out ${skipped.length} character(s) a US keyboard has no key for: ${shown}`;
    },
    setScale(on) {
      scale = on;
      layout();
    },
    focus() {
      grabbed = true;
    },
    disconnect() {
      if (!over) teardown();
    },
  };
}

function inert(): ConsoleScreen {
  return {
    ctrlAltDel: () => undefined,
    sendCombo: () => undefined,
    type: () => null,
    setScale: () => undefined,
    focus: () => undefined,
    disconnect: () => undefined,
  };
}
