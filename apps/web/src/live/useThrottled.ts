import { useCallback, useEffect, useRef } from 'react';

/**
 * `action` at most once per `ms`, trailing: calls during the wait fold into the one
 * run at its end. For reactions to the change feed, where a burst of changes deserves
 * one reload, not one per change.
 */
export function useThrottled(action: () => void, ms: number): () => void {
  const latest = useRef(action);
  const timer = useRef<number | null>(null);
  const lastRun = useRef(0);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== null) return;
    const wait = Math.max(0, lastRun.current + ms - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = null;
      lastRun.current = Date.now();
      latest.current();
    }, wait);
  }, [ms]);
}
