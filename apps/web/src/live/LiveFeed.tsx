// The portal's one subscription to the BFF's change feed (`live.changes`, over SSE).
// Batches are merged and handed to the components that asked, at most a few times a
// second: a monitoring sweep over thousands of VMs becomes one delivery, not thousands.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTRPCClient } from '../api/trpc.js';
import { mergeChanges, type Change } from './changeModel.js';

export interface LiveDelivery {
  readonly changes: readonly Change[];
  /**
   * The feed was down and is back: changes may have been missed, so whoever listens
   * re-reads what it shows.
   */
  readonly resync: boolean;
}

type Listener = (delivery: LiveDelivery) => void;

export type LiveState = 'connecting' | 'live' | 'down';

interface LiveFeed {
  readonly state: LiveState;
  subscribe(listener: Listener): () => void;
}

const LiveFeedContext = createContext<LiveFeed | null>(null);

/**
 * How long changes are gathered before they are delivered. The BFF already coalesces
 * per ~100 ms; this only keeps a burst of batches from re-rendering the grid each time.
 * Every millisecond here is added to what a user waits to see a state change.
 */
const DELIVERY_MS = 100;

export function LiveFeedProvider({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const listeners = useRef(new Set<Listener>());
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    let pending: Change[] = [];
    let resync = false;
    let everLive = false;
    let timer: number | null = null;
    const deliver = () => {
      timer = null;
      const delivery = { changes: mergeChanges(pending), resync };
      pending = [];
      resync = false;
      for (const listener of listeners.current) listener(delivery);
    };
    const schedule = () => {
      timer ??= window.setTimeout(deliver, DELIVERY_MS);
    };
    const subscription = client.live.changes.subscribe(undefined, {
      onStarted: () => {
        setState('live');
        // A second start is a reconnection after the stream broke.
        if (everLive) {
          resync = true;
          schedule();
        }
        everLive = true;
      },
      onData: (batch) => {
        pending.push(...batch);
        schedule();
      },
      onConnectionStateChange: (s) => {
        if (s.state === 'pending') setState('live');
        // Connecting again after being live, or failing to: the feed is down until it is back.
        else if (s.state === 'connecting') {
          setState((prev) => (prev === 'connecting' && !s.error ? prev : 'down'));
        }
      },
      onError: () => setState('down'),
    });
    return () => {
      subscription.unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [client]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ state, subscribe }), [state, subscribe]);
  return <LiveFeedContext.Provider value={value}>{children}</LiveFeedContext.Provider>;
}

function useLiveFeed(): LiveFeed {
  const feed = useContext(LiveFeedContext);
  if (!feed) throw new Error('live updates need a LiveFeedProvider above');
  return feed;
}

export function useLiveState(): LiveState {
  return useLiveFeed().state;
}

/** Calls `listener` with every delivery while the component is mounted; the latest closure is used. */
export function useLiveChanges(listener: Listener): void {
  const { subscribe } = useLiveFeed();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((d) => latest.current(d)), [subscribe]);
}
