import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DETAIL_TABS, SEARCH_OBJECT_KEYS } from '@corral/shared';
import {
  HOME_QUERY,
  decodeViewState,
  detailTabOf,
  encodeViewState,
  historyModeFor,
  type ViewState,
} from './viewState.js';

const nonBlank = fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== '');
const viewState = fc.record({
  query: nonBlank,
  selection: fc.option(nonBlank, { nil: null }),
  detailTab: fc.option(
    nonBlank.filter((t) => t !== 'general'),
    { nil: null },
  ),
});

describe('view state in the URL', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(viewState, (state) => {
        expect(decodeViewState(encodeViewState(state))).toEqual(state);
      }),
    );
  });

  it('writes the documented link shape', () => {
    const state: ViewState = { query: 'Vms: status = up', selection: 'vm-1', detailTab: 'nics' };
    expect(encodeViewState(state)).toBe('?q=Vms%3A%20status%20%3D%20up&sel=vm-1&tab=nics');
  });

  it('reads links written with + for spaces, as forms do', () => {
    expect(decodeViewState('?q=Hosts%3A+cluster+%3D+Default').query).toBe(
      'Hosts: cluster = Default',
    );
  });

  it('opens the home query without a q, and leaves General out of the link', () => {
    expect(decodeViewState('')).toEqual({ query: HOME_QUERY, selection: null, detailTab: null });
    expect(encodeViewState({ query: 'Hosts:', selection: 'h', detailTab: 'general' })).toBe(
      '?q=Hosts%3A&sel=h',
    );
  });
});

describe('detailTabOf', () => {
  it('keeps a tab the object has and falls back to General otherwise', () => {
    for (const object of SEARCH_OBJECT_KEYS) {
      for (const tab of DETAIL_TABS[object]) expect(detailTabOf(object, tab.key)).toBe(tab.key);
      expect(detailTabOf(object, 'no-such-tab')).toBe('general');
      expect(detailTabOf(object, null)).toBe('general');
    }
  });
});

describe('historyModeFor', () => {
  const base: ViewState = { query: 'Vms:', selection: 'a', detailTab: null };
  it('pushes for a new query or selection and replaces for a sub-tab switch', () => {
    expect(historyModeFor(base, { ...base, query: 'Hosts:' })).toBe('push');
    expect(historyModeFor(base, { ...base, selection: 'b' })).toBe('push');
    expect(historyModeFor(base, { ...base, detailTab: 'disks' })).toBe('replace');
  });
});
