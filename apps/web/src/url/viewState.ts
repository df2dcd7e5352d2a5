// The whole view lives in the URL so that a link reproduces it: the query (which also
// decides the main tab), the selected row and the details sub-tab.
import { DETAIL_TABS, type SearchObjectKey } from '@corral/shared';

export interface ViewState {
  readonly query: string;
  /** Id of the selected row, whose details are shown. */
  readonly selection: string | null;
  /** Details sub-tab; null means General. */
  readonly detailTab: string | null;
}

/** What the portal opens with, as oVirt's admin portal lands on its VM list. */
export const HOME_QUERY = 'Vms:';

export function decodeViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const query = params.get('q')?.trim();
  return {
    query: query ? query : HOME_QUERY,
    selection: params.get('sel') || null,
    detailTab: params.get('tab') || null,
  };
}

/** `?q=…&sel=…&tab=…`, percent-encoded (spaces as %20, so the link reads like the query). */
export function encodeViewState(state: ViewState): string {
  const parts = [`q=${encodeURIComponent(state.query)}`];
  if (state.selection) parts.push(`sel=${encodeURIComponent(state.selection)}`);
  if (state.detailTab && state.detailTab !== 'general') {
    parts.push(`tab=${encodeURIComponent(state.detailTab)}`);
  }
  return `?${parts.join('&')}`;
}

export function sameViewState(a: ViewState, b: ViewState): boolean {
  return a.query === b.query && a.selection === b.selection && a.detailTab === b.detailTab;
}

/** The sub-tab to show for an object: the requested one when the object has it, else General. */
export function detailTabOf(object: SearchObjectKey, tab: string | null): string {
  const tabs: readonly { key: string }[] = DETAIL_TABS[object];
  return tab && tabs.some((t) => t.key === tab) ? tab : 'general';
}

/**
 * A change of query or selection is a new place to go back from; switching the details
 * sub-tab is not, so it replaces the history entry instead of piling them up.
 */
export function historyModeFor(from: ViewState, to: ViewState): 'push' | 'replace' {
  return from.query === to.query && from.selection === to.selection ? 'replace' : 'push';
}
