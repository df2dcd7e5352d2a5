import { useCallback, useEffect, useState } from 'react';
import {
  decodeViewState,
  encodeViewState,
  historyModeFor,
  sameViewState,
  type ViewState,
} from './viewState.js';

/** The view state, kept in the address bar through the History API: back and forward work. */
export function useViewState(): [ViewState, (next: ViewState) => void] {
  const [state, setState] = useState(() => decodeViewState(window.location.search));

  useEffect(() => {
    const onPop = () => setState(decodeViewState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((next: ViewState) => {
    const current = decodeViewState(window.location.search);
    if (sameViewState(current, next)) return;
    const url = `${window.location.pathname}${encodeViewState(next)}`;
    if (historyModeFor(current, next) === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    setState(next);
  }, []);

  return [state, navigate];
}
